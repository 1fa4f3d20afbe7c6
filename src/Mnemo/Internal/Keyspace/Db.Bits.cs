using System.Numerics;
using Mnemo.Changes;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Bit commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP. Bit 0 is the most
/// significant bit of the first byte, as in Redis.
/// </summary>
internal sealed partial class Db
{
    /// <summary>SETBIT: sets or clears one bit (growing the string with zero bytes); returns the bit's previous value.</summary>
    /// <exception cref="MnemoException">The offset is negative or past 2^32-1, or the value is not 0 or 1.</exception>
    public int SetBit(ReadOnlySpan<byte> key, long offset, long value)
    {
        CheckBitOffset(offset);
        if (value is not (0 or 1))
        {
            Throw(RedisErrors.BitValue);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i >= 0 && !shard.Table.At(i).IsString)
            {
                ThrowWrongType();
            }
            int byteIndex = (int)(offset >> 3);
            BeforeWrite(shard, key, i);
            if (i < 0)
            {
                i = StoreString(shard, key, hash, -1, [], 0);
            }
            var bytes = RawBytes(shard, i);
            int length = bytes.Length;
            if (byteIndex >= length)
            {
                bytes = GrowRaw(shard, i, byteIndex + 1);
                bytes[length..].Clear();
            }
            int shift = 7 - (int)(offset & 7);
            int previous = (bytes[byteIndex] >> shift) & 1;
            bytes[byteIndex] = (byte)((bytes[byteIndex] & ~(1 << shift)) | ((int)value << shift));
            if (Effect(ChangeOp.StringSetRange, 3) is { } w)
            {
                w.Arg(key).Arg((long)byteIndex).Arg(bytes.Slice(byteIndex, 1));
                Publish(w);
            }
            return previous;
        }
    }

    /// <summary>GETBIT: the bit at <paramref name="offset"/> (0 past the end or for a missing key).</summary>
    public int GetBit(ReadOnlySpan<byte> key, long offset)
    {
        CheckBitOffset(offset);
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return 0;
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            Span<byte> digits = stackalloc byte[20];
            var bytes = ValueBytes(ref slot, digits);
            long byteIndex = offset >> 3;
            return byteIndex < bytes.Length ? (bytes[(int)byteIndex] >> (7 - (int)(offset & 7))) & 1 : 0;
        }
    }

    /// <summary>
    /// BITCOUNT: set bits in the whole value (<paramref name="start"/> null) or in the range
    /// [start, end] of bytes, or of bits when <paramref name="bitUnit"/>, with Redis's index rules.
    /// </summary>
    public long BitCount(ReadOnlySpan<byte> key, long? start, long end, bool bitUnit)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return 0;
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            Span<byte> digits = stackalloc byte[20];
            var bytes = ValueBytes(ref slot, digits);
            long total = bitUnit ? bytes.Length * 8L : bytes.Length;
            long first = 0, last = total - 1;
            if (start is long s)
            {
                if (s < 0 && end < 0 && s > end)
                {
                    return 0;
                }
                (first, last) = ClampBitRange(s, end, total);
            }
            if (first > last)
            {
                return 0;
            }
            long firstBit = bitUnit ? first : first * 8;
            long lastBit = bitUnit ? last : (last * 8) + 7;
            return CountBits(bytes, firstBit, lastBit);
        }
    }

    /// <summary>
    /// BITPOS: the position of the first bit equal to <paramref name="bit"/> in the value or in a
    /// range. Looking for 0 without an explicit <paramref name="end"/>, the value counts as padded
    /// with zeros on the right (the answer may be just past its end); with an explicit end, or
    /// looking for 1, a miss is -1. A missing key is all zeros.
    /// </summary>
    public long BitPosition(ReadOnlySpan<byte> key, long bit, long? start, long? end, bool bitUnit)
    {
        if (bit is not (0 or 1))
        {
            Throw(RedisErrors.BitPosBit);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return bit == 1 ? -1 : 0;
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            Span<byte> digits = stackalloc byte[20];
            var bytes = ValueBytes(ref slot, digits);
            long total = bitUnit ? bytes.Length * 8L : bytes.Length;
            long first = 0, last = total - 1;
            if (start is long s)
            {
                (first, last) = ClampBitRange(s, end ?? total - 1, total);
            }
            if (first > last)
            {
                return -1; // an empty range holds neither a 0 nor a 1
            }
            long firstBit = bitUnit ? first : first * 8;
            long lastBit = bitUnit ? last : (last * 8) + 7;
            long found = FindBit(bytes, firstBit, lastBit, (int)bit);
            if (found >= 0 || bit == 1 || end is not null)
            {
                return found;
            }
            return lastBit + 1;
        }
    }

    /// <summary>
    /// BITOP AND / OR / XOR / NOT: combines the sources (missing keys are empty, shorter values are
    /// zero-padded) into <paramref name="destination"/>, replacing it (and its expiry); an empty
    /// result deletes it. Returns the result's length.
    /// </summary>
    /// <exception cref="MnemoException">NOT with more than one source; a source holds another type.</exception>
    public long BitOperation(BitOp operation, ReadOnlySpan<byte> destination, IReadOnlyList<byte[]> sources)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("BITOP needs at least one source key.", nameof(sources));
        }
        if (operation == BitOp.Not && sources.Count != 1)
        {
            Throw(RedisErrors.BitOpNotSingle);
        }
        if (operation is < BitOp.And or > BitOp.Not)
        {
            Throw(RedisErrors.Syntax);
        }
        var (hashes, shards) = KeyShards(sources);
        int destinationHash = KeyHash.Compute(destination);
        var destinationShard = ShardOf(destinationHash);
        using (ShardLocks.Enter([.. shards, destinationShard]))
        {
            var values = new byte[sources.Count][];
            int maxLength = 0;
            Span<byte> digits = stackalloc byte[20];
            for (int k = 0; k < sources.Count; k++)
            {
                int i = FindRead(shards[k], sources[k], hashes[k]);
                if (i < 0)
                {
                    values[k] = [];
                    continue;
                }
                ref Slot slot = ref shards[k].Table.At(i);
                if (!slot.IsString)
                {
                    ThrowWrongType();
                }
                values[k] = ValueBytes(ref slot, digits).ToArray();
                maxLength = Math.Max(maxLength, values[k].Length);
            }
            var result = CombineBits(operation, values, maxLength);
            int di = FindLive(destinationShard, destination, destinationHash);
            if (result.Length == 0)
            {
                if (di >= 0)
                {
                    BeforeWrite(destinationShard, destination, di);
                    RemoveEntry(destinationShard, di);
                    if (Effect(ChangeOp.Delete, 1) is { } d)
                    {
                        d.Arg(destination);
                        Publish(d);
                    }
                }
                return 0;
            }
            BeforeWrite(destinationShard, destination, di);
            StoreString(destinationShard, destination, destinationHash, di, result, 0);
            if (Effect(ChangeOp.StringSet, 3) is { } w)
            {
                w.Arg(destination).Arg(result).Arg(0L);
                Publish(w);
            }
            return result.Length;
        }
    }

    private static byte[] CombineBits(BitOp operation, byte[][] values, int length)
    {
        var result = new byte[length];
        if (operation == BitOp.Not)
        {
            for (int j = 0; j < length; j++)
            {
                result[j] = (byte)~values[0][j];
            }
            return result;
        }
        values[0].CopyTo(result, 0);
        for (int k = 1; k < values.Length; k++)
        {
            var value = values[k];
            for (int j = 0; j < length; j++)
            {
                byte b = j < value.Length ? value[j] : (byte)0;
                result[j] = operation switch
                {
                    BitOp.And => (byte)(result[j] & b),
                    BitOp.Or => (byte)(result[j] | b),
                    _ => (byte)(result[j] ^ b),
                };
            }
        }
        return result;
    }

    private static void CheckBitOffset(long offset)
    {
        if (offset < 0 || (offset >> 3) >= MaxStringLength)
        {
            Throw(RedisErrors.BitOffset);
        }
    }

    /// <summary>Redis's start/end rules: negative counts from the end, then clamp to [0, total-1].</summary>
    private static (long First, long Last) ClampBitRange(long start, long end, long total)
    {
        if (start < 0)
        {
            start = Math.Max(0, total + start);
        }
        if (end < 0)
        {
            end = Math.Max(0, total + end);
        }
        if (end >= total)
        {
            end = total - 1;
        }
        return (start, end);
    }

    /// <summary>Set bits in the inclusive bit range [from, to].</summary>
    private static long CountBits(ReadOnlySpan<byte> bytes, long from, long to)
    {
        int firstByte = (int)(from >> 3), lastByte = (int)(to >> 3);
        long count = 0;
        var span = bytes[firstByte..(lastByte + 1)];
        while (span.Length >= 8)
        {
            count += BitOperations.PopCount(BitConverter.ToUInt64(span));
            span = span[8..];
        }
        foreach (byte b in span)
        {
            count += BitOperations.PopCount(b);
        }
        // Take off the bits of the edge bytes that lie outside the range.
        count -= BitOperations.PopCount((uint)(bytes[firstByte] & ~(0xFF >> (int)(from & 7)) & 0xFF));
        count -= BitOperations.PopCount((uint)(bytes[lastByte] & (0xFF >> (int)((to & 7) + 1))));
        return count;
    }

    /// <summary>The first bit equal to <paramref name="bit"/> in the inclusive range [from, to], or -1.</summary>
    private static long FindBit(ReadOnlySpan<byte> bytes, long from, long to, int bit)
    {
        long pos = from;
        while (pos <= to)
        {
            if ((pos & 7) == 0 && pos + 7 <= to)
            {
                // Whole bytes: skip those that cannot contain the bit.
                int first = (int)(pos >> 3);
                int end = (int)((to + 1) >> 3); // exclusive: bytes wholly inside the range
                var run = bytes[first..end];
                int k = bit == 1 ? run.IndexOfAnyExcept((byte)0) : run.IndexOfAnyExcept((byte)0xFF);
                if (k < 0)
                {
                    pos = (long)end * 8;
                    continue;
                }
                int b = bit == 1 ? run[k] : (byte)~run[k];
                return ((long)(first + k) * 8) + BitOperations.LeadingZeroCount((uint)b) - 24;
            }
            if (((bytes[(int)(pos >> 3)] >> (7 - (int)(pos & 7))) & 1) == bit)
            {
                return pos;
            }
            pos++;
        }
        return -1;
    }
}
