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

    public static Result Run(params string[] args)
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
