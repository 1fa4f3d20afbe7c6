namespace Mnemo.Tests.Engine;

/// <summary>One random list operation: <see cref="Kind"/> picks the command, the rest are its arguments.</summary>
public sealed record ListOp(int Kind, int Key, int A, int B, string V, string W)
{
    public const int Kinds = 16;

    public override string ToString() => $"{Kind}(k{Key + 1},{A},{B},{V},{W})";
}

/// <summary>
/// A reference model of Redis lists (a dictionary of <see cref="List{T}"/>) and a runner that applies
/// one <see cref="ListOp"/> to both the store and the model and asserts they agree.
/// </summary>
public sealed class ListModel
{
    private static readonly string[] Keys = ["k1", "k2"];
    private readonly Dictionary<string, List<string>> _lists = [];

    public IReadOnlyDictionary<string, List<string>> Lists => _lists;

    public static string KeyName(int key) => Keys[key];

    /// <summary>Applies <paramref name="op"/> to the store and the model; asserts equal results and states.</summary>
    public void Apply(IMnemoDatabase db, ListOp op)
    {
        string key = Keys[op.Key];
        string other = Keys[1 - op.Key];
        var list = _lists.GetValueOrDefault(key);
        switch (op.Kind)
        {
            case 0:
                Assert.Equal(Push(key, true, op.V, op.W), db.ListLeftPush(key, [op.V, op.W]));
                break;
            case 1:
                Assert.Equal(Push(key, false, op.V), db.ListRightPush(key, op.V));
                break;
            case 2:
                Assert.Equal(list is null ? 0 : Push(key, true, op.V), db.ListLeftPush(key, op.V, When.Exists));
                break;
            case 3:
                Assert.Equal(list is null ? 0 : Push(key, false, op.V, op.W), db.ListRightPush(key, [op.V, op.W], When.Exists));
                break;
            case 4:
                Assert.Equal(list is null ? null : Pop(key, true, 1)[0], (string?)db.ListLeftPop(key));
                break;
            case 5:
                int count = Math.Abs(op.A) % 4;
                string[]? expected = list is null ? null : Pop(key, false, count);
                var actual = db.ListRightPop(key, count);
                Assert.Equal(expected, actual?.Select(v => v.ToString()).ToArray());
                break;
            case 6:
                ExpectError(list is null ? RedisErrors.NoSuchKey : Index(list, op.A) is null ? RedisErrors.IndexOutOfRange : null,
                    () => db.ListSetByIndex(key, op.A, op.V),
                    () => list![Index(list, op.A)!.Value] = op.V);
                break;
            case 7:
                bool after = op.B > 0;
                long inserted = list is null ? 0 : list.IndexOf(op.V) is int p && p >= 0 ? Insert(list, after ? p + 1 : p, op.W) : -1;
                Assert.Equal(inserted, after ? db.ListInsertAfter(key, op.V, op.W) : db.ListInsertBefore(key, op.V, op.W));
                break;
            case 8:
                Assert.Equal(list is null ? 0 : Remove(key, op.V, op.A), db.ListRemove(key, op.V, op.A));
                break;
            case 9:
                db.ListTrim(key, op.A, op.B);
                if (list is not null)
                {
                    Replace(key, Slice(list, op.A, op.B));
                }
                break;
            case 10:
                Assert.Equal(list is not null && Index(list, op.A) is int i ? list[i] : null, (string?)db.ListGetByIndex(key, op.A));
                break;
            case 11:
                Assert.Equal(list is null ? [] : Slice(list, op.A, op.B), db.ListRange(key, op.A, op.B).Select(v => v.ToString()));
                break;
            case 12:
                long rank = op.A == 0 ? 1 : op.A;
                int matches = Math.Abs(op.B) % 3, maxLength = Math.Abs(op.A + op.B) % 4;
                Assert.Equal(Positions(list, op.V, rank, matches, maxLength), db.ListPositions(key, op.V, matches, rank, maxLength));
                break;
            case 13:
                string destination = op.B == 0 ? key : other;
                bool fromLeft = op.A >= 0, toLeft = op.B >= 0;
                string? moved = null;
                if (list is not null)
                {
                    moved = Pop(key, fromLeft, 1)[0];
                    Push(destination, toLeft, moved);
                }
                Assert.Equal(moved, (string?)db.ListMove(key, destination, fromLeft ? ListSide.Left : ListSide.Right, toLeft ? ListSide.Left : ListSide.Right));
                break;
            case 14:
                Assert.Equal(list?.Count ?? 0, db.ListLength(key));
                break;
            case 15:
                int popCount = 1 + (Math.Abs(op.A) % 3);
                bool left = op.B >= 0;
                string? from = Keys.FirstOrDefault(_lists.ContainsKey);
                var result = db.ListLeftPopOrRight(left, [.. Keys], popCount);
                Assert.Equal(from, result?.Key.ToString());
                if (from is not null)
                {
                    Assert.Equal(Pop(from, left, popCount), result!.Values.Select(v => v.ToString()));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    /// <summary>Asserts the store holds exactly the model's lists.</summary>
    public void AssertSame(IMnemoDatabase db)
    {
        foreach (var key in Keys)
        {
            var expected = _lists.GetValueOrDefault(key) ?? [];
            Assert.Equal(expected, db.ListRange(key).Select(v => v.ToString()));
        }
        Assert.Equal(_lists.Count, ((MnemoDatabase)db).Engine.KeyCount()); // emptied lists are deleted
    }

    private long Push(string key, bool left, params string[] values)
    {
        if (!_lists.TryGetValue(key, out var list))
        {
            _lists[key] = list = [];
        }
        foreach (var value in values)
        {
            if (left)
            {
                list.Insert(0, value);
            }
            else
            {
                list.Add(value);
            }
        }
        return list.Count;
    }

    private string[] Pop(string key, bool left, int count)
    {
        var list = _lists[key];
        var popped = new List<string>();
        while (popped.Count < count && list.Count > 0)
        {
            int at = left ? 0 : list.Count - 1;
            popped.Add(list[at]);
            list.RemoveAt(at);
        }
        DropIfEmpty(key);
        return [.. popped];
    }

    private static long Insert(List<string> list, int at, string value)
    {
        list.Insert(at, value);
        return list.Count;
    }

    private long Remove(string key, string value, long count)
    {
        var list = _lists[key];
        long limit = count == 0 ? long.MaxValue : Math.Abs(count);
        long removed = 0;
        if (count >= 0)
        {
            for (int i = 0; i < list.Count && removed < limit;)
            {
                if (list[i] == value)
                {
                    list.RemoveAt(i);
                    removed++;
                }
                else
                {
                    i++;
                }
            }
        }
        else
        {
            for (int i = list.Count - 1; i >= 0 && removed < limit; i--)
            {
                if (list[i] == value)
                {
                    list.RemoveAt(i);
                    removed++;
                }
            }
        }
        DropIfEmpty(key);
        return removed;
    }

    private void Replace(string key, List<string> items)
    {
        _lists[key] = items;
        DropIfEmpty(key);
    }

    private void DropIfEmpty(string key)
    {
        if (_lists.TryGetValue(key, out var list) && list.Count == 0)
        {
            _lists.Remove(key);
        }
    }

    private static int? Index(List<string> list, long index)
    {
        long at = index < 0 ? list.Count + index : index;
        return at >= 0 && at < list.Count ? (int)at : null;
    }

    private static List<string> Slice(List<string> list, long start, long stop)
    {
        // Straight from the LRANGE documentation, written independently of the engine's clamp.
        var result = new List<string>();
        for (int i = 0; i < list.Count; i++)
        {
            long fromStart = start < 0 ? list.Count + start : start;
            long toStop = stop < 0 ? list.Count + stop : stop;
            if (i >= fromStart && i <= toStop)
            {
                result.Add(list[i]);
            }
        }
        return result;
    }

    private static long[] Positions(List<string>? list, string value, long rank, int count, int maxLength)
    {
        if (list is null)
        {
            return [];
        }
        var all = Enumerable.Range(0, list.Count).Where(i => list[i] == value);
        var scanned = rank > 0
            ? all.Where(i => maxLength == 0 || i < maxLength)
            : all.Reverse().Where(i => maxLength == 0 || list.Count - 1 - i < maxLength);
        var found = scanned.Skip((int)Math.Abs(rank) - 1).Select(i => (long)i);
        return [.. (count == 0 ? found : found.Take(count))];
    }

    private static void ExpectError(string? error, Action store, Action model)
    {
        if (error is null)
        {
            store();
            model();
            return;
        }
        Assert.Equal(error, Assert.ThrowsAny<MnemoException>(store).Message);
    }
}

internal static class ListModelExtensions
{
    public static ListPopResult? ListLeftPopOrRight(this IMnemoDatabase db, bool left, MnemoKey[] keys, long count) =>
        left ? db.ListLeftPop(keys, count) : db.ListRightPop(keys, count);
}
