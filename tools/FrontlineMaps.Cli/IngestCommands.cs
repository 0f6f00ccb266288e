using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Ingest;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Cli;

/// <summary>The <c>ingest</c> and <c>ingest-eval</c> commands: news reports to candidate control facts.</summary>
internal static class IngestCommands
{
    public static void Add(RootCommand root, Option<string?> data, TextWriter stdout, TextWriter stderr)
    {
        var gazetteer = new Option<string[]>("--gazetteer")
        {
            Description = "Further gazetteer to resolve names in, merged after the dataset's places: OCHA communities .geojson or a Wikipedia map extract .json. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var admin = new Option<string?>("--admin") { Description = "Governorate names and aliases (governorates.json shape: name.en, name.ar, aliases[].value)." };

        // ingest
        var file = new Argument<string>("FILE") { Description = "The report, as plain text (UTF-8)." };
        var published = new Option<string>("--published") { Description = "Publication date, YYYY-MM-DD: relative dates resolve against it.", Required = true };
        var publisher = new Option<string?>("--publisher") { Description = "Who published the report." };
        var title = new Option<string?>("--title") { Description = "The report's title." };
        var url = new Option<string?>("--url") { Description = "Where the report can be read." };
        var apply = new Option<bool>("--apply") { Description = "Record the resolved candidates as claimed changes, citing the report, in the --data store (a directory or .sqlite)." };
        var minConfidence = new Option<double>("--min-confidence") { Description = "With --apply: record only candidates at least this confident.", DefaultValueFactory = _ => 0.3 };
        var ingest = new Command("ingest", "Read a news report and write the control facts it states as candidate JSON.") { file, published, publisher, title, url, gazetteer, admin, apply, minConfidence };
        ingest.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path)) throw new CliUsageException("FILE", $"'{path}' does not exist");
            var info = new ReportInfo(CliArgs.ParseDate("--published", r.GetValue(published)), r.GetValue(publisher), r.GetValue(title), r.GetValue(url));
            var dataPath = r.GetValue(data);
            if (r.GetValue(apply) && dataPath is null) throw new CliUsageException("--apply", "needs --data: the store to record the changes in (the embedded dataset is read-only)");
            var dataset = FrontlineCommand.LoadDataset(dataPath, stderr).Dataset;
            var ingester = Build(dataset, r.GetValue(gazetteer)!, r.GetValue(admin), stderr);
            var result = ingester.Ingest(File.ReadAllText(path), info);
            stdout.WriteLine(IngestJson.Write(result, Path.GetFileName(path)));
            if (r.GetValue(apply))
            {
                DatasetAdditions additions;
                try
                {
                    additions = IngestApply.ToAdditions(result, dataset, Path.GetFileName(path), r.GetValue(minConfidence), DateTimeOffset.UtcNow, Environment.UserName is { Length: > 0 } u ? $"ingest:{u}" : "ingest");
                }
                catch (InvalidOperationException e) { throw new CliUsageException("--apply", e.Message); }
                if (additions.Changes.Count == 0) { stderr.WriteLine("nothing to record: no resolved candidate above --min-confidence"); return 0; }
                DatasetLoader.Open(dataPath!).Append(additions);
                stderr.WriteLine($"recorded {additions.Changes.Count} claimed change(s) citing source '{additions.Sources.FirstOrDefault()?.Id ?? additions.Changes[0].Sources[0].SourceId}' in {dataPath}");
            }
            return 0;
        });
        root.Subcommands.Add(ingest);

        // ingest-eval
        var dir = new Argument<string>("DIR") { Description = "Directory of reports (with reports.json giving each file's publication date)." };
        var annotations = new Argument<string>("ANNOTATIONS") { Description = "Expected facts, in the format of ../shared/reports/annotations.json." };
        var eval = new Command("ingest-eval", "Score the ingester against annotated reports: precision, recall, place accuracy, every miss and false alarm.") { dir, annotations, gazetteer, admin };
        eval.SetAction(r =>
        {
            var d = r.GetValue(dir)!;
            var a = r.GetValue(annotations)!;
            if (!Directory.Exists(d)) throw new CliUsageException("DIR", $"'{d}' is not a directory");
            if (!File.Exists(a)) throw new CliUsageException("ANNOTATIONS", $"'{a}' does not exist");
            var dataset = FrontlineCommand.LoadDataset(r.GetValue(data), stderr).Dataset;
            var ingester = Build(dataset, r.GetValue(gazetteer)!, r.GetValue(admin), stderr);
            stdout.Write(IngestEvaluator.Evaluate(ingester, d, a).ToText());
            return 0;
        });
        root.Subcommands.Add(eval);
    }

    internal static ReportIngester Build(Dataset dataset, string[] gazetteers, string? admin, TextWriter stderr)
    {
        foreach (var g in gazetteers)
            if (!File.Exists(g)) throw new CliUsageException("--gazetteer", $"'{g}' does not exist");
        if (admin is not null && !File.Exists(admin)) throw new CliUsageException("--admin", $"'{admin}' does not exist");
        var places = IngestGazetteer.Build(dataset.Places, gazetteers);
        var aliases = admin is null ? null : IngestGazetteer.ReadGovernorateAliases(admin);
        return new ReportIngester(dataset.Factions, places, aliases);
    }
}
