namespace Mnemo.Changes;

/// <summary>One decoded change: an effect on a key of a database. See <see cref="ChangeOp"/> for the arguments.</summary>
/// <param name="Op">The effect.</param>
/// <param name="Database">The database number.</param>
/// <param name="Args">The arguments; for keyed effects the first is the key.</param>
public sealed record ChangeRecord(ChangeOp Op, int Database, IReadOnlyList<byte[]> Args)
{
    /// <summary>Reads argument <paramref name="index"/> as an 8-byte integer.</summary>
    public long Int64(int index) => BitConverter.ToInt64(Args[index]);

    /// <summary>Reads argument <paramref name="index"/> as an 8-byte double.</summary>
    public double Double(int index) => BitConverter.ToDouble(Args[index]);
}
