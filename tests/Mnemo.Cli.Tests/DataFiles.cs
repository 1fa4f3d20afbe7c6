using System.Buffers.Binary;
using Mnemo.Persistence;

namespace Mnemo.Cli.Tests;

/// <summary>Real data directories made with the embedded store, and byte-level damage to them.</summary>
internal static class DataFiles
{
    public static MnemoStore Open(string dir) =>
        new(new MnemoStoreOptions { Persistence = new MnemoPersistenceOptions { Directory = dir, SaveRules = [] } });

    /// <summary>Writes k0..k(n-1) (one journal frame each, starting at key <paramref name="from"/>) in a new store session; returns its journal segment.</summary>
    public static string WriteJournal(string dir, int keys, int from = 0)
    {
        using (var store = Open(dir))
        {
            var db = store.GetDatabase();
            for (int i = from; i < from + keys; i++)
            {
                db.StringSet($"k{i}", $"v{i}");
            }
        }
        return Directory.GetFiles(dir, "journal-*.mjl").Order(StringComparer.Ordinal).Last();
    }

    /// <summary>Offsets of the frames of a journal segment (the 24-byte header, then [length][crc][sequence][count][payload]).</summary>
    public static List<long> FrameOffsets(string segment)
    {
        var data = File.ReadAllBytes(segment);
        var offsets = new List<long>();
        int offset = 24;
        while (offset + 20 <= data.Length)
        {
            offsets.Add(offset);
            offset += 20 + BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset));
        }
        return offsets;
    }

    public static void FlipByte(string path, long offset)
    {
        var data = File.ReadAllBytes(path);
        data[offset] ^= 0x5A;
        File.WriteAllBytes(path, data);
    }

    /// <summary>The keys k0, k1, ... a store opened on <paramref name="dir"/> holds, in order, up to the first missing one.</summary>
    public static int ContiguousKeys(string dir)
    {
        using var store = Open(dir);
        var db = store.GetDatabase();
        int n = 0;
        while (db.KeyExists($"k{n}"))
        {
            n++;
        }
        return n;
    }
}
