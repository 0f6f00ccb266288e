using System.CommandLine;
using System.Globalization;
using FrontlineMaps.Core.Import;

namespace FrontlineMaps.Cli;

/// <summary><c>build-data</c>: the embedded dataset (data/) from the curated inputs and ../shared, reproducibly.</summary>
internal static class BuildDataCommand
{
    public static void Add(RootCommand root, TextWriter stdout, TextWriter stderr)
    {
        var shared = new Option<string>("--shared") { Description = "The shared open data (OCHA communities, Wikipedia map extracts).", DefaultValueFactory = _ => "../shared" };
        var output = new Option<string>("--out") { Description = "Where to write the dataset (data/): its NDJSON files, dataset.json, boundary.geojson and ATTRIBUTION.md are replaced.", DefaultValueFactory = _ => "data" };
        var curated = new Option<string?>("--curated") { Description = "The curated inputs. Default: OUT/curated." };
        var reports = new Option<string?>("--reports-out") { Description = "Also write the small dataset of the five reports (the test fixture tests/data/reports)." };
        var command = new Command("build-data", "Build the embedded dataset: curated places, merged with the OCHA communities and the Wikipedia map, the map's controllers of 2026-01-26 and 2026-01-30, the report facts and the curated history. Same inputs, same bytes.")
            { shared, output, curated, reports };
        command.SetAction(r =>
        {
            var sharedDir = r.GetValue(shared)!;
            var outDir = r.GetValue(output)!;
            var curatedDir = r.GetValue(curated) ?? Path.Combine(outDir, "curated");
            if (!Directory.Exists(sharedDir)) throw new CliUsageException("--shared", $"'{sharedDir}' is not a directory");
            if (!Directory.Exists(curatedDir)) throw new CliUsageException("--curated", $"'{curatedDir}' is not a directory");
            var result = CliSession.WithProgress(stderr, "Building the dataset", () => DataBuild.Run(sharedDir, curatedDir));
            DataBuild.Write(result, outDir, r.GetValue(reports));
            var c = result.Counts;
            var f = result.Full;
            string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
            stdout.WriteLine($"places: {N(c.CuratedPlaces)} curated; OCHA merged {N(c.OchaMerged)}, added {N(c.OchaAdded)}; Wikipedia merged {N(c.WikipediaMerged)}, added {N(c.WikipediaAdded)}, ambiguous {N(c.WikipediaAmbiguous)}; earlier extract added {N(c.EarlierExtractAdded)}; history {N(c.HistoryPlaces)}");
            stdout.WriteLine($"changes: {N(c.ReportFacts)} report facts, {string.Join(", ", c.Snapshots.Select(s => $"{N(s.Confirmations)} confirmations of {s.Date:yyyy-MM-dd}"))}, {N(c.HistoryFacts)} history facts from {N(c.HistorySources)} reports ({N(c.HistoryPublishers)} outlets)");
            stdout.WriteLine($"wrote {N(f.Places.Length)} places, {N(f.Factions.Length)} factions, {N(f.Sources.Length)} sources, {N(f.Changes.Length)} changes to {outDir}{(r.GetValue(reports) is { } rp ? $"; the reports dataset ({N(result.Reports.Places.Length)} places, {N(result.Reports.Changes.Length)} changes) to {rp}" : "")}");
            return 0;
        });
        root.Subcommands.Add(command);
    }
}
