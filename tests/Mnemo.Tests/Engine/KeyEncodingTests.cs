using System.Buffers.Binary;
using System.Numerics;
using System.Reflection;
using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The fast paths a key takes on its way to the table: ASCII narrowing of string keys, the hash's
/// one-load tail, and the one-byte key length of string records. Each is checked against the
/// general path it shortcuts.
/// </summary>
public sealed class KeyEncodingTests
{
    [Fact]
    public void Ascii_keys_of_every_length_narrow_to_their_utf8_bytes()
    {
        var random = new Random(3);
        for (int length = 0; length <= 40; length++)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)random.Next(0, 0x80);
            }
            var key = new string(chars);

            // The key inside a larger array with non-ASCII characters after it, and an output
            // buffer of guard bytes: nothing is read past the key or written past its length.
            var input = chars.Concat(Enumerable.Repeat('\u00e9', 8)).ToArray();
            var bytes = Enumerable.Repeat((byte)0xEE, length + 16).ToArray();
            Assert.True(AsciiKey.TryNarrow(input.AsSpan(0, length), bytes), $"length {length}");
            Assert.Equal(Encoding.UTF8.GetBytes(key), bytes[..length]);
            Assert.All(bytes[length..], b => Assert.Equal(0xEE, b));
        }
    }

    [Theory]
    [InlineData('\u0080')]
    [InlineData('\u00e9')]
    [InlineData('\u0100')] // low byte zero: only a check of the high byte catches it
    [InlineData('\uff41')]
    public void A_non_ascii_character_anywhere_is_refused(char wide)
    {
        for (int length = 1; length <= 24; length++)
        {
            for (int at = 0; at < length; at++)
            {
                var chars = Enumerable.Repeat('a', length).ToArray();
                chars[at] = wide;
                Assert.False(AsciiKey.TryNarrow(new string(chars), new byte[64]), $"length {length}, at {at}");
            }
        }
    }

    [Fact]
    public void A_key_longer_than_the_buffer_is_refused()
    {
        Assert.False(AsciiKey.TryNarrow("abcdefghij", new byte[9]));
        Assert.True(AsciiKey.TryNarrow("abcdefghij", new byte[10]));
    }

    [Fact]
    public void Narrowing_and_hashing_in_one_pass_gives_the_bytes_and_the_hash_of_the_bytes()
    {
        var random = new Random(5);
        for (int length = 0; length <= 40; length++)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)random.Next(0, 0x80);
            }
            var input = chars.Concat(Enumerable.Repeat('\u00e9', 8)).ToArray();
            var bytes = Enumerable.Repeat((byte)0xEE, length + 16).ToArray();
            Assert.True(KeyHash.TryComputeAscii(input.AsSpan(0, length), bytes, out int hash), $"length {length}");
            var expected = Encoding.UTF8.GetBytes(new string(chars));
            Assert.Equal(expected, bytes[..length]);
            Assert.All(bytes[length..], b => Assert.Equal(0xEE, b));
            Assert.Equal(KeyHash.Compute(expected), hash);
        }
    }

    [Theory]
    [InlineData('\u0080')]
    [InlineData('\u0100')]
    [InlineData('\uff41')]
    public void Narrowing_and_hashing_refuses_a_non_ascii_character_anywhere(char wide)
    {
        for (int length = 1; length <= 24; length++)
        {
            for (int at = 0; at < length; at++)
            {
                var chars = Enumerable.Repeat('k', length).ToArray();
                chars[at] = wide;
                Assert.False(KeyHash.TryComputeAscii(new string(chars), new byte[64], out _), $"length {length}, at {at}");
            }
        }
        Assert.False(KeyHash.TryComputeAscii("abcdefghij", new byte[9], out _));
    }

    [Fact]
    public void The_hash_is_the_word_at_a_time_hash_with_a_byte_by_byte_tail()
    {
        // The reference reads the tail one byte at a time, as the hash did before its tail became
        // one overlapping load; both must give the same value for every length.
        ulong seed = (ulong)typeof(KeyHash).GetField("Seed", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var random = new Random(9);
        for (int length = 0; length <= 40; length++)
        {
            var key = new byte[length];
            random.NextBytes(key);
            Assert.Equal(ReferenceHash(seed, key), KeyHash.Compute(key));
        }
    }

    private static int ReferenceHash(ulong seed, ReadOnlySpan<byte> key)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15UL;
        static ulong Mix(ulong h) => BitOperations.RotateLeft(h * multiplier, 31) * 0xBF58476D1CE4E5B9UL;
        ulong h = seed ^ ((ulong)key.Length * multiplier);
        for (; key.Length >= 8; key = key[8..])
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(key));
        }
        if (key.Length > 0)
        {
            ulong tail = 0;
            for (int i = 0; i < key.Length; i++)
            {
                tail |= (ulong)key[i] << (8 * i);
            }
            h = Mix(h ^ tail ^ 0xFF);
        }
        h ^= h >> 29;
        h *= multiplier;
        h ^= h >> 32;
        return (int)h;
    }

    [Fact]
    public void The_hash_depends_on_the_key_bytes_only_and_on_every_one_of_them()
    {
        var random = new Random(5);
        for (int length = 0; length <= 40; length++)
        {
            var key = new byte[length];
            random.NextBytes(key);
            int expected = KeyHash.Compute(key);

            // The same bytes inside a larger buffer, with different bytes around them: the hash
            // must not read outside the key.
            for (int offset = 0; offset < 9; offset++)
            {
                var buffer = new byte[offset + length + 9];
                random.NextBytes(buffer);
                key.CopyTo(buffer, offset);
                Assert.Equal(expected, KeyHash.Compute(buffer.AsSpan(offset, length)));
            }

            // Changing any one byte (the tail's included) changes the hash.
            for (int i = 0; i < length; i++)
            {
                var changed = (byte[])key.Clone();
                changed[i] ^= 0x5A;
                Assert.NotEqual(expected, KeyHash.Compute(changed));
            }
        }
    }

    [Theory]
    [InlineData("ключ")]
    [InlineData("key:é")]
    [InlineData("日本:1")]
    public void A_non_ascii_string_key_is_its_utf8_bytes(string key)
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet(key, "v");
        Assert.Equal("v", (string?)db.StringGet(Encoding.UTF8.GetBytes(key)));
        Assert.Equal("v", (string?)db.StringGet(key));
        Assert.Equal([key], db.Keys("*").Select(k => k.ToString()));
    }

    [Fact]
    public void A_default_key_is_refused_as_before()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        Assert.Throws<ArgumentException>(() => db.StringGet(default(MnemoKey)));
        Assert.Throws<ArgumentException>(() => db.StringSet(default(MnemoKey), "v"));
    }

    [Theory]
    [InlineData(127, 'a')] // the longest key with a one-byte length in its record
    [InlineData(128, 'a')] // the shortest with a two-byte length
    [InlineData(256, 'a')] // fills the API's 256-byte stack buffer
    [InlineData(257, 'a')] // one more: the UTF-8 path
    [InlineData(300, 'a')] // longer than the API's stack buffer: a pooled array
    [InlineData(300, 'é')]
    public void Long_keys_round_trip(int length, char fill)
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        string key = new(fill, length);
        db.StringSet(key, "value");
        db.StringSet(key + "x", 42);
        Assert.Equal("value", (string?)db.StringGet(key));
        Assert.Equal(42L, (long)db.StringGet(key + "x"));
        Assert.Equal("value", (string?)db.StringGet(Encoding.UTF8.GetBytes(key)));
        Assert.True(db.KeyExists(key));
        Assert.Equal(2, db.Keys("*").Count());
        Assert.True(db.KeyDelete(key));
        Assert.True(db.StringGet(key).IsNull);
    }
}
