using Mnemo.Changes;

namespace Mnemo.Tests.Engine;

/// <summary>Helpers for the set and hash engine tests: replay and whole-key comparison.</summary>
internal static class SetHashTestSupport
{
    /// <summary>
    /// Applies records to <paramref name="target"/> one by one. Until the key family's replay
    /// lands (its placeholder throws <see cref="NotSupportedException"/>), a Delete record is
    /// applied by emptying the key through the public API; every other record goes through
    /// <see cref="MnemoStore.ApplyChanges"/>.
    /// </summary>
    public static void Replay(MnemoStore target, IEnumerable<ChangeRecord> records)
    {
        foreach (var record in records)
        {
            try
            {
                target.ApplyChanges([record]);
            }
            catch (NotSupportedException) when (record.Op == ChangeOp.Delete)
            {
                DeleteKey(target.GetDatabase(record.Database), record.Args[0]);
            }
        }
    }

    private static void DeleteKey(IMnemoDatabase db, byte[] key)
    {
        try
        {
            var members = db.SetMembers(key);
            if (members.Length > 0)
            {
                db.SetRemove(key, members);
            }
            return;
        }
        catch (MnemoWrongTypeException)
        {
        }
        try
        {
            var fields = db.HashKeys(key);
            if (fields.Length > 0)
            {
                db.HashDelete(key, fields);
            }
            return;
        }
        catch (MnemoWrongTypeException)
        {
        }
        db.StringGetDelete(key);
    }

    /// <summary>A canonical text of a key's content: its type and sorted members, fields or value.</summary>
    public static string Describe(IMnemoDatabase db, MnemoKey key)
    {
        try
        {
            var value = db.StringGet(key);
            return value.IsNull ? "none" : "string:" + value;
        }
        catch (MnemoWrongTypeException)
        {
        }
        try
        {
            return "set:" + string.Join(",", db.SetMembers(key).Select(m => m.ToString()).Order(StringComparer.Ordinal));
        }
        catch (MnemoWrongTypeException)
        {
        }
        return "hash:" + string.Join(",", db.HashGetAll(key).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal));
    }
}
