using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // PLACEHOLDER until the Set family lands: replaced by the family's implementation.
    private static partial void ApplySet(Db db, ChangeRecord record) =>
        throw new NotSupportedException("Set changes are not implemented yet.");
}
