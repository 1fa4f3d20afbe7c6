using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // PLACEHOLDER until the SortedSet family lands: replaced by the family's implementation.
    private static partial void ApplySortedSet(Db db, ChangeRecord record) =>
        throw new NotSupportedException("SortedSet changes are not implemented yet.");
}
