using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Api;

/// <summary>The real server on Kestrel over the embedded country (data/, the default every newcomer gets), held in memory.</summary>
public sealed class EmbeddedCountryServer : KestrelServer
{
    /// <inheritdoc />
    protected override string[] Args => ["--Store:Seed=" + RepoPaths.InRepo("data")];
}

/// <summary>What a newcomer sees on the default data: all of Syria on its latest date, and towns whose history cites reports.</summary>
public class EmbeddedCountryTests(EmbeddedCountryServer server) : IClassFixture<EmbeddedCountryServer>
{
    private readonly HttpClient _client = new() { BaseAddress = new Uri(server.BaseUrl) };

    [Fact]
    public async Task The_default_data_covers_the_country_from_2012_to_the_map_of_2026_01_30()
    {
        var health = await ApiTestData.GetJson(_client, "/health");
        Assert.InRange(health.GetProperty("places").GetInt32(), 9_000, 10_000);
        Assert.StartsWith("2012-", health.GetProperty("first_date").GetString());
        Assert.Equal("2026-01-30", health.GetProperty("last_date").GetString());
    }

    [Fact]
    public async Task On_2026_01_30_the_front_between_the_SDF_and_the_government_is_drawn()
    {
        var response = await _client.GetAsync("/snapshots/2026-01-30.geojson?layer=frontlines");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var fronts = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var pairs = fronts.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => string.Join('-', f.GetProperty("properties").GetProperty("factions").EnumerateArray().Select(x => x.GetString()))).ToHashSet();
        Assert.Contains("SDF-SyrianGov2025", pairs);
        Assert.DoesNotContain("SNA-SyrianGov2025", pairs); // partners since December 2024
    }

    [Fact]
    public async Task A_town_history_lists_changes_whose_sources_link_to_their_reports()
    {
        var history = await ApiTestData.GetJson(_client, "/api/places/al-qusayr/history");
        var records = history.GetProperty("records").EnumerateArray().ToList();
        var reported = records.Where(r => r.GetProperty("id").GetString()!.StartsWith("h-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reported);
        Assert.All(reported, r => Assert.All(r.GetProperty("sources").EnumerateArray(), s =>
        {
            Assert.StartsWith("http", s.GetProperty("url").GetString());
            Assert.Equal(r.GetProperty("recorded_at").GetString()![..10], s.GetProperty("published").GetString());
        }));
        Assert.Contains(records, r => r.GetProperty("sources").EnumerateArray().Any(s => s.TryGetProperty("url", out var u) && u.GetString()!.Contains("wikipedia.org", StringComparison.Ordinal)));
    }
}
