using Mnemo.Internal.Values;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The packed list against a plain <see cref="List{T}"/> of arrays, over lists long enough to span
/// many nodes and elements of every framing (under 255 bytes, at least 255, larger than a node).
/// </summary>
public sealed class ListValueTests
{
    private static readonly byte[] Key = "list"u8.ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Matches_a_list_of_arrays_over_random_operations(int seed)
    {
        var random = new Random(seed);
        var list = new ListValue(Key);
        var model = new List<byte[]>();
        for (int step = 0; step < 6_000; step++)
        {
            int index = model.Count == 0 ? 0 : random.Next(model.Count);
            switch (random.Next(12))
            {
                case 0 or 1:
                    var left = Element(random);
                    list.PushLeft(left);
                    model.Insert(0, left);
                    break;
                case 2 or 3:
                    var right = Element(random);
                    list.PushRight(right);
                    model.Add(right);
                    break;
                case 4 when model.Count > 0:
                    Assert.Equal(model[0], list.PopLeft());
                    model.RemoveAt(0);
                    break;
                case 5 when model.Count > 0:
                    Assert.Equal(model[^1], list.PopRight());
                    model.RemoveAt(model.Count - 1);
                    break;
                case 6:
                    int at = random.Next(model.Count + 1);
                    var inserted = Element(random);
                    list.Insert(at, inserted);
                    model.Insert(at, inserted);
                    break;
                case 7 when model.Count > 0:
                    var replacement = Element(random);
                    list.Set(index, replacement);
                    model[index] = replacement;
                    break;
                case 8 when model.Count > 0:
                    Assert.Equal(model[index], list[index].ToArray());
                    Assert.Equal(model.FindIndex(e => e.AsSpan().SequenceEqual(model[index])), list.IndexOf(model[index]));
                    break;
                case 9 when model.Count > 0 && random.Next(10) == 0:
                    // LREM of a value that repeats: from the head, from the tail, all
                    var victim = model[index];
                    int limit = random.Next(3);
                    bool fromTail = random.Next(2) == 0;
                    int expected = RemoveFromModel(model, victim, limit == 0 ? int.MaxValue : limit, fromTail);
                    Assert.Equal(expected, list.Remove(victim, limit == 0 ? long.MaxValue : limit, fromTail));
                    break;
                case 10 when model.Count > 0 && random.Next(20) == 0:
                    int trimLeft = random.Next(Math.Min(model.Count, 50) + 1);
                    int trimRight = random.Next(Math.Min(model.Count - trimLeft, 50) + 1);
                    list.Trim(trimLeft, trimRight);
                    model.RemoveRange(model.Count - trimRight, trimRight);
                    model.RemoveRange(0, trimLeft);
                    break;
                case 11 when random.Next(50) == 0:
                    var copy = (ListValue)list.Clone();
                    list.PushRight([9]); // the copy shares nothing with the original
                    Assert.Equal(model, Forward(copy, 0));
                    list.DropRight();
                    break;
            }
            Assert.Equal(model.Count, list.Count);
            if (step % 500 == 0 || model.Count < 5)
            {
                AssertSame(model, list, random);
            }
        }
        AssertSame(model, list, random);
    }

    [Fact]
    public void A_long_queue_is_packed_into_nodes_of_many_elements()
    {
        var list = new ListValue(Key);
        for (int i = 0; i < 100_000; i++)
        {
            list.PushLeft(BitConverter.GetBytes(i));
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            list.PushLeft(BitConverter.GetBytes(i).AsSpan(0, 3));
        }
        long perPush = (GC.GetAllocatedBytesForCurrentThread() - before) / 100_000;
        // BitConverter's 4-byte arrays are 32 bytes each; the list itself adds about one node per
        // 128 pushes. An array per element (as before) would add 32 more bytes per push.
        Assert.InRange(perPush, 32, 48);
        Assert.Equal(200_000, list.Count);
        Assert.Equal(BitConverter.GetBytes(99_999).AsSpan(0, 3).ToArray(), list.PeekLeft().ToArray());
        Assert.Equal(BitConverter.GetBytes(0), list.PeekRight().ToArray());
        Assert.Equal(BitConverter.GetBytes(50_000).AsSpan(0, 3).ToArray(), list[49_999].ToArray());
    }

    [Fact]
    public void A_short_queue_fed_at_one_end_and_drained_at_the_other_keeps_a_small_buffer()
    {
        // Found in review: growth sized by the old buffer doubled it at every wrap, to 8 KiB.
        var list = new ListValue(Key);
        var element = new byte[10];
        list.PushRight(element);
        for (int i = 0; i < 10_000; i++) // the element drifts right...
        {
            list.PushRight(element);
            list.DropLeft();
        }
        Assert.InRange(list.NodeBufferSizes().Single(), 1, 64);
        for (int i = 0; i < 10_000; i++) // ...and back left
        {
            list.PushLeft(element);
            list.DropRight();
        }
        Assert.Equal(1, list.Count);
        Assert.InRange(list.NodeBufferSizes().Single(), 1, 64);
    }

    [Fact]
    public void Lset_to_large_values_keeps_shared_nodes_within_their_size_and_a_small_value_releases_a_large_buffer()
    {
        var list = new ListValue(Key);
        for (int i = 0; i < 128; i++)
        {
            list.PushRight(new byte[10]);
        }
        for (int i = 0; i < 128; i++)
        {
            list.Set(i, new byte[100_000]); // larger than a node: each gets a node of its own
        }
        Assert.All(list.NodeBufferSizes(), size => Assert.InRange(size, 1, 100_010));
        Assert.All(Enumerable.Range(0, 128), i => Assert.Equal(100_000, list[i].Length));

        list.Set(5, new byte[3]);
        Assert.InRange(list.NodeBufferSizes()[5], 1, ListValue.NodeBytes);
        Assert.Equal(3, list[5].Length);
        Assert.Equal(128, list.Count);
    }

    private static byte[] Element(Random random)
    {
        int length = random.Next(20) switch
        {
            0 => random.Next(255, 600),        // long framing
            1 when random.Next(10) == 0 => random.Next(8_000, 20_000), // larger than a node
            _ => random.Next(0, 12),
        };
        var element = new byte[length];
        // Few distinct values so that LREM and IndexOf find repeats.
        element.AsSpan().Fill((byte)random.Next(4));
        return element;
    }

    private static int RemoveFromModel(List<byte[]> model, byte[] victim, int limit, bool fromTail)
    {
        int removed = 0;
        for (int n = 0; n < model.Count && removed < limit;)
        {
            int i = fromTail ? model.Count - 1 - n : n;
            if (model[i].AsSpan().SequenceEqual(victim))
            {
                model.RemoveAt(i); // the next candidate is now at the same distance from the start (or end)
                removed++;
            }
            else
            {
                n++;
            }
        }
        return removed;
    }

    private static void AssertSame(List<byte[]> model, ListValue list, Random random)
    {
        Assert.Equal(model.Count, list.Count);
        Assert.Equal(model, Forward(list, 0));
        var backward = new List<byte[]>();
        for (var cursor = list.Walk(list.Count - 1, forward: false); cursor.MoveNext();)
        {
            backward.Add(cursor.Current.ToArray());
        }
        backward.Reverse();
        Assert.Equal(model, backward);
        if (model.Count > 0)
        {
            int start = random.Next(model.Count);
            Assert.Equal(model.Skip(start), Forward(list, start));
            Assert.Equal(model[start], list[start].ToArray());
            Assert.Equal(model[0], list.PeekLeft().ToArray());
            Assert.Equal(model[^1], list.PeekRight().ToArray());
        }
    }

    private static List<byte[]> Forward(ListValue list, int start)
    {
        var result = new List<byte[]>();
        for (var cursor = list.Walk(start, forward: true); cursor.MoveNext();)
        {
            result.Add(cursor.Current.ToArray());
        }
        return result;
    }
}
