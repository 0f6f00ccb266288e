using System.CommandLine;
using System.Globalization;
using System.Text;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using Spectre.Console;

namespace FrontlineMaps.Cli;

/// <summary>The <c>frontline</c> command: snapshot, history, changes, timeline, area, generate, import, export.</summary>
public static class FrontlineCommand
{
    /// <summary>Runs the command line; returns the exit code (0 ok, 1 bad data, 2 bad usage).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var (rest, store) = StoreConfig.Read(args);
            _store = store;
            var root = Build(stdout, stderr);
            var parsed = root.Parse(rest);
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliUsageException or ArgumentException)
        {
            stderr.WriteLine($"frontline: {e.Message}");
            return 2;
        }
        catch (StoreConfigurationException e)
        {
            stderr.WriteLine($"frontline: {e.Message}");
            return 2;
        }
        catch (System.Data.Common.DbException e)
        {
            // The database could not be reached or refused the work (Npgsql's message never repeats the password).
            stderr.WriteLine($"frontline: the store's database: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is DatasetFormatException or ImportException or IOException or UnauthorizedAccessException)
        {
            // Bad data or an unreadable/unwritable file: the message names the file (and line and field where there is one).
            stderr.WriteLine($"frontline: {e.Message}");
            return 1;
        }
        finally
        {
            _store = null;
        }
    }

    // The store configuration of the running invocation (tests run several invocations at once, each on its own thread).
    [ThreadStatic]
    private static StoreConfig? _store;

    private static StoreConfig Store => _store ?? StoreConfig.Read([]).Store;

    /// <summary>The configured store (Store:*), created and seeded from data/ when it is new, as the server does.</summary>
    internal static IDatasetStore OpenConfiguredStore() => StoreFactory.Open(Store.Options);

    private static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string?>("--data")
        {
            Description = "Dataset to read: a directory of NDJSON files (docs/data-format.md) or a .sqlite file. Default: the configured store when Store:* settings are given (environment or --Store:...), else the embedded dataset.",
            Recursive = true,
        };
        var knownAt = new Option<string?>("--known-at")
        {
            Description = "The map as published then: only records recorded by this date (end of day, UTC) or RFC 3339 instant count.",
            Recursive = true,
        };

        var root = new RootCommand("FrontlineMaps: who held which place when, with sources.") { data, knownAt };

        // snapshot
        var at = new Option<string>("--at") { Description = "Date of the map, YYYY-MM-DD (the map at the end of that day).", Required = true };
        var layer = new Option<string>("--layer") { Description = "Layer to write: places, territory or frontlines.", DefaultValueFactory = _ => "places" };
        layer.AcceptOnlyFromAmong("places", "territory", "frontlines");
        var snapshot = new Command("snapshot", "Write the map at a date as a GeoJSON FeatureCollection to stdout.") { at, layer };
        snapshot.SetAction(r =>
        {
            var day = CliArgs.ParseDate("--at", r.GetValue(at));
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = LoadTimeline(r.GetValue(data), stderr);
            var snap = timeline.Snapshot(day, known);
            var output = new ArrayBufferWriterStream(stdout);
            switch (r.GetValue(layer))
            {
                case "territory":
                    GeoJsonFeatureEncoder.WriteTerritories(output.Buffer, WithProgress(stderr, "Building place cells", () => new ControlMap(timeline)).Territories(snap), snap.ValidAt);
                    break;
                case "frontlines":
                    GeoJsonFeatureEncoder.WriteFrontLines(output.Buffer, WithProgress(stderr, "Building place cells", () => new ControlMap(timeline)).FrontLines(snap), snap.ValidAt);
                    break;
                default:
                    new GeoJsonFeatureEncoder(timeline).WritePlaces(output.Buffer, snap);
                    break;
            }
            output.Flush();
            return 0;
        });
        root.Subcommands.Add(snapshot);

        // history
        var placeArg = new Argument<string>("PLACE") { Description = "Place id or any spelling of its name (Ejaz, Ajaz, A'jaz...)." };
        var historyFormat = new Option<string>("--format") { Description = "text or geojson.", DefaultValueFactory = _ => "text" };
        historyFormat.AcceptOnlyFromAmong("text", "geojson");
        var history = new Command("history", "Every record of one place, with its sources and the state after it.") { placeArg, historyFormat };
        history.SetAction(r =>
        {
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = LoadTimeline(r.GetValue(data), stderr);
            var query = r.GetValue(placeArg)!;
            var found = new PlaceNameIndex(timeline.Places).Find(query);
            if (found.Count == 0) throw new CliUsageException("PLACE", $"no place is called '{query}'");
            if (found.Count > 1)
                throw new CliUsageException("PLACE", $"'{query}' names {found.Count} places; give an id: " +
                    string.Join(", ", found.Select(p => $"{p.Id} ({p.Admin.Governorate ?? "?"})")));
            var place = found[0];
            var entries = timeline.History(place.Id, known);
            if (r.GetValue(historyFormat) == "geojson")
            {
                var output = new ArrayBufferWriterStream(stdout);
                new GeoJsonFeatureEncoder(timeline).WriteChanges(output.Buffer, entries.Select(e => e.Change), known);
                output.Flush();
                return 0;
            }
            WriteHistoryText(stdout, timeline, place, entries);
            return 0;
        });
        root.Subcommands.Add(history);

        // changes
        var from = new Option<string>("--from") { Description = "First day (included), YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (excluded: intervals are half-open), YYYY-MM-DD.", Required = true };
        var changesFormat = new Option<string>("--format") { Description = "geojson or csv.", DefaultValueFactory = _ => "geojson" };
        changesFormat.AcceptOnlyFromAmong("geojson", "csv");
        var changes = new Command("changes", "The change feed: records whose day is in [from, to).") { from, to, changesFormat };
        changes.SetAction(r =>
        {
            var f = CliArgs.ParseDate("--from", r.GetValue(from));
            var t = CliArgs.ParseDate("--to", r.GetValue(to));
            if (t < f) throw new CliUsageException("--to", $"{t:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = LoadTimeline(r.GetValue(data), stderr);
            var feed = timeline.Changes(f, t, known);
            if (r.GetValue(changesFormat) == "csv")
            {
                ChangeCsv.Write(stdout, timeline, feed, known);
                return 0;
            }
            var output = new ArrayBufferWriterStream(stdout);
            new GeoJsonFeatureEncoder(timeline).WriteChanges(output.Buffer, feed, known);
            output.Flush();
            return 0;
        });
        root.Subcommands.Add(changes);

        // timeline
        var ticks = new Command("timeline", "The days with records and their counts per faction (the ticks of the timeline).");
        ticks.SetAction(r =>
        {
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = LoadTimeline(r.GetValue(data), stderr);
            foreach (var d in timeline.ChangeDates(known))
                stdout.WriteLine($"{d.Day:yyyy-MM-dd}  {d.Total,5}  {string.Join(' ', d.PerFaction.Select(kv => $"{kv.Key}={kv.Value}"))}");
            return 0;
        });
        root.Subcommands.Add(ticks);

        // area
        var areaAt = new Option<string>("--at") { Description = "Date, YYYY-MM-DD.", Required = true };
        var area = new Command("area", "Held area per faction in km² at a date.") { areaAt };
        area.SetAction(r =>
        {
            var day = CliArgs.ParseDate("--at", r.GetValue(areaAt));
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = LoadTimeline(r.GetValue(data), stderr);
            var map = WithProgress(stderr, "Building place cells", () => new ControlMap(timeline));
            foreach (var (faction, km2) in map.AreaByFaction(timeline.Snapshot(day, known)))
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{faction}\t{km2:F1}"));
            return 0;
        });
        root.Subcommands.Add(area);

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
            var dataset = WithProgress(stderr, $"Generating {n:N0} places, {m:N0} changes", progress =>
                DatasetGenerator.Generate(new GeneratorOptions { Places = n, Changes = m, Seed = r.GetValue(seed), Progress = progress }));
            Write(dataset, r.GetValue(outPath)!, stderr);
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
                var dataset = WithProgress(stderr, $"Importing {file}", () => GazetteerImport.Import(format, file));
                Write(dataset, r.GetValue(importOut)!, stderr);
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
            var dataset = WithProgress(stderr, $"Reading {file}", () => Directory.Exists(file) ? DatasetFiles.Read(file) : throw new CliUsageException("DIR", $"'{file}' is not a dataset directory"));
            var target = r.GetValue(datasetOut);
            if (target is not null) Write(dataset, target, stderr);
            else
            {
                var options = Store.Options;
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
        ImportCommands.Add(import, data, stdout, stderr);
        root.Subcommands.Add(import);

        // export
        var exportOut = new Option<string>("--out") { Description = "Destination: for 'dataset', a directory (NDJSON of every record) or a .sqlite file (must not exist or be empty); for geojson and csv, a file or - for stdout.", Required = true };
        var exportFormat = new Option<string>("--format") { Description = "dataset (every record: the directory format, or SQLite), geojson or csv (the change log).", DefaultValueFactory = _ => "dataset" };
        exportFormat.AcceptOnlyFromAmong("dataset", "geojson", "csv");
        var export = new Command("export", "Export a dataset: every record (NDJSON directory or SQLite), or the change log as GeoJSON or CSV.") { exportOut, exportFormat };
        export.SetAction(r =>
        {
            var (dataset, version) = LoadDataset(r.GetValue(data), stderr);
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
                    Write(dataset, output, stderr);
                    stderr.WriteLine($"exported {dataset.Places.Length:N0} places and {dataset.Changes.Length:N0} changes to {output} (version {version})");
                    break;
            }
            return 0;
        });
        root.Subcommands.Add(export);

        IngestCommands.Add(root, data, stdout, stderr);
        BuildDataCommand.Add(root, stdout, stderr);
        StoreCommands.Add(root, OpenConfiguredStore, stdout, stderr);

        return root;
    }

    internal static (Dataset Dataset, string Version) LoadDataset(string? path, TextWriter stderr)
    {
        if (path is null)
        {
            if (Store.IsConfigured)
            {
                var configured = OpenConfiguredStore();
                try
                {
                    return (configured.Load(), configured.Version);
                }
                finally
                {
                    (configured as IDisposable)?.Dispose();
                }
            }
            return (EmbeddedDataset.Load(), EmbeddedDataset.Version);
        }
        if (!File.Exists(path) && !Directory.Exists(path)) throw new CliUsageException("--data", $"'{path}' does not exist");
        var s = DatasetLoader.Open(path);
        return (WithProgress(stderr, $"Loading {path}", () => s.Load()), s.Version);
    }

    internal static ControlTimeline LoadTimeline(string? path, TextWriter stderr)
    {
        var (dataset, version) = LoadDataset(path, stderr);
        return WithProgress(stderr, "Indexing the control log", () => new ControlTimeline(dataset, version));
    }

    internal static void Write(Dataset dataset, string path, TextWriter stderr)
    {
        WithProgress(stderr, $"Writing {path}", () =>
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (ext is not (".sqlite" or ".sqlite3" or ".db"))
            {
                if (File.Exists(path)) throw new CliUsageException("--out", $"'{path}' is a file; give a directory or a .sqlite file");
                Directory.CreateDirectory(path);
            }
            var store = DatasetLoader.Open(path);
            if (!store.IsEmpty) throw new CliUsageException("--out", $"'{path}' already holds a dataset; give a new path");
            store.Import(dataset);
            return 0;
        });
    }

    private static void WriteHistoryText(TextWriter stdout, ControlTimeline timeline, Place place, IReadOnlyList<HistoryEntry> entries)
    {
        var sources = timeline.Dataset.Sources.ToDictionary(s => s.Id);
        stdout.WriteLine($"{place.Name} ({place.Id}){(place.AlternateNames.IsDefaultOrEmpty ? "" : " — also " + string.Join(", ", place.AlternateNames))}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{place.Lat:F4}, {place.Lon:F4}{(place.LocationIsApproximate ? " (approximate)" : "")}  {place.Admin.Governorate} {place.Admin.District}"));
        if (entries.Count == 0) stdout.WriteLine("no records");
        foreach (var e in entries)
        {
            var c = e.Change;
            var state = e.StateAfter;
            var holder = state.Controller >= 0 ? timeline.Factions[state.Controller].Id : "-";
            var parties = string.Join("/", state.Parties.Select(p => timeline.Factions[p].Id));
            stdout.WriteLine();
            stdout.WriteLine($"{GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime)}{(c.ValidTime.ApproxTo is { } a ? $"..{a:yyyy-MM-dd}" : "")}  " +
                $"{GeoJsonFeatureEncoder.KindName(c.Kind)} {GeoJsonFeatureEncoder.StatusName(c.Status)}{(c.FactionId is null ? "" : " by " + c.FactionId)}" +
                $"{(c.Retracts is null ? "" : " (retracts " + c.Retracts + ")")}{(e.Retracted ? "  [RETRACTED]" : "")}  [{c.Id}]");
            stdout.WriteLine($"    → {GeoJsonFeatureEncoder.StatusName(state.Status)} {holder}{(state.Parties.Length > 1 ? " (" + parties + ")" : "")}");
            foreach (var cit in c.Sources)
            {
                var s = sources.GetValueOrDefault(cit.SourceId);
                stdout.WriteLine($"    source: {s?.Publisher}, \"{s?.Title}\", {s?.Published:yyyy-MM-dd}{(s?.Url is null ? "" : " " + s.Url)}{(cit.Claimant is null ? "" : $" — claimed by {cit.Claimant}")}");
            }
            if (c.Note is not null) stdout.WriteLine($"    note: {c.Note}");
            stdout.WriteLine($"    recorded {c.RecordedAt:yyyy-MM-dd HH:mm:ss}Z by {c.RecordedBy}");
        }
    }

    /// <summary>Runs <paramref name="work"/> with a Spectre status spinner when stderr is a terminal; quietly otherwise.</summary>
    internal static T WithProgress<T>(TextWriter stderr, string title, Func<T> work) => WithProgress(stderr, title, _ => work());

    internal static T WithProgress<T>(TextWriter stderr, string title, Func<Action<double>?, T> work)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error)) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
            result = work(p => task.Value = Math.Clamp(p, 0, 1));
            task.Value = 1.0;
        });
        return result;
    }
}

/// <summary>Buffers UTF-8 output and copies it to a <see cref="TextWriter"/> (stdout) in one go.</summary>
internal sealed class ArrayBufferWriterStream(TextWriter target)
{
    public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(1 << 16);

    public void Flush()
    {
        target.Write(System.Text.Encoding.UTF8.GetString(Buffer.WrittenSpan));
        target.WriteLine();
        target.Flush();
    }
}

