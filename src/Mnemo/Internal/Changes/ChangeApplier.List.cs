using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    private static partial void ApplyList(Db db, ChangeRecord record)
    {
        var args = record.Args;
        switch (record.Op)
        {
            case ChangeOp.ListPush:
                var values = new byte[args.Count - 2][];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (byte[])args[i + 2].Clone(); // the list owns its elements; the record stays the caller's
                }
                db.ListPush(args[0], values, record.Int64(1) != 0, onlyIfExists: false);
                break;
            case ChangeOp.ListPop:
                db.ListPop(args[0], record.Int64(1) != 0, record.Int64(2));
                break;
            case ChangeOp.ListSet:
                db.ListSet(args[0], record.Int64(1), args[2]);
                break;
            case ChangeOp.ListInsert:
                db.ListInsert(args[0], record.Int64(1) != 0, args[2], args[3]);
                break;
            case ChangeOp.ListRemove:
                db.ListRemove(args[0], record.Int64(1), args[2]);
                break;
            case ChangeOp.ListTrim:
                db.ListTrim(args[0], record.Int64(1), record.Int64(2));
                break;
            default:
                throw new InvalidDataException($"Unknown list change record type {(int)record.Op}.");
        }
    }
}
