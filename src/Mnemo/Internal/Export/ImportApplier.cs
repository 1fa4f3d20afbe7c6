using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Export;

/// <summary>
/// Writes validated import entries through the ordinary write path: each key in its own atomic
/// scope (delete when replacing, create the value, set its expiry), published as one batch of
/// change records, so a journal records the key whole and replays it exactly.
/// </summary>
internal static class ImportApplier
{
    private enum Outcome
    {
        Imported,
        Replaced,
        SkippedExisting,
    }

    /// <summary>With <see cref="ImportMode.Fail"/>: refuses (naming the line) when any key already exists, before anything is written.</summary>
    public static void CheckNoneExist(StoreCore core, List<ImportEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (core.Database(entry.Database).Contains(entry.Key))
            {
                throw Exists(entry);
            }
        }
    }

    public static ImportResult Apply(StoreCore core, List<ImportEntry> entries, ImportMode mode)
    {
        long imported = 0, replaced = 0, skippedExisting = 0, skippedExpired = 0;
        foreach (var entry in entries)
        {
            if (entry.ExpiresAt != 0 && entry.ExpiresAt <= core.NowMs())
            {
                skippedExpired++;
                continue;
            }
            var db = core.Database(entry.Database);
            var shard = db.ShardOf(KeyHash.Compute(entry.Key));
            var outcome = Outcome.Imported;
            AtomicScope.Run(core, new[] { shard }, null, [], () => outcome = Write(db, entry, mode));
            switch (outcome)
            {
                case Outcome.SkippedExisting:
                    skippedExisting++;
                    break;
                case Outcome.Replaced:
                    replaced++;
                    imported++;
                    break;
                default:
                    imported++;
                    break;
            }
        }
        return new ImportResult(imported, replaced, skippedExisting, skippedExpired);
    }

    private static Outcome Write(Db db, ImportEntry entry, ImportMode mode)
    {
        var key = entry.Key;
        var outcome = Outcome.Imported;
        if (db.Contains(key))
        {
            switch (mode)
            {
                case ImportMode.Skip:
                    return Outcome.SkippedExisting;
                case ImportMode.Fail:
                    // Checked before the import started: another writer created the key since.
                    throw Exists(entry);
                default:
                    db.Delete(key);
                    outcome = Outcome.Replaced;
                    break;
            }
        }
        switch (entry.Kind)
        {
            case ValueKind.StringRaw:
                db.Set(key, (byte[])entry.Value!, new SetOptions(ExpiresAt: entry.ExpiresAt));
                return outcome; // the expiry is part of the string's record
            case ValueKind.List:
                db.ListPush(key, (List<byte[]>)entry.Value!, left: false, onlyIfExists: false);
                break;
            case ValueKind.Set:
                db.SetAdd(key, (List<byte[]>)entry.Value!);
                break;
            case ValueKind.Hash:
                db.HashSet(key, (List<KeyValuePair<byte[], byte[]>>)entry.Value!);
                break;
            case ValueKind.SortedSet:
                db.SortedSetAdd(key, ZAddFlags.None, (List<ScoredMember>)entry.Value!);
                break;
            case ValueKind.Json:
                // A copy: the entry's node must stay unattached should this scope be undone.
                var root = entry.Document?.DeepClone();
                db.JsonEdit(key, (_, _) => new JsonEditOutcome<bool>(true, true, root));
                break;
            default:
                throw new InvalidOperationException($"Cannot import value kind {entry.Kind}.");
        }
        if (entry.ExpiresAt != 0)
        {
            db.ExpireAt(key, entry.ExpiresAt, ExpireFlags.None);
        }
        return outcome;
    }

    private static MnemoImportException Exists(ImportEntry entry) =>
        new(entry.Line, $"key {ImportReader.Show(entry.Key)} already exists in database {entry.Database} (import with mode Replace or Skip to allow that)");
}
