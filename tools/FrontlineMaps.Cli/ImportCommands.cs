using System.CommandLine;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Cli;

/// <summary><c>import gazetteer</c> (merge a gazetteer into a dataset) and <c>import snapshot</c> (a dated control baseline).</summary>
internal static class ImportCommands
{
    public static void Add(Command import, Option<string?> data, TextWriter stdout, TextWriter stderr)
    {
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
            var dataset = FrontlineCommand.LoadDataset(r.GetValue(data), stderr).Dataset;
            var incoming = FrontlineCommand.WithProgress(stderr, $"Reading {path}", () => GazetteerReaders.Read(r.GetValue(format)!, path, columns));
            var merge = FrontlineCommand.WithProgress(stderr, $"Merging {incoming.Length:N0} places", progress => GazetteerMerger.Merge(dataset.Places, incoming, r.GetValue(maxKm), progress));
            var places = GazetteerMerger.InferGovernorates(merge.Places);
            FrontlineCommand.Write(dataset with { Places = places }, r.GetValue(output)!, stderr);
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
            var dataset = FrontlineCommand.LoadDataset(dataPath, stderr).Dataset;
            var result = FrontlineCommand.WithProgress(stderr, $"Matching {path}", () =>
                SnapshotImport.Build(dataset, path, date, mapPath, DateTimeOffset.UtcNow, "import-snapshot"));
            DatasetLoader.Open(dataPath).Append(result.Additions);
            stdout.WriteLine($"{result.Additions.Changes.Count:N0} confirmations as of {date:yyyy-MM-dd}; places matched {result.Matched:N0}, added {result.AddedPlaces:N0}, ambiguous {result.Ambiguous:N0}");
            return 0;
        });
        import.Subcommands.Add(snapshot);
    }
}
