using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // HashSet carries field/value pairs with final values (HINCRBY and HINCRBYFLOAT record the
    // value they produced); HashDelete carries the fields actually deleted, and deleting the last
    // field deletes the key, as it did on the recording store.
    private static partial void ApplyHash(Db db, ChangeRecord record)
    {
        var key = record.Args[0];
        if (record.Op == ChangeOp.HashSet)
        {
            if ((record.Args.Count - 1) % 2 != 0)
            {
                throw new InvalidDataException("HashSet change record has a field without a value.");
            }
            var pairs = new KeyValuePair<byte[], byte[]>[(record.Args.Count - 1) / 2];
            for (int p = 0; p < pairs.Length; p++)
            {
                pairs[p] = new(record.Args[1 + (2 * p)], record.Args[2 + (2 * p)]);
            }
            db.HashSet(key, pairs);
        }
        else
        {
            db.HashDelete(key, record.Args.Skip(1).ToArray());
        }
    }
}
