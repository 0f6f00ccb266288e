using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Import;

/// <summary>What a snapshot import adds to a store.</summary>
/// <param name="Additions">The source, the places not yet in the store and one confirmation per owned place.</param>
/// <param name="Matched">Snapshot places found in the store (by name and distance).</param>
/// <param name="AddedPlaces">Snapshot places added as new places.</param>
/// <param name="Ambiguous">Snapshot places near several namesakes in the store (added as new places, noted).</param>
public sealed record SnapshotImportResult(DatasetAdditions Additions, int Matched, int AddedPlaces, int Ambiguous);

/// <summary>
/// Loads a dated control baseline (the Wikipedia detailed-map extract, whose <c>owner</c> column says who held each
/// place on the map's date) into an existing dataset as confirmations citing the snapshot as their source. Each snapshot
/// place is matched to the store's places with <see cref="GazetteerMerger"/> (name key and distance); unmatched ones are
/// added. Owner codes become faction ids through a faction map; an owner the map does not name, or a faction the store
/// does not have, is an error naming the file, line and field.
/// </summary>
public static class SnapshotImport
{
    /// <summary>
    /// Reads a faction map: a JSON object <c>{"owner": "faction"}</c>, or lines <c>owner=faction</c> (or tab-separated;
    /// <c>#</c> starts a comment).
    /// </summary>
    public static Dictionary<string, (string Faction, long Line)> ReadFactionMap(string path)
    {
        var file = Path.GetFileName(path);
        var text = File.ReadAllText(path);
        var map = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                long n = 0;
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    n++;
                    if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString()))
                        throw new ImportException(file, n, p.Name, "the faction must be a non-empty string");
                    map[p.Name] = (p.Value.GetString()!, n);
                }
            }
            catch (JsonException e) { throw new ImportException(file, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
            return map;
        }
        long line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var l = raw.Split('#')[0].Trim();
            if (l.Length == 0) continue;
            var sep = l.IndexOf('=') is >= 0 and var eq ? eq : l.IndexOf('\t');
            if (sep <= 0 || sep == l.Length - 1) throw new ImportException(file, line, null, $"expected owner=faction, found '{l}'");
            map[l[..sep].Trim()] = (l[(sep + 1)..].Trim(), line);
        }
        return map;
    }

    /// <summary>Builds the additions for <paramref name="existing"/> from the snapshot at <paramref name="path"/>.</summary>
    /// <exception cref="ImportException">The snapshot or the faction map is malformed, or the snapshot is already in the store.</exception>
    public static SnapshotImportResult Build(Dataset existing, string path, DateOnly asOf, string factionMapPath, DateTimeOffset recordedAt, string recordedBy)
    {
        var mapFile = Path.GetFileName(factionMapPath);
        var raw = ReadFactionMap(factionMapPath);
        var factions = existing.Factions.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (owner, (faction, line)) in raw)
            if (!factions.Contains(faction))
                throw new ImportException(mapFile, line, owner, $"faction '{faction}' is not in the dataset (known: {string.Join(", ", factions.Order(StringComparer.Ordinal))})");
        var map = raw.ToDictionary(kv => kv.Key, kv => kv.Value.Faction, StringComparer.Ordinal);
        var import = WikipediaMapImporter.Read(path, asOf, map, recordedBy);
        if (existing.Sources.Any(s => s.Id == import.Source.Id))
            throw new ImportException(Path.GetFileName(path), 0, null, $"a snapshot of {asOf:yyyy-MM-dd} is already in the dataset (source '{import.Source.Id}')");
        var merge = GazetteerMerger.Merge(existing.Places, import.Places);
        var target = merge.Decisions.ToDictionary(d => d.IncomingId, d => d.ResultId, StringComparer.Ordinal);
        var existingIds = existing.Places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var newPlaces = merge.Places.Where(p => !existingIds.Contains(p.Id)).ToList();
        var changeIds = existing.Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var changes = new List<ControlChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in import.Changes)
        {
            var placeId = target[c.PlaceId];
            if (!seen.Add(placeId)) continue; // two snapshot points merged into one place: one confirmation
            var id = c.Id;
            while (changeIds.Contains(id)) id += "-s";
            changes.Add(c with { Id = id, PlaceId = placeId, RecordedAt = recordedAt });
        }
        var additions = new DatasetAdditions([], [import.Source], newPlaces, changes);
        return new SnapshotImportResult(additions, merge.Merged, merge.Added, merge.Ambiguous);
    }
}
