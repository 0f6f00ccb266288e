using System.Diagnostics;
using FrontlineMaps.Cli;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.CliTests;

/// <summary>Store:* through the standard configuration providers, and --known-at read as the server reads known_at.</summary>
public sealed class CliConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("frontline-cli-config-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(true);

    [Theory]
    [InlineData("--Store:Path={0}")]
    [InlineData("--Store:Path {0}")]
    [InlineData("--Store__Path={0}")]
    [InlineData("--store:path={0}")]
    public void A_store_switch_in_any_of_its_spellings_opens_that_store(string form)
    {
        var db = PathOf("store.sqlite");
        var switchArgs = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, db).Split(' ');
        var created = CliRunner.Run(["keys", "create", "--role", "editor", "--name", "amal", .. switchArgs]);
        Assert.Equal(0, created.ExitCode);
        Assert.NotNull(new SqliteStore(db).FindKey(created.Stdout.Trim()));
    }

    [Fact]
    public void An_unknown_or_empty_store_switch_is_a_usage_error_naming_it()
    {
        var unknown = CliRunner.Run("keys", "list", "--Store:Pth=x.sqlite");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--Store:Pth=x.sqlite", unknown.Stderr);
        Assert.Contains("Store:Path", unknown.Stderr);
        var dangling = CliRunner.Run("keys", "list", "--Store:Path");
        Assert.Equal(2, dangling.ExitCode);
        Assert.Contains("needs a value", dangling.Stderr);
    }

    [Fact]
    public void The_frontline_command_reads_Store_from_the_environment_and_a_switch_overrides_it()
    {
        var fromEnvironment = PathOf("env.sqlite");
        var fromSwitch = PathOf("switch.sqlite");
        var env = Frontline(fromEnvironment, "keys", "create", "--role", "reviewer", "--name", "env");
        Assert.True(env.Code == 0, env.Stderr);
        Assert.NotNull(new SqliteStore(fromEnvironment).FindKey(env.Stdout.Trim()));

        var overridden = Frontline(fromEnvironment, "keys", "create", "--role", "reviewer", "--name", "switch", $"--Store:Path={fromSwitch}");
        Assert.True(overridden.Code == 0, overridden.Stderr);
        Assert.NotNull(new SqliteStore(fromSwitch).FindKey(overridden.Stdout.Trim()));
        Assert.Null(new SqliteStore(fromEnvironment).FindKey(overridden.Stdout.Trim()));
    }

    [Theory]
    [InlineData("2020-03-05", "2020-03-05T23:59:59.9999999+00:00")]
    [InlineData(" 2020-03-05T ", "2020-03-05T23:59:59.9999999+00:00")]
    [InlineData("2020-03-05T10:15:00+02:00", "2020-03-05T08:15:00+00:00")]
    [InlineData("2020-03-05T10:15:00", "2020-03-05T10:15:00+00:00")]
    [InlineData("2020-03-05 10:15Z", "2020-03-05T10:15:00+00:00")]
    public void A_knowledge_cut_off_is_one_instant_in_the_CLI_and_the_server(string text, string expected)
    {
        Assert.True(KnownAt.TryParse(text, out var instant));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(instant, CliArgs.ParseKnownAt("--known-at", text));
    }

    [Fact]
    public void The_last_date_means_no_cut_off_and_anything_else_is_refused_naming_the_option()
    {
        Assert.True(KnownAt.TryParse("9999-12-31", out var max));
        Assert.Equal(DateTimeOffset.MaxValue, max);
        foreach (var bad in new[] { "2020-13-01", "yesterday", "2020-03", "" })
        {
            Assert.False(KnownAt.TryParse(bad, out _));
            var e = Assert.Throws<CliUsageException>(() => CliArgs.ParseKnownAt("--known-at", bad));
            Assert.Equal("--known-at", e.Option);
        }
        var r = CliRunner.Run("snapshot", "--at", "2020-03-05", "--known-at", "yesterday");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("option '--known-at'", r.Stderr);
    }

    /// <summary>Runs the built <c>frontline</c> as a process with <c>Store__Path</c> in its environment.</summary>
    private static (int Code, string Stdout, string Stderr) Frontline(string storePath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(FrontlineCommand).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Store__Path"] = storePath;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result, stderr);
    }
}
