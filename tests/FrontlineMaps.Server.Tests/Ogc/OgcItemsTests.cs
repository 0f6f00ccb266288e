using System.Globalization;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Ogc;

public class OgcItemsTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private const string GeoJson = "application/geo+json";

    [Theory]
    [InlineData("places", 37, "&datetime=2020-12-25")]
    [InlineData("places", 7, "&datetime=2019-12-02&bbox=36,35,38,37")]
    [InlineData("changes", 5, "&datetime=2015-01-01/2020-12-25")]
    [InlineData("factions", 2, "")]
    [InlineData("territory", 2, "&datetime=2020-12-25")]
    public async Task Following_next_links_until_exhausted_returns_every_matched_feature_exactly_once(string collection, int limit, string query)
    {
        var client = factory.CreateClient();
        var url = $"/collections/{collection}/items?limit={limit}{query}";
        var seen = new List<string>();
        int? matched = null;
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            Assert.True(pages < 1000, "paging does not end");
            var page = await Ogc.GetJson(client, next, GeoJson);
            var ids = Ogc.FeatureIds(page);
            matched ??= page.GetProperty("numberMatched").GetInt32();
            Assert.Equal(matched, page.GetProperty("numberMatched").GetInt32());
            Assert.Equal(ids.Count, page.GetProperty("numberReturned").GetInt32());
            Assert.True(ids.Count <= limit);
            Assert.NotNull(Ogc.Link(page, "self", GeoJson));
            Assert.True(DateTimeOffset.TryParse(page.GetProperty("timeStamp").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
            if (pages > 0) Assert.NotNull(Ogc.Link(page, "prev", GeoJson));
            seen.AddRange(ids);
            next = Ogc.Link(page, "next", GeoJson);
            if (next is not null) Assert.Equal(limit, ids.Count);
        }
        Assert.True(matched > limit, $"the test needs more than one page of {collection} (matched {matched})");
        Assert.Equal(matched, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Places_number_every_place_of_the_dataset_and_default_to_100_a_page()
    {
        var page = await Ogc.GetJson(factory.CreateClient(), "/collections/places/items", GeoJson);
        var placeLines = File.ReadLines(Path.Combine(ReportsFixture.Directory, "places.ndjson")).Skip(1).Count(l => !string.IsNullOrWhiteSpace(l));
        Assert.Equal(placeLines, page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(100, page.GetProperty("numberReturned").GetInt32());
        Assert.Contains("offset=100", Ogc.Link(page, "next", GeoJson));
    }

    [Fact]
    public async Task A_bbox_returns_only_the_places_inside_it()
    {
        var client = factory.CreateClient();
        var all = await Ogc.GetJson(client, "/collections/places/items?limit=10000", GeoJson);
        var inside = await Ogc.GetJson(client, "/collections/places/items?limit=10000&bbox=36.5,35.5,37.5,36.5", GeoJson);
        var expected = all.GetProperty("features").EnumerateArray()
            .Where(f => Lon(f) is >= 36.5 and <= 37.5 && Lat(f) is >= 35.5 and <= 36.5)
            .Select(f => f.GetProperty("id").GetString()!).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.GetProperty("numberMatched").GetInt32());
        Assert.Equal(expected, Ogc.FeatureIds(inside).ToHashSet());
        Assert.Equal(expected.Count, inside.GetProperty("numberMatched").GetInt32());
        // Six numbers (with heights) mean the same box.
        var six = await Ogc.GetJson(client, "/collections/places/items?limit=10000&bbox=36.5,35.5,0,37.5,36.5,100", GeoJson);
        Assert.Equal(expected, Ogc.FeatureIds(six).ToHashSet());
    }

    private static double Lon(JsonElement f) => f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble();
    private static double Lat(JsonElement f) => f.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble();

    [Fact]
    public async Task Datetime_picks_the_map_of_that_day()
    {
        var client = factory.CreateClient();
        var ejaz = Ogc.Feature(await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2019-12-02", GeoJson), "ejaz-idlib")
            .GetProperty("properties");
        Assert.Equal("contested", ejaz.GetProperty("status").GetString());
        Assert.Equal(["SAA", "SNA"], ejaz.GetProperty("factions").EnumerateArray().Select(f => f.GetString()));

        var ainIssa = Ogc.Feature(await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2020-12-25", GeoJson), "ain-issa-raqqa")
            .GetProperty("properties");
        Assert.Equal("SDF", ainIssa.GetProperty("faction").GetString());
        Assert.Equal("held", ainIssa.GetProperty("status").GetString());

        var ahras = Ogc.Feature(await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2015-10-14", GeoJson), "ahras-aleppo")
            .GetProperty("properties");
        Assert.Equal("Rebels", ahras.GetProperty("faction").GetString());
        Assert.Equal("held", ahras.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_interval_gives_the_places_map_at_its_end_and_no_datetime_the_last_date_with_data()
    {
        var client = factory.CreateClient();
        var atEnd = await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2015-01-01/2019-12-02", GeoJson);
        Assert.Equal("contested", Ogc.Feature(atEnd, "ejaz-idlib").GetProperty("properties").GetProperty("status").GetString());
        var latest = await Ogc.GetJson(client, "/collections/places/items?limit=10000", GeoJson);
        var lastDay = await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2020-12-24", GeoJson);
        Assert.Equal(lastDay.GetProperty("features").GetRawText(), latest.GetProperty("features").GetRawText());
    }

    [Fact]
    public async Task Known_at_before_anything_was_recorded_gives_every_place_unknown()
    {
        var page = await Ogc.GetJson(factory.CreateClient(), "/collections/places/items?limit=10000&datetime=2020-12-25&known_at=2026-11-21", GeoJson);
        var statuses = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("status").GetString()).ToList();
        Assert.Equal(page.GetProperty("numberMatched").GetInt32(), statuses.Count);
        Assert.All(statuses, s => Assert.Equal("unknown", s));
    }

    [Fact]
    public async Task Gdal_trailing_t_datetime_forms_work()
    {
        var client = factory.CreateClient();
        var instant = await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2019-12-02T", GeoJson);
        Assert.Equal("contested", Ogc.Feature(instant, "ejaz-idlib").GetProperty("properties").GetProperty("status").GetString());
        var interval = await Ogc.GetJson(client, "/collections/changes/items?limit=10000&datetime=2019-12-01T%2F2019-12-01T", GeoJson);
        Assert.Equal(Ogc.ChangeIdsFromDataFile(new(2019, 12, 1), new(2019, 12, 1)), Ogc.FeatureIds(interval).ToHashSet());
        var openEnd = await Ogc.GetJson(client, "/collections/changes/items?limit=10000&datetime=2020-06-20T%2F..", GeoJson);
        Assert.Equal(Ogc.ChangeIdsFromDataFile(new(2020, 6, 20), new(2100, 1, 1)), Ogc.FeatureIds(openEnd).ToHashSet());
    }

    [Theory]
    [InlineData("2019-11-30/2019-12-01", "2019-11-30", "2019-12-01")]
    [InlineData("2019-12-01", "2019-12-01", "2019-12-01")]
    [InlineData("../2019-11-30", "2000-01-01", "2019-11-30")]
    [InlineData("2020-06-20/..", "2020-06-20", "2100-01-01")]
    [InlineData("2020-06-19T00:00:00Z/2020-06-21T12:00:00Z", "2020-06-19", "2020-06-21")]
    public async Task Changes_with_a_datetime_return_exactly_the_records_of_those_days(string datetime, string from, string to)
    {
        var page = await Ogc.GetJson(factory.CreateClient(), $"/collections/changes/items?limit=10000&datetime={Uri.EscapeDataString(datetime)}", GeoJson);
        var expected = Ogc.ChangeIdsFromDataFile(DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture));
        Assert.NotEmpty(expected);
        var ids = Ogc.FeatureIds(page);
        Assert.Equal(expected, ids.ToHashSet());
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(expected.Count, page.GetProperty("numberMatched").GetInt32());
        foreach (var f in page.GetProperty("features").EnumerateArray())
            Assert.Equal("Point", f.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Faction_and_status_filter_places_and_changes()
    {
        var client = factory.CreateClient();
        var sdf = await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2020-12-25&faction=SDF", GeoJson);
        Assert.Contains("ain-issa-raqqa", Ogc.FeatureIds(sdf));
        Assert.All(sdf.GetProperty("features").EnumerateArray(), f => Assert.Equal("SDF", f.GetProperty("properties").GetProperty("faction").GetString()));

        var contested = await Ogc.GetJson(client, "/collections/places/items?limit=10000&datetime=2019-12-02&status=contested", GeoJson);
        Assert.Contains("ejaz-idlib", Ogc.FeatureIds(contested));
        Assert.All(contested.GetProperty("features").EnumerateArray(), f => Assert.Equal("contested", f.GetProperty("properties").GetProperty("status").GetString()));

        var claims = await Ogc.GetJson(client, "/collections/changes/items?limit=10000&status=claimed", GeoJson);
        Assert.NotEmpty(Ogc.FeatureIds(claims));
        Assert.All(claims.GetProperty("features").EnumerateArray(), f => Assert.Equal("claimed", f.GetProperty("properties").GetProperty("status").GetString()));
        var sna = await Ogc.GetJson(client, "/collections/changes/items?limit=10000&faction=SNA", GeoJson);
        Assert.NotEmpty(Ogc.FeatureIds(sna));
        Assert.All(sna.GetProperty("features").EnumerateArray(), f => Assert.Equal("SNA", f.GetProperty("properties").GetProperty("faction").GetString()));
    }

    [Fact]
    public async Task Changes_are_also_served_as_csv()
    {
        var response = await factory.CreateClient().GetAsync("/collections/changes/items?f=csv&datetime=2019-12-01");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("id,place,place_name", lines[0]);
        Assert.Equal(Ogc.ChangeIdsFromDataFile(new(2019, 12, 1), new(2019, 12, 1)), lines.Skip(1).Select(l => l.Split(',')[0]).ToHashSet());
    }

    [Fact]
    public async Task Csv_pages_carry_the_match_count_and_a_next_link_header()
    {
        var client = factory.CreateClient();
        var all = Ogc.ChangeIdsFromDataFile(new(2000, 1, 1), new(2100, 1, 1));
        var response = await client.GetAsync("/collections/changes/items?f=csv&limit=5");
        var rows = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(all.Count.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Number-Matched").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("offset=5", link);
        Assert.Contains("rel=\"next\"", link);
        var last = await client.GetAsync($"/collections/changes/items?f=csv&limit=5&offset={all.Count - 2}");
        Assert.Equal(2, (await last.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.False(last.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Territory_and_frontlines_follow_the_feature_contracts_and_bbox_filters_by_envelope()
    {
        var client = factory.CreateClient();
        var territory = await Ogc.GetJson(client, "/collections/territory/items?datetime=2020-12-25", GeoJson);
        Assert.NotEmpty(Ogc.FeatureIds(territory));
        foreach (var t in territory.GetProperty("features").EnumerateArray())
        {
            var p = t.GetProperty("properties");
            Assert.Equal($"{p.GetProperty("faction").GetString()}:{p.GetProperty("status").GetString()}", t.GetProperty("id").GetString());
            Assert.Contains(t.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
            Assert.True(p.GetProperty("area_km2").GetDouble() > 0);
        }
        var fronts = await Ogc.GetJson(client, "/collections/frontlines/items?datetime=2020-12-25", GeoJson);
        Assert.NotEmpty(Ogc.FeatureIds(fronts));
        foreach (var f in fronts.GetProperty("features").EnumerateArray())
        {
            var factions = f.GetProperty("properties").GetProperty("factions").EnumerateArray().Select(x => x.GetString()).ToArray();
            Assert.Equal(string.Join('|', factions), f.GetProperty("id").GetString());
            Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "LineString", "MultiLineString" });
        }
        // A box in the sea off Cyprus touches no territory; a box around the whole country touches all of it.
        var none = await Ogc.GetJson(client, "/collections/territory/items?datetime=2020-12-25&bbox=33,34,33.5,34.5", GeoJson);
        Assert.Equal(0, none.GetProperty("numberMatched").GetInt32());
        var all = await Ogc.GetJson(client, "/collections/territory/items?datetime=2020-12-25&bbox=34,31,43,38", GeoJson);
        Assert.Equal(territory.GetProperty("numberMatched").GetInt32(), all.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Factions_are_features_without_geometry()
    {
        var page = await Ogc.GetJson(factory.CreateClient(), "/collections/factions/items", GeoJson);
        var saa = Ogc.Feature(page, "SAA");
        Assert.Equal(JsonValueKind.Null, saa.GetProperty("geometry").ValueKind);
        var p = saa.GetProperty("properties");
        foreach (var name in new[] { "id", "name", "short_name", "color", "aliases", "parent", "allies", "valid_from", "valid_to" })
            Assert.True(p.TryGetProperty(name, out _), $"faction property {name} is missing");
        Assert.Equal("#d7301f", p.GetProperty("color").GetString());
        Assert.Contains("Russia", p.GetProperty("allies").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("places", "ejaz-idlib", "?datetime=2019-12-02")]
    [InlineData("changes", "r002-ejaz-saa-capture", "")]
    [InlineData("factions", "SDF", "")]
    public async Task A_single_feature_has_links_to_itself_and_its_collection(string collection, string id, string query)
    {
        var feature = await Ogc.GetJson(factory.CreateClient(), $"/collections/{collection}/items/{id}{query}", GeoJson);
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal(id, feature.GetProperty("id").GetString());
        Assert.EndsWith($"/collections/{collection}/items/{id}{query}", Ogc.Link(feature, "self", GeoJson));
        Assert.EndsWith($"/collections/{collection}", Ogc.Link(feature, "collection", "application/json"));
    }

    [Theory]
    [InlineData("territory")]
    [InlineData("frontlines")]
    public async Task Every_derived_feature_listed_can_be_fetched_by_its_id(string collection)
    {
        var client = factory.CreateClient();
        var page = await Ogc.GetJson(client, $"/collections/{collection}/items?datetime=2020-12-25", GeoJson);
        foreach (var f in page.GetProperty("features").EnumerateArray())
        {
            var id = f.GetProperty("id").GetString()!;
            var single = await Ogc.GetJson(client, $"/collections/{collection}/items/{Uri.EscapeDataString(id)}?datetime=2020-12-25", GeoJson);
            Assert.Equal(f.GetProperty("properties").GetRawText(), single.GetProperty("properties").GetRawText());
        }
    }
}
