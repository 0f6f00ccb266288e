using System.Text.Json;
using FrontlineMaps.Cli;

namespace FrontlineMaps.Core.Tests.Cli;

/// <summary>Runs the <c>frontline</c> command in-process, as a user would run it, and captures stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonDocument Json() => JsonDocument.Parse(Stdout);
    }

    /// <summary>The commands that only read <c>--data</c>: without it they read the reports fixture here.</summary>
    private static readonly HashSet<string> Readers = ["snapshot", "history", "changes", "timeline", "area", "export", "ingest", "ingest-eval"];

    /// <summary>
    /// Runs the CLI in-process. A command that only reads a dataset (<see cref="Readers"/>, <c>import gazetteer</c>; not
    /// <c>ingest --apply</c>), given no <c>--data</c> or <c>--Store:</c> switch, reads the reports fixture
    /// (<see cref="ReportsFixture"/>), which the CLI tests' facts come from, instead of the embedded country. Nothing is ever
    /// written into the fixture. <see cref="RunOnEmbedded"/> runs with exactly the given arguments.
    /// </summary>
    public static Result Run(params string[] args)
    {
        var reads = args.Length > 0 && (Readers.Contains(args[0]) || args is ["import", "gazetteer", ..]) && !args.Contains("--apply");
        var named = args.Any(a => a == "--data" || a.StartsWith("--data=", StringComparison.Ordinal) || a.StartsWith("--Store:", StringComparison.Ordinal));
        return RunOnEmbedded(reads && !named ? [.. args, "--data", ReportsFixture.Directory] : args);
    }

    /// <summary>Runs the CLI in-process with exactly <paramref name="args"/> (the default dataset is the embedded one).</summary>
    public static Result RunOnEmbedded(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = FrontlineCommand.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The properties of every feature, keyed by the feature's id.</summary>
    public static Dictionary<string, JsonElement> FeaturesById(this Result r) =>
        r.Json().RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("properties").Clone());

    public static string[] Strings(this JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();
}
