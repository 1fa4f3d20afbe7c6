using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // PLACEHOLDER until the Keys family lands: replaced by the family's implementation.
    private static partial void ApplyKeys(StoreCore core, Db db, ChangeRecord record) =>
        throw new NotSupportedException("Keys changes are not implemented yet.");
}
