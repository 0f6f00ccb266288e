using System.Net;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Api;

/// <summary>One record of data/changes.ndjson, read independently of the server's loader.</summary>
internal sealed record RawChange(string Id, string Place, string? Faction, DateOnly EffectiveDay, string? Retracts, JsonElement Json);

/// <summary>Reads the embedded dataset's files directly, so that tests compute expectations instead of hard-coding them.</summary>
internal static class ApiTestData
{
    private static readonly Lazy<IReadOnlyList<RawChange>> ChangesLazy = new(() => Lines("changes.ndjson").Select(line =>
    {
        var e = JsonDocument.Parse(line).RootElement;
        var validFrom = e.GetProperty("valid_from").GetString()!;
        var day = e.TryGetProperty("valid_to_approx", out var approx) ? approx.GetString()! : validFrom[..10];
        return new RawChange(e.GetProperty("id").GetString()!, e.GetProperty("place").GetString()!,
            e.TryGetProperty("faction", out var f) ? f.GetString() : null, DateOnly.Parse(day),
            e.TryGetProperty("retracts", out var r) ? r.GetString() : null, e.Clone());
    }).ToList());

    /// <summary>Every change record in file order.</summary>
    public static IReadOnlyList<RawChange> Changes => ChangesLazy.Value;

    /// <summary>The records no record retracts.</summary>
    public static IEnumerable<RawChange> Standing
    {
        get
        {
            var retracted = Changes.Where(c => c.Retracts is not null).Select(c => c.Retracts!).ToHashSet();
            return Changes.Where(c => !retracted.Contains(c.Id));
        }
    }

    /// <summary>The JSON lines of a data file after its header.</summary>
    public static IEnumerable<string> Lines(string file) =>
        File.ReadLines(Path.Combine(ReportsFixture.Directory, file)).Skip(1).Where(l => l.Trim().Length > 0);

    /// <summary>GETs <paramref name="url"/> and parses the JSON body after checking for 200.</summary>
    public static async Task<JsonElement> GetJson(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts that <paramref name="url"/> answers a ProblemDetails with <paramref name="status"/> naming <paramref name="parameter"/>.</summary>
    public static async Task<JsonElement> AssertProblem(HttpClient client, string url, int status, string parameter)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{url}: expected {status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>Splits CSV text into records of fields (RFC 4180 quoting).</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                rows.Add(row); row = [];
            }
            else field.Append(ch);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
