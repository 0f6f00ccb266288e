using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>HTTP helpers for the OGC API tests.</summary>
internal static class Ogc
{
    /// <summary>GETs <paramref name="url"/> and parses the body as JSON, asserting the status and the media type.</summary>
    public static async Task<JsonElement> GetJson(HttpClient client, string url, string mediaType = "application/json", HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {url}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>GETs <paramref name="url"/> expecting an RFC 9457 problem with <paramref name="status"/> naming <paramref name="parameter"/>.</summary>
    public static async Task AssertProblem(HttpClient client, string url, int status, string parameter)
    {
        var problem = await GetJson(client, url, "application/problem+json", (HttpStatusCode)status);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    /// <summary>The href of the link with relation <paramref name="rel"/> (and type, if given), or null.</summary>
    public static string? Link(JsonElement document, string rel, string? type = null)
    {
        foreach (var link in document.GetProperty("links").EnumerateArray())
            if (link.GetProperty("rel").GetString() == rel && (type is null || link.GetProperty("type").GetString() == type))
                return link.GetProperty("href").GetString();
        return null;
    }

    /// <summary>The ids of the features of a FeatureCollection page.</summary>
    public static List<string> FeatureIds(JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();

    /// <summary>The feature with id <paramref name="id"/> in a FeatureCollection page.</summary>
    public static JsonElement Feature(JsonElement collection, string id) =>
        collection.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    /// <summary>
    /// The change records of the embedded dataset (data/changes.ndjson, read directly) whose effective day
    /// (<c>valid_to_approx</c> or else the day of <c>valid_from</c>) lies in [<paramref name="from"/>, <paramref name="to"/>].
    /// </summary>
    public static HashSet<string> ChangeIdsFromDataFile(DateOnly from, DateOnly to)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(ReportsFixture.Directory, "changes.ndjson")).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var day = r.TryGetProperty("valid_to_approx", out var approx) ? approx.GetString()! : r.GetProperty("valid_from").GetString()![..10];
            var d = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
            if (d >= from && d <= to) ids.Add(r.GetProperty("id").GetString()!);
        }
        return ids;
    }
}

/// <summary>The outcome of an external process.</summary>
internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>Runs an external program with a timeout, capturing its output.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> (each passed as one argument) and returns its exit code and
    /// output; kills it and fails the test after <paramref name="timeout"/>. A program missing from PATH fails with
    /// <paramref name="missingHint"/>.
    /// </summary>
    public static async Task<ProcessResult> Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string missingHint,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // A proxy configured for the machine must not intercept requests to the local test server.
        info.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        info.Environment["no_proxy"] = "127.0.0.1,localhost";
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{program}' could not be started ({e.Message}). {missingHint}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds} s");
            }
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
