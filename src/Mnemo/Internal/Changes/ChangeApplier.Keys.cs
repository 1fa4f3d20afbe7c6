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
                // The source can only be missing here if its expiry has passed on this store's clock;
                // the renamed value would then be expired too, so the destination ends up absent.
                if (db.Contains(args[0]))
                {
                    db.Rename(args[0], args[1], onlyIfNew: false);
                }
                else
                {
                    db.Delete(args[1]);
                }
                break;
            case ChangeOp.Copy:
                {
                    var target = core.Database((int)record.Int64(1));
                    if (db.Contains(args[0]))
                    {
                        db.Copy(args[0], target, args[2], record.Int64(3) != 0);
                    }
                    else
                    {
                        target.Delete(args[2]); // as for Rename: the copy would already have expired
                    }
                    break;
                }
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
