using System.Runtime.CompilerServices;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Internal.Text;

namespace Mnemo.Tests.Engine;

/// <summary>
/// <see cref="MnemoValue"/> keeps values of up to <see cref="MnemoValue.InlineCapacity"/> bytes
/// inside the struct: every member must read them exactly as it reads an array-backed value.
/// </summary>
public sealed class MnemoValueTests
{
    private static readonly Gen<byte[]> Bytes =
        from length in Gen.Choose(0, MnemoValue.InlineCapacity + 6)
        from items in Gen.ArrayOf(Gen.Elements<byte>(0, 1, 0x2D, 0x30, 0x31, 0x39, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xFF), length)
        select items;

    [Fact]
    public void Values_built_from_bytes_read_back_like_the_array_they_came_from()
    {
        Prop.ForAll(Arb.From(Bytes), Arb.From(Bytes), (bytes, other) =>
        {
            var copied = MnemoValue.FromBytes(bytes);
            MnemoValue wrapped = bytes; // array-backed: the form the store used before inline values
            Span<byte> scratch = stackalloc byte[4];
            using var encoded = copied.Encode(scratch); // smaller than the inline capacity: must rent
            bool numberAgrees = copied.TryParse(out long n) == NumberText.TryParseInt64(bytes, out long expected) && n == expected;
            return copied.Length == bytes.Length
                && copied.ToArray().AsSpan().SequenceEqual(bytes)
                && ((byte[]?)copied)!.AsSpan().SequenceEqual(bytes)
                && encoded.Span.SequenceEqual(bytes)
                && copied.ToString() == Encoding.UTF8.GetString(bytes)
                && copied.Equals(wrapped) && wrapped.Equals(copied)
                && copied.GetHashCode() == wrapped.GetHashCode()
                && copied.Equals(MnemoValue.FromBytes(other)) == bytes.AsSpan().SequenceEqual(other)
                && numberAgrees
                && copied.HasValue;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Inline_values_do_not_make_the_struct_larger()
    {
        Assert.Equal(24, Unsafe.SizeOf<MnemoValue>());
    }

    [Fact]
    public void Reading_a_short_string_allocates_nothing_and_a_long_one_still_reads_whole()
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ActiveExpiryInterval = TimeSpan.Zero });
        var db = store.GetDatabase();
        var key = Encoding.UTF8.GetBytes("short");
        db.StringSet(key, "0123456789abcd"); // exactly InlineCapacity bytes
        db.StringSet("long", "0123456789abcde");
        for (int warm = 0; warm < 100; warm++)
        {
            db.StringGet(key);
        }
        // Three batches: a batch has once allocated 32 bytes in the full suite (a one-time
        // allocation on the calling thread, not one per GET: a GET that allocated would cost a
        // batch at least 240,000 bytes). The steady state must allocate nothing.
        var batches = new long[3];
        int total = 0;
        for (int batch = 0; batch < batches.Length; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                total += db.StringGet(key).Length;
            }
            batches[batch] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, batches.Min());
        Assert.All(batches, allocated => Assert.True(allocated < 1_000, $"a batch of 10,000 GETs allocated {allocated} bytes"));
        Assert.Equal(420_000, total);
        Assert.Equal("0123456789abcd", (string?)db.StringGet(key));
        Assert.Equal("0123456789abcde", (string?)db.StringGet("long"));
    }

    [Fact]
    public void Changing_the_array_of_a_read_value_leaves_the_stored_value_alone()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet("k", "abc");
        var bytes = (byte[]?)db.StringGet("k");
        bytes![0] = (byte)'z';
        Assert.Equal("abc", (string?)db.StringGet("k"));
    }

    [Fact]
    public void Inline_and_number_values_compare_by_their_bytes()
    {
        Assert.Equal(MnemoValue.FromBytes("42"u8), (MnemoValue)42L);
        Assert.Equal(MnemoValue.FromBytes("1.5"u8), (MnemoValue)1.5);
        Assert.Equal(MnemoValue.FromBytes("héllo"u8), (MnemoValue)"héllo");
        Assert.NotEqual(MnemoValue.FromBytes("ab"u8), MnemoValue.FromBytes("ab\0"u8));
        Assert.NotEqual(MnemoValue.FromBytes([]), MnemoValue.Null);
        Assert.Equal(0, MnemoValue.FromBytes([]).Length);
    }

    [Fact]
    public void Length_is_the_byte_count_of_every_form()
    {
        Assert.Equal(0, MnemoValue.Null.Length);
        Assert.Equal(3, ((MnemoValue)123L).Length);
        Assert.Equal(20, ((MnemoValue)long.MinValue).Length);
        Assert.Equal(3, ((MnemoValue)1.5).Length);
        Assert.Equal(6, ((MnemoValue)"héllo").Length);
        Assert.Equal(14, MnemoValue.FromBytes(new byte[14]).Length);
        Assert.Equal(15, MnemoValue.FromBytes(new byte[15]).Length);
        Assert.Equal(1000, ((MnemoValue)new byte[1000]).Length);
    }
}
