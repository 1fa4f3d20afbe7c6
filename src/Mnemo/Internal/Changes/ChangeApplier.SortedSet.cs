using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // SortedSetAdd carries absolute scores, so a plain ZADD reproduces the state; SortedSetRemove
    // is a ZREM, whose replay also deletes a set it empties.
    private static partial void ApplySortedSet(Db db, ChangeRecord record)
    {
        var args = record.Args;
        if (record.Op == ChangeOp.SortedSetAdd)
        {
            var entries = new ScoredMember[(args.Count - 1) / 2];
            for (int e = 0; e < entries.Length; e++)
            {
                entries[e] = new ScoredMember(record.Double(1 + (2 * e)), args[2 + (2 * e)]);
            }
            db.SortedSetAdd(args[0], ZAddFlags.None, entries);
            return;
        }
        var members = new byte[args.Count - 1][];
        for (int m = 0; m < members.Length; m++)
        {
            members[m] = args[1 + m];
        }
        db.SortedSetRemove(args[0], members);
    }
}
