using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Changes;

internal static partial class ChangeApplier
{
    // PLACEHOLDER until the Hash family lands: replaced by the family's implementation.
    private static partial void ApplyHash(Db db, ChangeRecord record) =>
        throw new NotSupportedException("Hash changes are not implemented yet.");
}
