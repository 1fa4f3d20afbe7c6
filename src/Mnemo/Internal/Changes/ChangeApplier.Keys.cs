using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    private static partial void ApplyKeys(StoreCore core, Db db, ChangeRecord record)
    {
        var args = record.Args;
        switch (record.Op)
        {
            case ChangeOp.Delete:
                db.Delete(args[0]);
                break;
            case ChangeOp.Expire:
                db.ApplyExpiry(args[0], record.Int64(1));
                break;
            case ChangeOp.Rename:
                db.Rename(args[0], args[1], onlyIfNew: false);
                break;
            case ChangeOp.Copy:
                db.Copy(args[0], core.Database((int)record.Int64(1)), args[2], record.Int64(3) != 0);
                break;
            case ChangeOp.SwapDb:
                Db.SwapDatabases(core, record.Database, (int)record.Int64(0));
                break;
            case ChangeOp.FlushDb:
                db.FlushDatabase();
                break;
            case ChangeOp.FlushAll:
                Db.FlushAll(core);
                break;
            default:
                throw new InvalidDataException($"Unknown keyspace change record type {(int)record.Op}.");
        }
    }
}
