using System.Collections.Immutable;
using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Import.WikipediaModule;

/// <summary>What an import of module revisions adds, and what it found.</summary>
/// <param name="Additions">One source per revision, the places not yet in the dataset, and the changes.</param>
/// <param name="Revisions">Revisions read.</param>
/// <param name="Captures">Changes where a place's owner differs from the one before (in an earlier revision or in the dataset).</param>
/// <param name="Confirmations">Changes where nothing changed, or the place's first owner on record.</param>
/// <param name="Contested">Contested marks.</param>
/// <param name="AddedPlaces">Places added (no place of the dataset matched the mark's name nearby).</param>
/// <param name="Ambiguous">Of those, places near several namesakes (noted).</param>
/// <param name="Skipped">Marks that are not places: overlay images, symbols, unnamed marks.</param>
/// <param name="Duplicates">Second marks of one place in one revision (the first one counts).</param>
public sealed record WikipediaModuleImportResult(
    DatasetAdditions Additions, int Revisions, int Captures, int Confirmations, int Contested, int AddedPlaces, int Ambiguous, int Skipped, int Duplicates);

/// <summary>
/// Turns revisions of Wikipedia's "Syrian Civil War detailed map" module (raw Lua source, as <c>action=raw</c> serves it) into dated
/// baselines: for every revision, one source citing its permanent URL, and per marked place a confirmation where the owner is the
/// same as before, or a capture where it changed ("before" is the previous revision imported, or the dataset's own state on that
/// date). Marks are read through a <see cref="MarkTable"/>. Places are matched to the dataset's by name and distance
/// (<see cref="GazetteerMerger"/>); unmatched ones are added. All or nothing: any problem is an <see cref="ImportException"/>.
/// </summary>
public static class WikipediaModuleImport
{
    /// <summary>Publisher of the sources.</summary>
    public const string Publisher = "Wikipedia";

    /// <summary>Builds the additions for <paramref name="existing"/>.</summary>
    /// <param name="existing">The dataset the revisions are imported into.</param>
    /// <param name="revisions">The revisions, oldest first (<see cref="ModuleRevision.Find"/>).</param>
    /// <param name="table">How marks read.</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <exception cref="ImportException">A revision is malformed, names a mark the table lacks or a faction the dataset lacks, or is already imported.</exception>
    public static WikipediaModuleImportResult Build(Dataset existing, IReadOnlyList<ModuleRevision> revisions, MarkTable table, string recordedBy = "import-wikipedia-module")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var factions = existing.Factions.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var sourceIds = existing.Sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var changeIds = existing.Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var placeIds = existing.Places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var places = existing.Places.ToList();
        var newPlaces = new List<Place>();
        var sources = new List<Source>();
        var changes = new List<ControlChange>();
        var placeOfMark = new Dictionary<(string Name, double Lat, double Lon), string>();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal); // place id → owner after the last revision read
        var timeline = existing.Changes.IsDefaultOrEmpty ? null : new ControlTimeline(existing, "import");
        int captures = 0, confirmations = 0, contested = 0, ambiguous = 0, skipped = 0, duplicates = 0;

        foreach (var rev in revisions)
        {
            var file = Path.GetFileName(rev.Path);
            var marks = ModuleMarks.Read(File.ReadAllText(rev.Path), file);
            string stamp = rev.RevisionId?.ToString(CultureInfo.InvariantCulture) ?? rev.Timestamp.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var source = new Source("wikipedia-module-" + stamp, Publisher,
                string.Create(CultureInfo.InvariantCulture, $"Syrian Civil War detailed map (module revision {(rev.RevisionId is { } id ? id + " of " : "")}{rev.Timestamp:yyyy-MM-dd HH:mm} UTC)"),
                rev.Url, rev.Date);
            if (!sourceIds.Add(source.Id))
                throw new ImportException(file, 0, null, $"this revision is already in the dataset (source '{source.Id}')");
            sources.Add(source);

            // Read every mark first, so that the revision's unseen places are merged in one pass.
            var read = new List<(ModuleMark Mark, MarkReading Reading)>(marks.Count);
            var unseen = new List<Place>();
            var unseenKeys = new Dictionary<string, (string, double, double)>(StringComparer.Ordinal);
            var unseenSet = new HashSet<(string, double, double)>();
            foreach (var m in marks)
            {
                if (m.Mark is null || m.Name is null) { skipped++; continue; }
                var (reading, error) = table.Resolve(m.Mark, rev.Date);
                if (reading is null) throw new ImportException(file, m.Line, "mark", error!);
                if (!reading.IsPlace) { skipped++; continue; }
                foreach (var f in reading.Owners)
                    if (!factions.Contains(f))
                        throw new ImportException(file, m.Line, "mark", $"'m.{m.Mark}' reads as faction '{f}', which the dataset does not have (known: {string.Join(", ", factions.Order(StringComparer.Ordinal))})");
                read.Add((m, reading));
                var key = (m.Name, Math.Round(m.Lat, 4), Math.Round(m.Lon, 4));
                if (placeOfMark.ContainsKey(key) || !unseenSet.Add(key)) continue;
                var incomingId = WikipediaMapImporter.UniqueId("wp-" + WikipediaMapImporter.Slug(m.Page ?? m.Name), placeIds);
                unseenKeys[incomingId] = key;
                unseen.Add(ToPlace(incomingId, m, reading));
            }
            if (unseen.Count > 0)
            {
                var merge = GazetteerMerger.Merge(places, unseen);
                var known = places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var d in merge.Decisions)
                {
                    placeOfMark[unseenKeys[d.IncomingId]] = d.ResultId;
                    if (d.ResultId != d.IncomingId) placeIds.Remove(d.IncomingId); // merged: the reserved id goes back
                    if (d.Outcome == "ambiguous") ambiguous++;
                }
                foreach (var p in merge.Places)
                    if (!known.Contains(p.Id)) { places.Add(p); newPlaces.Add(p); }
            }

            var before = timeline?.Snapshot(rev.Date.AddDays(-1));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            ImmutableArray<Citation> citations = [new Citation(source.Id)];
            int n = 0;
            foreach (var (m, reading) in read)
            {
                var placeId = placeOfMark[(m.Name!, Math.Round(m.Lat, 4), Math.Round(m.Lon, 4))];
                if (!seen.Add(placeId)) { duplicates++; continue; }
                if (!owner.TryGetValue(placeId, out var previous) && before is not null && timeline!.PlaceIndex(placeId) is >= 0 and var pi
                    && before.ControllerOf(pi) is >= 0 and var fi)
                    previous = timeline.Factions[fi].Id;
                string faction;
                ChangeKind kind;
                ChangeStatus status;
                string? note = reading.State switch
                {
                    "besieged" => "besieged on the map",
                    "pressure" => "under enemy pressure on the map",
                    "mixed" => "stable mixed control on the map with " + string.Join(", ", reading.Owners.Skip(1)),
                    _ => null,
                };
                if (reading.State == "contested" || (reading.State is null && reading.Owners.Length > 1))
                {
                    // A contest names the attacker; the holder is the state before (the change's resolution adds it as a party).
                    faction = reading.Owners.FirstOrDefault(o => o != previous) ?? reading.Owners[0];
                    kind = ChangeKind.Capture;
                    status = ChangeStatus.Contested;
                    note = "contested on the map between " + string.Join(" and ", reading.Owners);
                    contested++;
                }
                else
                {
                    faction = reading.Owners[0];
                    kind = previous is not null && previous != faction ? ChangeKind.Capture : ChangeKind.Confirmation;
                    status = ChangeStatus.Held;
                    owner[placeId] = faction;
                    if (kind == ChangeKind.Capture) captures++; else confirmations++;
                }
                var changeId = WikipediaMapImporter.UniqueId(string.Create(CultureInfo.InvariantCulture, $"wpm-{stamp}-{++n:D5}"), changeIds);
                changes.Add(new ControlChange(changeId, placeId, faction, new GroundTime(rev.Date), kind, status, citations, rev.Timestamp, recordedBy, Note: note));
            }
        }
        // The module has no admin units: new places take the governorate of the nearest place that has one.
        var added = newPlaces.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        newPlaces = GazetteerMerger.InferGovernorates(places).Where(p => added.Contains(p.Id)).ToList();
        var additions = new DatasetAdditions([], sources, newPlaces, changes);
        return new WikipediaModuleImportResult(additions, revisions.Count, captures, confirmations, contested, newPlaces.Count, ambiguous, skipped, duplicates);
    }

    private static Place ToPlace(string id, ModuleMark m, MarkReading reading)
    {
        var kind = reading.Kind ?? (m.MarkSize switch { >= 10 => PlaceKind.City, >= 7 => PlaceKind.Town, _ => PlaceKind.Village });
        var notes = new List<string>();
        if (m.Page is { Length: > 0 } page) notes.Add($"Wikipedia page \"{page}\"");
        if (reading.KindNote is { } what) notes.Add(what);
        notes.Add("from the Syrian Civil War detailed map module");
        return new Place(id, WikipediaMapImporter.DisplayName(m.Name!), [], kind, Math.Round(m.Lon, 6), Math.Round(m.Lat, 6), AdminUnits.None, Note: string.Join("; ", notes));
    }
}
