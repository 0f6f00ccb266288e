using System.CommandLine;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Import.WikipediaModule;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Cli;

/// <summary><c>import gazetteer</c> (merge a gazetteer into a dataset), <c>import snapshot</c> (a dated control baseline) and
/// <c>import wikipedia-module</c> (revisions of Wikipedia's detailed-map module as dated baselines).</summary>
internal static class ImportCommands
{
    public static void Add(Command import, Option<string?> data, CliSession session)
    {
        var (stdout, stderr) = (session.Stdout, session.Stderr);
        // import gazetteer
        var file = new Argument<string>("FILE") { Description = "The gazetteer file." };
        var format = new Option<string>("--format") { Description = "ocha, geonames (GeoNames dump such as SY.txt), wikipedia-module, geojson (Point features) or csv.", Required = true };
        format.AcceptOnlyFromAmong([.. GazetteerReaders.Formats]);
        var output = new Option<string>("--out") { Description = "Where to write the merged dataset (a new directory or .sqlite file): the --data dataset (default: embedded) with the gazetteer merged in.", Required = true };
        var nameField = new Option<string>("--name-field") { Description = "geojson/csv: the name column.", DefaultValueFactory = _ => "name" };
        var lonField = new Option<string>("--lon-field") { Description = "csv: the longitude column.", DefaultValueFactory = _ => "lon" };
        var latField = new Option<string>("--lat-field") { Description = "csv: the latitude column.", DefaultValueFactory = _ => "lat" };
        var idField = new Option<string?>("--id-field") { Description = "geojson/csv: a code column to make ids from." };
        var altField = new Option<string?>("--alt-names-field") { Description = "geojson/csv: alternate names (separated by ; | or ,)." };
        var govField = new Option<string?>("--governorate-field") { Description = "geojson/csv: the governorate (admin 1) column." };
        var maxKm = new Option<double>("--max-km") { Description = "How far apart two records of one place may lie.", DefaultValueFactory = _ => 3.0 };
        var report = new Option<string?>("--report") { Description = "Also write every merge decision (incoming id, result id, outcome, candidates) as CSV to this file." };
        var gazetteer = new Command("gazetteer", "Merge a gazetteer into a dataset: matched places gain its spellings as alternate names, the rest are added; prints merged/added/ambiguous counts.")
            { file, format, output, nameField, lonField, latField, idField, altField, govField, maxKm, report };
        gazetteer.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path)) throw new CliUsageException("FILE", $"'{path}' does not exist");
            if (r.GetValue(maxKm) is <= 0 or > 50) throw new CliUsageException("--max-km", "must be in (0, 50]");
            var columns = new ColumnMap(r.GetValue(nameField)!, r.GetValue(lonField)!, r.GetValue(latField)!, r.GetValue(idField), r.GetValue(altField), r.GetValue(govField));
            var dataset = session.LoadDataset(r.GetValue(data)).Dataset;
            var incoming = CliSession.WithProgress(stderr, $"Reading {path}", () => GazetteerReaders.Read(r.GetValue(format)!, path, columns));
            var merge = CliSession.WithProgress(stderr, $"Merging {incoming.Length:N0} places", progress => GazetteerMerger.Merge(dataset.Places, incoming, r.GetValue(maxKm), progress));
            var places = GazetteerMerger.InferGovernorates(merge.Places);
            CliSession.Write(dataset with { Places = places }, r.GetValue(output)!, stderr);
            if (r.GetValue(report) is { } reportPath)
            {
                using var w = new StreamWriter(reportPath);
                w.WriteLine("incoming_id,result_id,outcome,candidates");
                foreach (var d in merge.Decisions) w.WriteLine($"{d.IncomingId},{d.ResultId},{d.Outcome},{string.Join(' ', d.Candidates)}");
            }
            stdout.WriteLine($"merged {merge.Merged:N0}, added {merge.Added:N0}, ambiguous {merge.Ambiguous:N0} (of {incoming.Length:N0} places); {places.Length:N0} places written to {r.GetValue(output)}");
            return 0;
        });
        import.Subcommands.Add(gazetteer);

        // import snapshot
        var snapFile = new Argument<string>("FILE") { Description = "A Wikipedia detailed-map extract (JSON array with name, lat, lng, owner)." };
        var asOf = new Option<string>("--as-of") { Description = "The snapshot's date, YYYY-MM-DD.", Required = true };
        var factionMap = new Option<string>("--faction-map") { Description = "owner=faction lines (or a JSON object) mapping the snapshot's owner codes to the dataset's faction ids.", Required = true };
        var snapshot = new Command("snapshot", "Load a dated control baseline into the --data store as confirmations citing the snapshot.") { snapFile, asOf, factionMap };
        snapshot.SetAction(r =>
        {
            var path = r.GetValue(snapFile)!;
            if (!File.Exists(path)) throw new CliUsageException("FILE", $"'{path}' does not exist");
            var mapPath = r.GetValue(factionMap)!;
            if (!File.Exists(mapPath)) throw new CliUsageException("--faction-map", $"'{mapPath}' does not exist");
            var date = CliArgs.ParseDate("--as-of", r.GetValue(asOf));
            var dataPath = r.GetValue(data) ?? throw new CliUsageException("--data", "give the store to load the snapshot into (the embedded dataset is read-only)");
            var dataset = session.LoadDataset(dataPath).Dataset;
            var result = CliSession.WithProgress(stderr, $"Matching {path}", () =>
                SnapshotImport.Build(dataset, path, date, mapPath, DateTimeOffset.UtcNow, "import-snapshot"));
            DatasetLoader.Open(dataPath).Append(result.Additions);
            stdout.WriteLine($"{result.Additions.Changes.Count:N0} confirmations as of {date:yyyy-MM-dd}; places matched {result.Matched:N0}, added {result.AddedPlaces:N0}, ambiguous {result.Ambiguous:N0}");
            return 0;
        });
        import.Subcommands.Add(snapshot);

        // import wikipedia-module
        var moduleFile = new Argument<string>("FILE|DIR") { Description = "The module's raw source (action=raw) of one revision, or a directory of revisions named by timestamp and/or revision id." };
        var marks = new Option<string?>("--marks") { Description = "A mark table (TSV, see docs/import-wikipedia-module.md) instead of the built-in one." };
        var revisionsIndex = new Option<string?>("--revisions") { Description = "The MediaWiki API's revisions JSON (revid, timestamp), for files named by revision id only; default: revisions.json in the directory." };
        var moduleAsOf = new Option<string?>("--as-of") { Description = "For a single file whose name carries no timestamp: when the revision was saved (YYYY-MM-DD or RFC 3339)." };
        var module = new Command("wikipedia-module", "Load revisions of Wikipedia's Syrian Civil War detailed map module into the --data store: per revision a source citing its permanent URL, confirmations where the owner is unchanged, captures where it changed.")
            { moduleFile, marks, revisionsIndex, moduleAsOf };
        module.SetAction(r =>
        {
            var path = r.GetValue(moduleFile)!;
            if (!File.Exists(path) && !Directory.Exists(path)) throw new CliUsageException("FILE|DIR", $"'{path}' does not exist");
            if (r.GetValue(marks) is { } m && !File.Exists(m)) throw new CliUsageException("--marks", $"'{m}' does not exist");
            if (r.GetValue(revisionsIndex) is { } ri && !File.Exists(ri)) throw new CliUsageException("--revisions", $"'{ri}' does not exist");
            // A date alone means the revision was saved at the start of that day (UTC).
            var asOfValue = r.GetValue(moduleAsOf) is not { } a ? (DateTimeOffset?)null
                : a.Contains('T') ? CliArgs.ParseKnownAt("--as-of", a)
                : new DateTimeOffset(CliArgs.ParseDate("--as-of", a).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var dataPath = r.GetValue(data) ?? throw new CliUsageException("--data", "give the store to load the revisions into (the embedded dataset is read-only)");
            var table = r.GetValue(marks) is { } mt ? MarkTable.Read(mt) : MarkTable.Default;
            var revisions = ModuleRevision.Find(path, r.GetValue(revisionsIndex), asOfValue);
            var dataset = session.LoadDataset(dataPath).Dataset;
            var result = CliSession.WithProgress(stderr, $"Reading {revisions.Count:N0} revision(s)", () => WikipediaModuleImport.Build(dataset, revisions, table));
            DatasetLoader.Open(dataPath).Append(result.Additions);
            stdout.WriteLine($"{result.Revisions:N0} revision(s): {result.Confirmations:N0} confirmations, {result.Captures:N0} captures, {result.Contested:N0} contested; places added {result.AddedPlaces:N0} (ambiguous {result.Ambiguous:N0}); marks skipped {result.Skipped:N0} (not places), duplicates {result.Duplicates:N0}");
            return 0;
        });
        import.Subcommands.Add(module);
    }
}
