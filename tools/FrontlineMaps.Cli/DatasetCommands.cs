using System.CommandLine;
using System.Text;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Cli;

/// <summary><c>frontline generate</c>, <c>import</c> and <c>export</c>: datasets made, brought in and written out.</summary>
internal static class DatasetCommands
{
    public static void Add(RootCommand root, Option<string?> data, CliSession session)
    {
        var stderr = session.Stderr;
        // generate
        var places = new Option<int>("--places") { Description = "Number of places.", DefaultValueFactory = _ => 50_000 };
        var changeCount = new Option<int>("--changes") { Description = "Number of control changes.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same dataset).", DefaultValueFactory = _ => 7 };
        var outPath = new Option<string>("--out") { Description = "Where to write: a directory (NDJSON files) or a .sqlite file.", Required = true };
        var generate = new Command("generate", "Generate a synthetic dataset with contiguous, drifting fronts, for scale tests.") { places, changeCount, seed, outPath };
        generate.SetAction(r =>
        {
            var n = r.GetValue(places);
            var m = r.GetValue(changeCount);
            if (n <= 0) throw new CliUsageException("--places", "must be positive");
            if (m < 0) throw new CliUsageException("--changes", "must not be negative");
            var dataset = CliSession.WithProgress(stderr, $"Generating {n:N0} places, {m:N0} changes", progress =>
                DatasetGenerator.Generate(new GeneratorOptions { Places = n, Changes = m, Seed = r.GetValue(seed), Progress = progress }));
            CliSession.Write(dataset, r.GetValue(outPath)!, stderr);
            stderr.WriteLine($"wrote {dataset.Places.Length:N0} places and {dataset.Changes.Length:N0} changes to {r.GetValue(outPath)}");
            return 0;
        });
        root.Subcommands.Add(generate);

        // import: one subcommand per format (frontline import ocha FILE --out X, as before), plus gazetteer and snapshot
        var import = new Command("import", "Import a gazetteer or a control history into a new dataset, merge a gazetteer into a dataset, or load a dated control snapshot.");
        foreach (var fmt in GazetteerImport.Formats)
        {
            var input = new Argument<string>("INPUT") { Description = fmt is "ukraine" or "postgis-bench" ? "The directory to import." : "The file to import." };
            var importOut = new Option<string>("--out") { Description = "Where to write the imported dataset: a directory or a .sqlite file.", Required = true };
            var description = fmt switch
            {
                "ocha" => "OCHA communities GeoJSON into a new dataset.",
                "wikipedia" => "The Wikipedia detailed-map extract (places and their controllers) into a new dataset.",
                "ukraine" => "A places.csv + changes.csv directory into a new dataset.",
                _ => "The villages.csv + events.csv directory from bench/postgis-setup.sh into a new dataset.",
            };
            var sub = new Command(fmt, description) { input, importOut };
            var format = fmt;
            sub.SetAction(r =>
            {
                var file = r.GetValue(input)!;
                var dataset = CliSession.WithProgress(stderr, $"Importing {file}", () => GazetteerImport.Import(format, file));
                CliSession.Write(dataset, r.GetValue(importOut)!, stderr);
                stderr.WriteLine($"imported {dataset.Places.Length:N0} places and {dataset.Changes.Length:N0} changes into {r.GetValue(importOut)}");
                return 0;
            });
            import.Subcommands.Add(sub);
        }
        // import dataset: a dataset directory (e.g. written by 'frontline export') into a new store or the configured one
        var datasetInput = new Argument<string>("DIR") { Description = "A dataset directory (docs/data-format.md), e.g. written by 'frontline export'." };
        var datasetOut = new Option<string?>("--out") { Description = "A new directory or .sqlite file. Default: the configured store (Store:*), which must be empty." };
        var datasetImport = new Command("dataset", "A dataset directory (every record, as 'frontline export' writes it) into a new store: the round trip gives an identical store.") { datasetInput, datasetOut };
        datasetImport.SetAction(r =>
        {
            var file = r.GetValue(datasetInput)!;
            var dataset = CliSession.WithProgress(stderr, $"Reading {file}", () => Directory.Exists(file) ? DatasetFiles.Read(file) : throw new CliUsageException("DIR", $"'{file}' is not a dataset directory"));
            var target = r.GetValue(datasetOut);
            if (target is not null) CliSession.Write(dataset, target, stderr);
            else
            {
                var options = session.Store.Options;
                if (options.Provider == StoreOptions.Sqlite)
                {
                    var store = new SqliteStore(options.Path);
                    if (!store.IsEmpty) throw new CliUsageException("Store:Path", $"'{options.Path}' already holds a dataset; import needs an empty store");
                    store.Import(dataset);
                    target = options.Path;
                }
                else if (options.Provider == StoreOptions.Postgres)
                {
                    if (string.IsNullOrWhiteSpace(options.ConnectionString)) throw new CliUsageException("Store:ConnectionString", "required when Store:Provider is 'postgres'");
                    using var store = new PostgresStore(options.ConnectionString);
                    if (!store.IsEmpty) throw new CliUsageException("Store:ConnectionString", $"PostgreSQL database '{store.Label}' already holds a dataset; import needs an empty store");
                    store.Import(dataset);
                    target = $"PostgreSQL database '{store.Label}'";
                }
                else throw new CliUsageException("--out", $"importing into a '{options.Provider}' store is not supported; give --out");
            }
            stderr.WriteLine($"imported {dataset.Places.Length:N0} places and {dataset.Changes.Length:N0} changes into {target} (version {DatasetVersion.Compute(dataset)})");
            return 0;
        });
        import.Subcommands.Add(datasetImport);
        ImportCommands.Add(import, data, session);
        root.Subcommands.Add(import);

        // export
        var exportOut = new Option<string>("--out") { Description = "Destination: for 'dataset', a directory (NDJSON of every record) or a .sqlite file (must not exist or be empty); for geojson and csv, a file or - for stdout.", Required = true };
        var exportFormat = new Option<string>("--format") { Description = "dataset (every record: the directory format, or SQLite), geojson or csv (the change log).", DefaultValueFactory = _ => "dataset" };
        exportFormat.AcceptOnlyFromAmong("dataset", "geojson", "csv");
        var export = new Command("export", "Export a dataset: every record (NDJSON directory or SQLite), or the change log as GeoJSON or CSV.") { exportOut, exportFormat };
        export.SetAction(r =>
        {
            var (dataset, version) = session.LoadDataset(r.GetValue(data));
            var output = r.GetValue(exportOut)!;
            switch (r.GetValue(exportFormat))
            {
                case "geojson":
                case "csv":
                    var timeline = new ControlTimeline(dataset, version);
                    using (var stream = output == "-" ? Console.OpenStandardOutput() : File.Create(output))
                    {
                        if (r.GetValue(exportFormat) == "geojson") StoreCommands.WriteChangesGeoJson(stream, timeline);
                        else
                        {
                            using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                            ChangeCsv.Write(text, timeline, timeline.Log, null);
                        }
                    }
                    break;
                default:
                    CliSession.Write(dataset, output, stderr);
                    stderr.WriteLine($"exported {dataset.Places.Length:N0} places and {dataset.Changes.Length:N0} changes to {output} (version {version})");
                    break;
            }
            return 0;
        });
        root.Subcommands.Add(export);
    }
}
