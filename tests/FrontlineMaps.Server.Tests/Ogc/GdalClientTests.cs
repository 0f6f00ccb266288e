using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>GDAL's OAPIF driver (ogrinfo, from gdal-bin) as a real client of the server on Kestrel.</summary>
public partial class GdalClientTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private string Source => $"OAPIF:{server.BaseUrl}";

    private static Task<ProcessResult> OgrInfo(params string[] arguments) =>
        ProcessRunner.Run("ogrinfo", arguments, Timeout,
            "ogrinfo (GDAL) must be on PATH for these tests: install it with `apt-get install -y gdal-bin`.");

    private static void AssertSucceeded(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result}");
        Assert.DoesNotContain("ERROR", result.StdErr + result.StdOut);
    }

    private async Task<int> NumberMatched(string query)
    {
        using var client = new HttpClient();
        var body = await client.GetStringAsync($"{server.BaseUrl}/collections/{query}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("numberMatched").GetInt32();
    }

    /// <summary>The values of one string field in ogrinfo's feature dump (lines <c>  name (String) = value</c>).</summary>
    private static List<string> FieldValues(string stdout, string field) =>
        stdout.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith(field + " (", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" = ", StringComparison.Ordinal) + 3)..])
            .ToList();

    [GeneratedRegex(@"POINT \((-?[0-9.]+) (-?[0-9.]+)\)")]
    private static partial Regex PointPattern();

    [Fact]
    public async Task Ogrinfo_lists_the_five_collections_as_layers()
    {
        var result = await OgrInfo("-ro", "-so", Source);
        AssertSucceeded(result);
        foreach (var layer in new[] { "places", "changes", "territory", "frontlines", "factions" })
            Assert.Matches(new Regex($@"^\d+: {layer} ", RegexOptions.Multiline), result.StdOut);
    }

    [Fact]
    public async Task Ogrinfo_counts_as_many_places_as_number_matched()
    {
        var result = await OgrInfo("-ro", "-al", "-so", Source, "places");
        AssertSucceeded(result);
        var matched = await NumberMatched("places/items?limit=1");
        Assert.Contains($"Feature Count: {matched}", result.StdOut);
        Assert.Contains("status: String", result.StdOut);
        Assert.Contains("since: Date", result.StdOut);
    }

    [Theory]
    [InlineData("changes")]
    [InlineData("territory")]
    [InlineData("frontlines")]
    [InlineData("factions")]
    public async Task Ogrinfo_counts_as_many_features_as_number_matched_in_every_layer(string layer)
    {
        var result = await OgrInfo("-ro", "-al", "-so", Source, layer);
        AssertSucceeded(result);
        var matched = await NumberMatched($"{layer}/items?limit=1");
        Assert.True(matched > 0, $"{layer} is empty");
        Assert.Contains($"Feature Count: {matched}", result.StdOut);
    }

    [Fact]
    public async Task Ogrinfo_follows_next_links_with_a_small_page_size_and_reads_every_place_once()
    {
        var result = await OgrInfo("-ro", "-al", "-q", "-oo", "PAGE_SIZE=50", Source, "places");
        AssertSucceeded(result);
        var ids = FieldValues(result.StdOut, "id");
        var matched = await NumberMatched("places/items?limit=1");
        Assert.True(matched > 50, "the test needs several pages");
        Assert.Equal(matched, ids.Count);
        Assert.Equal(matched, ids.Distinct().Count());
    }

    [Fact]
    public async Task Ogrinfo_spatial_filter_is_sent_as_bbox_and_returns_only_places_inside()
    {
        var result = await OgrInfo("-ro", "-al", "-q", "-oo", "PAGE_SIZE=50", "-spat", "36.5", "35.5", "37.5", "36.5", Source, "places");
        AssertSucceeded(result);
        var points = PointPattern().Matches(result.StdOut)
            .Select(m => (Lon: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Lat: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        var matched = await NumberMatched("places/items?limit=1&bbox=36.5,35.5,37.5,36.5");
        Assert.True(matched > 0);
        Assert.Equal(matched, points.Count);
        Assert.All(points, p =>
        {
            Assert.InRange(p.Lon, 36.5, 37.5);
            Assert.InRange(p.Lat, 35.5, 36.5);
        });
        Assert.True(matched < await NumberMatched("places/items?limit=1"));
    }

    [Fact]
    public async Task Ogrinfo_where_on_valid_from_becomes_a_datetime_instant_and_returns_that_days_records()
    {
        // GDAL 3.6 turns `valid_from = '2019-12-01'` (a Date field) into `datetime=2019-12-01T` (note the bare trailing T).
        var result = await OgrInfo("--config", "CPL_DEBUG", "ON", "-ro", "-al", "-q", Source, "changes", "-where", "valid_from = '2019-12-01'");
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result}");
        Assert.Contains("datetime=2019-12-01T", result.StdErr);
        var expected = Ogc.ChangeIdsFromDataFile(new(2019, 12, 1), new(2019, 12, 1));
        Assert.NotEmpty(expected);
        var ids = FieldValues(result.StdOut, "id");
        Assert.Equal(expected, ids.ToHashSet());
        Assert.Equal(expected.Count, ids.Count);
    }

    [Fact]
    public async Task Ogrinfo_where_on_a_valid_from_range_becomes_a_datetime_interval_and_returns_those_records()
    {
        // `>=` and `<=` together become `datetime=2019-11-30T%2F2019-12-01T`.
        var result = await OgrInfo("--config", "CPL_DEBUG", "ON", "-ro", "-al", "-q", Source, "changes",
            "-where", "valid_from >= '2019-11-30' AND valid_from <= '2019-12-01'");
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result}");
        Assert.Contains("datetime=2019-11-30T%2F2019-12-01T", result.StdErr);
        var expected = Ogc.ChangeIdsFromDataFile(new(2019, 11, 30), new(2019, 12, 1));
        var ids = FieldValues(result.StdOut, "id");
        Assert.Equal(expected, ids.ToHashSet());
        Assert.Equal(expected.Count, ids.Count);
    }

    [Fact]
    public async Task Ogrinfo_where_on_documented_parameters_is_sent_as_query_parameters()
    {
        // GDAL treats query parameters of the OpenAPI items operation that match a field (status, faction) as server-side filters.
        var result = await OgrInfo("--config", "CPL_DEBUG", "ON", "-ro", "-al", "-q", Source, "places",
            "-where", "status = 'contested' AND faction = 'HTS'");
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result}");
        Assert.Contains("status=contested", result.StdErr);
        Assert.Contains("faction=HTS", result.StdErr);
        var ids = FieldValues(result.StdOut, "id");
        Assert.Contains("ejaz-idlib", ids);
        Assert.Equal(await NumberMatched("places/items?limit=1&status=contested&faction=HTS"), ids.Count);
        Assert.All(FieldValues(result.StdOut, "status"), s => Assert.Equal("contested", s));
        Assert.All(FieldValues(result.StdOut, "faction"), f => Assert.Equal("HTS", f));
    }

    [Fact]
    public async Task Ogrinfo_where_on_id_fetches_the_single_feature()
    {
        var result = await OgrInfo("--config", "CPL_DEBUG", "ON", "-ro", "-al", "-q", Source, "places", "-where", "id = 'ejaz-idlib'");
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result}");
        Assert.Contains("/collections/places/items/ejaz-idlib)", result.StdErr);
        Assert.Equal(["ejaz-idlib"], FieldValues(result.StdOut, "id"));
    }

    [Fact]
    public async Task Ogrinfo_reads_factions_without_geometry()
    {
        var result = await OgrInfo("-ro", "-al", "-q", Source, "factions");
        AssertSucceeded(result);
        var ids = FieldValues(result.StdOut, "id");
        Assert.Equal(await NumberMatched("factions/items?limit=1"), ids.Count);
        Assert.Contains("SAA", ids);
        Assert.Contains("#d7301f", FieldValues(result.StdOut, "color"));
    }
}
