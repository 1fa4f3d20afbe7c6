using Mnemo.Internal.Values;

namespace Mnemo.Changes;

/// <summary>
/// Decodes a batch of change records. Format of a record:
/// <c>[op:1][database:varint][argc:varint]([length:varint][bytes])*</c>.
/// </summary>
public static class ChangeReader
{
    /// <summary>Decodes every record of a batch.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed batch.</exception>
    public static List<ChangeRecord> ReadAll(ReadOnlySpan<byte> batch)
    {
        var records = new List<ChangeRecord>();
        while (!batch.IsEmpty)
        {
            var op = (ChangeOp)batch[0];
            int db = VarInt.Read(batch[1..], out int n1);
            int argc = VarInt.Read(batch[(1 + n1)..], out int n2);
            int pos = 1 + n1 + n2;
            var args = new byte[argc][];
            for (int i = 0; i < argc; i++)
            {
                int length = VarInt.Read(batch[pos..], out int n);
                pos += n;
                if (length > batch.Length - pos)
                {
                    throw new InvalidDataException("Change record argument runs past the end of the batch.");
                }
                args[i] = batch.Slice(pos, length).ToArray();
                pos += length;
            }
            records.Add(new ChangeRecord(op, db, args));
            batch = batch[pos..];
        }
        return records;
    }
}
