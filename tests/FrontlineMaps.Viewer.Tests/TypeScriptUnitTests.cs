using System.Diagnostics;

namespace FrontlineMaps.Viewer.Tests;

public class TypeScriptUnitTests
{
    /// <summary>
    /// The viewer's TypeScript logic (dates, URL state, timeline math, escaping, place history) has node:test unit tests in
    /// src/FrontlineMaps.Viewer/tests; this runs them (`npm test`: compiled with esbuild, run with node --test).
    /// </summary>
    [Fact]
    public async Task The_viewer_s_typescript_unit_tests_pass_under_node_test()
    {
        var (exitCode, output) = await Npm("test --silent", "node-test.txt");
        Assert.True(exitCode == 0, output);
        Assert.Matches(@"# pass [1-9]\d*", output);
        Assert.Contains("# fail 0", output);
    }

    /// <summary>
    /// esbuild only strips types; the TypeScript compiler checks them (`npm run typecheck`: tsc, strict, no emit) over the
    /// viewer's sources and its tests.
    /// </summary>
    [Fact]
    public async Task The_viewer_s_typescript_type_checks_under_strict_tsc()
    {
        var (exitCode, output) = await Npm("run typecheck --silent", "tsc.txt");
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("error TS", output);
    }

    private static async Task<(int ExitCode, string Output)> Npm(string arguments, string artifact)
    {
        var dir = Path.Combine(Artifacts.RepoRoot, "src", "FrontlineMaps.Viewer");
        var start = new ProcessStartInfo("npm", arguments)
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var npm = Process.Start(start)!;
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await npm.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        File.WriteAllText(Path.Combine(Artifacts.Directory, artifact), output);
        return (npm.ExitCode, output);
    }
}
