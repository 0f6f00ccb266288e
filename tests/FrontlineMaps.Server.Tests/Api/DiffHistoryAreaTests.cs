using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;
using static FrontlineMaps.Server.Tests.Api.ApiTestData;

namespace FrontlineMaps.Server.Tests.Api;

public class DiffTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static JsonElement Faction(JsonElement diff, string id) =>
        diff.GetProperty("factions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    private static void AssertConsistent(JsonElement f)
    {
        Assert.Equal(f.GetProperty("gained").GetArrayLength(), f.GetProperty("gained_count").GetInt32());
        Assert.Equal(f.GetProperty("lost").GetArrayLength(), f.GetProperty("lost_count").GetInt32());
        Assert.Equal(f.GetProperty("area_to_km2").GetDouble() - f.GetProperty("area_from_km2").GetDouble(), f.GetProperty("net_area_km2").GetDouble(), 2);
        foreach (var p in f.GetProperty("gained").EnumerateArray().Concat(f.GetProperty("lost").EnumerateArray()))
            Assert.False(string.IsNullOrEmpty(p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_diff_across_the_Idlib_offensive_shows_the_SNA_gaining_places_with_positive_area()
    {
        var diff = await GetJson(factory.CreateClient(), "/api/diff?from=2019-11-29&to=2019-12-02");
        var sna = Faction(diff, "SNA");
        AssertConsistent(sna);
        var gained = sna.GetProperty("gained").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        // Every place the SNA gained has an SNA record in the window.
        var snaPlaces = Changes.Where(c => c.Faction == "SNA" && c.EffectiveDay >= new DateOnly(2019, 11, 30) && c.EffectiveDay <= new DateOnly(2019, 12, 2))
            .Select(c => c.Place).ToHashSet();
        Assert.NotEmpty(gained);
        Assert.All(gained, id => Assert.Contains(id, snaPlaces));
        Assert.True(sna.GetProperty("area_gained_km2").GetDouble() > 0);
        Assert.True(sna.GetProperty("net_area_km2").GetDouble() > 0);
    }

    [Fact]
    public async Task The_diff_of_the_first_day_of_the_offensive_shows_HTS_taking_Ejaz_with_positive_area()
    {
        var diff = await GetJson(factory.CreateClient(), "/api/diff?from=2019-11-29&to=2019-11-30");
        var hts = Faction(diff, "HTS");
        AssertConsistent(hts);
        var gained = hts.GetProperty("gained").EnumerateArray().ToList();
        Assert.Contains(gained, p => p.GetProperty("id").GetString() == "ejaz-idlib" && p.GetProperty("name").GetString() == "Ejaz");
        Assert.True(hts.GetProperty("area_gained_km2").GetDouble() > 0);
        Assert.Equal(hts.GetProperty("area_gained_km2").GetDouble(), hts.GetProperty("net_area_km2").GetDouble(), 2);
    }

    [Fact]
    public async Task A_diff_needs_both_dates_in_order_and_within_the_data()
    {
        var client = factory.CreateClient();
        await AssertProblem(client, "/api/diff?to=2019-12-02", 400, "from");
        await AssertProblem(client, "/api/diff?from=2019-12-02", 400, "to");
        await AssertProblem(client, "/api/diff?from=2019-12-02&to=2019-11-29", 400, "to");
        await AssertProblem(client, "/api/diff?from=2019-11-29&to=2019-13-02", 400, "to");
        await AssertProblem(client, "/api/diff?from=1990-01-01&to=2019-12-02", 422, "from");
        await AssertProblem(client, "/api/diff?from=2019-11-29&to=2019-12-02&from=2019-11-28", 400, "from");
    }
}

public class PlaceHistoryTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task The_history_of_Ejaz_lists_its_four_records_with_sources_claimants_and_the_state_after_each()
    {
        var json = await GetJson(factory.CreateClient(), "/api/places/ejaz-idlib/history");
        var place = json.GetProperty("place");
        Assert.Equal("ejaz-idlib", place.GetProperty("id").GetString());
        Assert.Equal("Ejaz", place.GetProperty("name").GetString());
        Assert.Contains("Ajaz", place.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("village", place.GetProperty("kind").GetString());
        Assert.Equal("Idleb", place.GetProperty("admin").GetProperty("governorate").GetString());
        Assert.False(place.GetProperty("approximate").GetBoolean());

        var records = json.GetProperty("records").EnumerateArray().ToList();
        var expected = Changes.Where(c => c.Place == "ejaz-idlib").ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Select(c => c.Id).Order(), records.Select(r => r.GetProperty("id").GetString()!).Order());
        foreach (var r in records)
        {
            var raw = expected.Single(c => c.Id == r.GetProperty("id").GetString());
            var sources = r.GetProperty("sources").EnumerateArray().ToList();
            Assert.Equal(raw.Json.GetProperty("sources").GetArrayLength(), sources.Count);
            foreach (var (s, rawSource) in sources.Zip(raw.Json.GetProperty("sources").EnumerateArray()))
            {
                Assert.Equal(rawSource.GetProperty("source").GetString(), s.GetProperty("id").GetString());
                Assert.False(string.IsNullOrEmpty(s.GetProperty("publisher").GetString()));
                Assert.False(string.IsNullOrEmpty(s.GetProperty("title").GetString()));
                Assert.Equal(rawSource.TryGetProperty("claimant", out var c) ? c.GetString() : null, s.GetProperty("claimant").GetString());
            }
            Assert.False(r.GetProperty("retracted").GetBoolean());
            Assert.Equal(raw.Json.GetProperty("status").GetString(), r.GetProperty("status").GetString());
            Assert.True(r.TryGetProperty("state_after", out var state));
            Assert.Contains(state.GetProperty("status").GetString(), new[] { "held", "contested", "claimed" });
        }
        Assert.Contains(records, r => r.GetProperty("sources").EnumerateArray().Any(s => s.GetProperty("claimant").GetString() is not null));
        // Valid-time order, and the day ends contested (two reports disagree about 1 December).
        var days = records.Select(r => r.GetProperty("valid_from").GetString()!).ToList();
        Assert.Equal(days.Order(StringComparer.Ordinal), days);
        var last = records[^1].GetProperty("state_after");
        Assert.Equal("contested", last.GetProperty("status").GetString());
        Assert.Contains("SAA", last.GetProperty("factions").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("SNA", last.GetProperty("factions").EnumerateArray().Select(f => f.GetString()));
    }

    [Theory]
    [InlineData("Ajaz")]
    [InlineData("A'jaz")]
    [InlineData("Ejaz")]
    public async Task A_spelling_of_Ejaz_resolves_to_its_history(string name)
    {
        var json = await GetJson(factory.CreateClient(), $"/api/places/{Uri.EscapeDataString(name)}/history");
        Assert.Equal("ejaz-idlib", json.GetProperty("place").GetProperty("id").GetString());
        Assert.Equal(Changes.Count(c => c.Place == "ejaz-idlib"), json.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task The_history_as_published_earlier_lists_only_the_records_recorded_by_then()
    {
        var first = Changes.First(c => c.Place == "ejaz-idlib");
        var json = await GetJson(factory.CreateClient(), "/api/places/ejaz-idlib/history?known_at=" + Uri.EscapeDataString(first.Json.GetProperty("recorded_at").GetString()!));
        var records = json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(first.Id, Assert.Single(records).GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_place_is_a_404_naming_id()
    {
        await AssertProblem(factory.CreateClient(), "/api/places/no-such-village/history", 404, "id");
    }

    [Fact]
    public async Task A_name_shared_by_namesakes_is_a_422_naming_id_and_listing_the_candidates()
    {
        var places = ReportsFixture.Load().Places;
        var index = new PlaceNameIndex(places);
        var name = places.Select(p => p.Name).First(n => index.Find(n).Count > 1 && places.All(p => p.Id != n));
        var candidates = index.Find(name).Select(p => p.Id).ToList();
        var problem = await AssertProblem(factory.CreateClient(), $"/api/places/{Uri.EscapeDataString(name)}/history", 422, "id");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.All(candidates, id => Assert.Contains(id, detail));
    }
}

public class AreaSeriesTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Theory]
    [InlineData("2019-11-28", "2019-12-02", "day")]
    [InlineData("2019-10-01", "2019-12-31", "week")]
    [InlineData("2019-01-31", "2019-12-30", "month")]
    public async Task The_area_series_has_one_sample_per_step(string from, string to, string step)
    {
        var json = await GetJson(factory.CreateClient(), $"/api/stats/area?from={from}&to={to}&step={step}");
        var start = DateOnly.Parse(from, CultureInfo.InvariantCulture);
        var end = DateOnly.Parse(to, CultureInfo.InvariantCulture);
        var expected = new List<string>();
        for (var k = 0; ; k++)
        {
            var d = step switch { "day" => start.AddDays(k), "week" => start.AddDays(7 * k), _ => start.AddMonths(k) };
            if (d > end) break;
            expected.Add(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        var series = json.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(expected, series.Select(s => s.GetProperty("date").GetString()!));
        Assert.All(series, s => Assert.All(s.GetProperty("km2").EnumerateObject(), p => Assert.True(p.Value.GetDouble() >= 0)));
        Assert.Contains(series, s => s.GetProperty("km2").EnumerateObject().Any(p => p.Value.GetDouble() > 0));
    }

    [Fact]
    public async Task The_area_series_shows_the_SNA_holding_ground_after_the_offensive_and_none_before()
    {
        var json = await GetJson(factory.CreateClient(), "/api/stats/area?from=2019-11-29&to=2019-12-02&step=day");
        var series = json.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("date").GetString()!, s => s.GetProperty("km2"));
        Assert.False(series["2019-11-29"].TryGetProperty("SNA", out _));
        Assert.True(series["2019-12-02"].GetProperty("SNA").GetDouble() > 0);
        var diff = await GetJson(factory.CreateClient(), "/api/diff?from=2019-11-29&to=2019-12-02");
        var sna = diff.GetProperty("factions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "SNA");
        Assert.Equal(sna.GetProperty("area_to_km2").GetDouble(), series["2019-12-02"].GetProperty("SNA").GetDouble(), 3);
    }

    [Fact]
    public async Task An_area_series_with_too_many_steps_or_a_bad_step_is_rejected_naming_step()
    {
        var client = factory.CreateClient();
        await AssertProblem(client, "/api/stats/area?from=2015-01-01&to=2025-12-31&step=day", 422, "step");
        await AssertProblem(client, "/api/stats/area?step=fortnight", 400, "step");
        await AssertProblem(client, "/api/stats/area?from=2020-01-01&to=2019-01-01", 400, "to");
        await AssertProblem(client, "/api/stats/area?from=2001-01-01", 422, "from");
    }
}
