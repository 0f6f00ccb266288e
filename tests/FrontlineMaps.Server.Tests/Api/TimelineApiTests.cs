using System.Globalization;
using System.Text.Json;
using static FrontlineMaps.Server.Tests.Api.ApiTestData;

namespace FrontlineMaps.Server.Tests.Api;

public class TimelineApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task The_timeline_lists_every_day_with_records_and_its_counts_per_faction_as_the_dataset_has_them()
    {
        var json = await GetJson(factory.CreateClient(), "/api/timeline");
        var expected = Standing.Where(c => c.Faction is not null)
            .GroupBy(c => c.EffectiveDay).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                g => g.GroupBy(c => c.Faction!).ToDictionary(f => f.Key, f => f.Count()));

        var dates = json.GetProperty("dates").EnumerateArray().ToList();
        Assert.Equal(expected.Keys, dates.Select(d => d.GetProperty("date").GetString()!));
        foreach (var day in new[] { "2015-10-14", "2019-11-30", "2019-12-01", "2020-06-19", "2020-06-20", "2020-06-21", "2020-12-24" })
            Assert.Contains(day, expected.Keys);
        foreach (var d in dates)
        {
            var counts = expected[d.GetProperty("date").GetString()!];
            var actual = d.GetProperty("factions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.Equal(counts.OrderBy(k => k.Key), actual.OrderBy(k => k.Key));
            Assert.Equal(counts.Values.Sum(), d.GetProperty("total").GetInt32());
        }
        Assert.Equal(expected.Keys.First(), json.GetProperty("first_date").GetString());
        Assert.Equal(expected.Keys.Last(), json.GetProperty("last_date").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("data_version").GetString()));
    }

    [Fact]
    public async Task The_timeline_carries_every_faction_with_name_short_name_and_colour_for_the_legend()
    {
        var json = await GetJson(factory.CreateClient(), "/api/timeline");
        var expected = Lines("factions.ndjson").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var factions = json.GetProperty("factions").EnumerateArray().ToList();
        Assert.Equal(expected.Count, factions.Count);
        foreach (var (e, a) in expected.Zip(factions))
            foreach (var field in new[] { "id", "name", "short_name", "color" })
                Assert.Equal(e.GetProperty(field).GetString(), a.GetProperty(field).GetString());
    }

    [Fact]
    public async Task The_timeline_as_published_at_an_earlier_instant_counts_only_what_was_recorded_by_then()
    {
        // The cut-off is the recording instant of the fourth record: only the first four records count.
        var cutoff = Changes[3].Json.GetProperty("recorded_at").GetString()!;
        var json = await GetJson(factory.CreateClient(), "/api/timeline?known_at=" + Uri.EscapeDataString(cutoff));
        var firstFour = Changes.Take(4).Where(c => c.Faction is not null).ToList();
        var dates = json.GetProperty("dates").EnumerateArray().ToList();
        Assert.Equal(firstFour.Select(c => c.EffectiveDay).Distinct().Count(), dates.Count);
        Assert.Equal(firstFour.Count, dates.Sum(d => d.GetProperty("total").GetInt32()));
        Assert.Equal(DateTimeOffset.Parse(cutoff, CultureInfo.InvariantCulture), DateTimeOffset.Parse(json.GetProperty("known_at").GetString()!, CultureInfo.InvariantCulture));

        var before = Changes.Min(c => DateTimeOffset.Parse(c.Json.GetProperty("recorded_at").GetString()!, CultureInfo.InvariantCulture)).AddSeconds(-1);
        var empty = await GetJson(factory.CreateClient(), "/api/timeline?known_at=" + Uri.EscapeDataString(before.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        Assert.Empty(empty.GetProperty("dates").EnumerateArray());
    }

    [Fact]
    public async Task Health_reports_the_data_version_and_the_size_and_span_of_the_data()
    {
        var client = factory.CreateClient();
        var json = await GetJson(client, "/health");
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(Lines("places.ndjson").Count(), json.GetProperty("places").GetInt32());
        Assert.Equal(Changes.Count, json.GetProperty("changes").GetInt32());
        Assert.Equal(Changes.Min(c => c.EffectiveDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), json.GetProperty("first_date").GetString());
        Assert.Equal(Changes.Max(c => c.EffectiveDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), json.GetProperty("last_date").GetString());
        var timeline = await GetJson(client, "/api/timeline");
        Assert.Equal(timeline.GetProperty("data_version").GetString(), json.GetProperty("data_version").GetString());
    }

    private static readonly string[] Urls =
    [
        "/api/timeline?x=1",
        "/api/diff?from=2019-11-29&to=2019-12-02&x=1",
        "/api/places/ejaz-idlib/history?x=1",
        "/api/stats/area?x=1",
        "/api/changes.csv?x=1",
        "/api/changes.atom?x=1",
        "/snapshots/2019-12-02.svg?x=1",
        "/health?x=1",
    ];

    public static TheoryData<string> Endpoints => [.. Urls];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_rejects_an_unknown_query_parameter_naming_it(string url)
    {
        await AssertProblem(factory.CreateClient(), url, 400, "x");
    }

    public static TheoryData<string> DatedEndpoints => [.. Urls.Where(u => !u.StartsWith("/health", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(DatedEndpoints))]
    public async Task Every_dated_endpoint_rejects_a_malformed_known_at_naming_it_and_accepts_the_last_representable_day(string url)
    {
        var withKnownAt = url.Replace("x=1", "known_at=yesterday", StringComparison.Ordinal);
        await AssertProblem(factory.CreateClient(), withKnownAt, 400, "known_at");
        // 9999-12-31 means "everything recorded": the end of that day must not overflow into a 500
        var last = await factory.CreateClient().GetAsync(url.Replace("x=1", "known_at=9999-12-31", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.OK, last.StatusCode);
    }
}
