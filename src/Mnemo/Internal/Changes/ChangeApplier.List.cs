using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // PLACEHOLDER until the List family lands: replaced by the family's implementation.
    private static partial void ApplyList(Db db, ChangeRecord record) =>
        throw new NotSupportedException("List changes are not implemented yet.");
}
