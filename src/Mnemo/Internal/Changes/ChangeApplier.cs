using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

/// <summary>
/// Replays change records through the ordinary engine operations (journal recovery, replicas).
/// Each family applies its own effects in <c>ChangeApplier.&lt;Family&gt;.cs</c>.
/// </summary>
internal static partial class ChangeApplier
{
    public static void Apply(StoreCore core, ChangeRecord record)
    {
        var db = core.Database(record.Database);
        var args = record.Args;
        switch (record.Op)
        {
            case ChangeOp.StringSet:
                db.Set(args[0], args[1], new SetOptions(ExpiresAt: record.Int64(2)));
                break;
            case ChangeOp.StringAppend:
                db.Append(args[0], args[1]);
                break;
            case ChangeOp.StringSetRange:
                db.SetRange(args[0], record.Int64(1), args[2]);
                break;
            case >= ChangeOp.Delete and <= ChangeOp.FlushAll:
                ApplyKeys(core, db, record);
                break;
            case >= ChangeOp.ListPush and <= ChangeOp.ListTrim:
                ApplyList(db, record);
                break;
            case ChangeOp.SetAdd or ChangeOp.SetRemove:
                ApplySet(db, record);
                break;
            case ChangeOp.HashSet or ChangeOp.HashDelete:
                ApplyHash(db, record);
                break;
            case ChangeOp.SortedSetAdd or ChangeOp.SortedSetRemove:
                ApplySortedSet(db, record);
                break;
            case ChangeOp.JsonSet:
                db.JsonReplay(args[0], args[1]);
                break;
            default:
                throw new InvalidDataException($"Unknown change record type {(int)record.Op}.");
        }
    }

    private static partial void ApplyKeys(StoreCore core, Db db, ChangeRecord record);

    private static partial void ApplyList(Db db, ChangeRecord record);

    private static partial void ApplySet(Db db, ChangeRecord record);

    private static partial void ApplyHash(Db db, ChangeRecord record);

    private static partial void ApplySortedSet(Db db, ChangeRecord record);
}
