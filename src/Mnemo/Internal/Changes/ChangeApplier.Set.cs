using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // SetAdd / SetRemove carry the members actually added or removed (SPOP and SMOVE record their
    // effect as removals), so replaying them through SADD / SREM reproduces the set; a removal
    // that empties the set deletes the key, as it did on the recording store.
    private static partial void ApplySet(Db db, ChangeRecord record)
    {
        var key = record.Args[0];
        var members = record.Args.Skip(1).ToArray();
        if (record.Op == ChangeOp.SetAdd)
        {
            db.SetAdd(key, members);
        }
        else
        {
            db.SetRemove(key, members);
        }
    }
}
