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
    public static void Add(RootCommand root, Option<string?> data, CliSession session)
    {
        var (stdout, stderr) = (session.Stdout, session.Stderr);
        var gazetteer = new Option<string[]>("--gazetteer")
        {
            Description = "Further gazetteer to resolve names in, merged after the dataset's places: OCHA communities .geojson or a Wikipedia map extract .json. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var admin = new Option<string?>("--admin") { Description = "Governorate names and aliases (governorates.json shape: name.en, name.ar, aliases[].value)." };

        // ingest
        var file = new Argument<string>("PATH") { Description = "The report as plain text (UTF-8); or a directory of .txt reports (dated by its reports.json or --published); or an NDJSON file of {text, published, publisher, title, url}." };
        var published = new Option<string?>("--published") { Description = "Publication date, YYYY-MM-DD: relative dates resolve against it. Required for one file; for a directory, the date of files its reports.json does not list." };
        var publisher = new Option<string?>("--publisher") { Description = "Who published the report." };
        var title = new Option<string?>("--title") { Description = "The report's title." };
        var url = new Option<string?>("--url") { Description = "Where the report can be read." };
        var apply = new Option<bool>("--apply") { Description = "Record the resolved candidates as claimed changes, citing the report, in the --data store (a directory or .sqlite). One report only." };
        var minConfidence = new Option<double>("--min-confidence") { Description = "With --apply: record only candidates at least this confident.", DefaultValueFactory = _ => 0.3 };
        var explain = new Option<bool>("--explain") { Description = "Print the clause analysis of every sentence (mentions, cues, roles, attribution, date, and why a fact was or was not emitted) instead of the JSON." };
        var outDir = new Option<string?>("--out") { Description = "For a batch: write one JSON file per report into this directory (created) instead of an NDJSON stream on stdout." };
        var ingest = new Command("ingest", "Read news reports and write the control facts they state as candidate JSON (one report), or NDJSON / one file per report (a batch).") { file, published, publisher, title, url, gazetteer, admin, apply, minConfidence, explain, outDir };
        ingest.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var batch = Directory.Exists(path) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
            if (!batch && !File.Exists(path)) throw new CliUsageException("PATH", $"'{path}' does not exist");
            if (batch && !Directory.Exists(path) && !File.Exists(path)) throw new CliUsageException("PATH", $"'{path}' does not exist");
            var dataPath = r.GetValue(data);
            if (r.GetValue(apply) && dataPath is null) throw new CliUsageException("--apply", "needs --data: the store to record the changes in (the embedded dataset is read-only)");
            if (r.GetValue(apply) && batch) throw new CliUsageException("--apply", "records one report at a time; give a .txt file");
            if (r.GetValue(outDir) is not null && !batch) throw new CliUsageException("--out", "is for a batch (a directory or an NDJSON file)");
            if (batch)
            {
                DateOnly? day = r.GetValue(published) is { } p ? CliArgs.ParseDate("--published", p) : null;
                var reports = IngestBatch.Read(path, day);
                var datasetB = session.LoadDataset(dataPath).Dataset;
                var ingesterB = Build(datasetB, r.GetValue(gazetteer)!, r.GetValue(admin), stderr);
                IngestBatchRun(ingesterB, reports, r.GetValue(outDir), r.GetValue(explain), stdout, stderr);
                return 0;
            }
            var info = new ReportInfo(CliArgs.ParseDate("--published", r.GetValue(published)), r.GetValue(publisher), r.GetValue(title), r.GetValue(url));
            var dataset = session.LoadDataset(dataPath).Dataset;
            var ingester = Build(dataset, r.GetValue(gazetteer)!, r.GetValue(admin), stderr);
            var explanation = r.GetValue(explain) ? new IngestExplanation() : null;
            var result = ingester.Ingest(File.ReadAllText(path), info, explanation);
            if (explanation is not null) { stdout.Write(explanation.ToText()); stdout.Write(FactsSummary(result)); return 0; }
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
            var dataset = session.LoadDataset(r.GetValue(data)).Dataset;
            var ingester = Build(dataset, r.GetValue(gazetteer)!, r.GetValue(admin), stderr);
            stdout.Write(IngestEvaluator.Evaluate(ingester, d, a).ToText());
            return 0;
        });
        root.Subcommands.Add(eval);
    }

    private static void IngestBatchRun(ReportIngester ingester, List<BatchReport> reports, string? outDir, bool explain, TextWriter stdout, TextWriter stderr)
    {
        // progress on a terminal only: a redirected stderr (CI, a log file) gets no carriage-return noise
        var progress = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
        if (outDir is not null) Directory.CreateDirectory(outDir);
        var facts = 0;
        for (var i = 0; i < reports.Count; i++)
        {
            var b = reports[i];
            if (progress) stderr.Write($"\r[{i + 1}/{reports.Count}] {b.Name,-40}");
            var explanation = explain ? new IngestExplanation() : null;
            var result = ingester.Ingest(b.Text, b.Info, explanation);
            facts += result.Facts.Length;
            if (explanation is not null) { stdout.WriteLine($"=== {b.Name}"); stdout.Write(explanation.ToText()); stdout.Write(FactsSummary(result)); continue; }
            if (outDir is null) stdout.WriteLine(IngestJson.Write(result, b.Name, indented: false));
            else File.WriteAllText(Path.Combine(outDir, b.OutputName), IngestJson.Write(result, b.Name) + "\n");
        }
        if (progress) stderr.WriteLine();
        stderr.WriteLine($"{reports.Count} report(s), {facts} candidate fact(s){(outDir is null ? "" : " written to " + outDir)}");
    }

    private static string FactsSummary(IngestResult result)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"facts after merging duplicates: {result.Facts.Length}");
        foreach (var f in result.Facts)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {f.PlaceText} [{f.Place?.Id ?? f.Resolution}{(f.Near is { } n ? ", near " + n.Name : "")}] {f.FactionId} {f.Kind} {(f.IsExactDate ? f.DateFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{f.DateFrom:yyyy-MM-dd}..{f.DateTo:yyyy-MM-dd}")} {f.Status}{(f.Claimant is null ? "" : " (" + f.Claimant + ")")} conf {f.Confidence:F2} <{f.Rule}: {f.Cue}>"));
        return sb.ToString();
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
