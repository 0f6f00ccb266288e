using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>What real GIS clients send and need (QGIS, geopandas/Fiona, OGC API – Features Part 3), over real HTTP to Kestrel.</summary>
public class GisClientFixesTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private readonly HttpClient _http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

    private async Task<JsonElement> Json(string path)
    {
        var response = await _http.GetAsync(server.BaseUrl + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData("2019-12-01/9999-12-31T00:00:00Z")] // QGIS: date >= 2019-12-01
    [InlineData("0000-01-01T00:00:00Z/2019-11-30")] // QGIS: date <= 2019-11-30 (year 0000 is RFC 3339)
    [InlineData("2010-01-01/2019-11-30")]           // a start before the data
    public async Task Open_ended_intervals_from_qgis_are_clamped_to_the_data_instead_of_refused(string interval)
    {
        var changes = await Json($"/collections/changes/items?limit=10000&datetime={Uri.EscapeDataString(interval)}");
        var (from, to) = interval.Split('/') switch { var p => (p[0], p[1]) };
        var days = changes.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("valid_from").GetString()![..10]).ToList();
        Assert.NotEmpty(days);
        if (!from.StartsWith("0000", StringComparison.Ordinal) && !from.StartsWith("2010", StringComparison.Ordinal)) Assert.All(days, d => Assert.True(string.CompareOrdinal(d, from[..10]) >= 0, d));
        if (!to.StartsWith("9999", StringComparison.Ordinal)) Assert.All(days, d => Assert.True(string.CompareOrdinal(d, to[..10]) <= 0, d));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{server.BaseUrl}/collections/places/items?datetime={Uri.EscapeDataString(interval)}")).StatusCode);
        // An interval wholly outside the data still says so, naming datetime.
        var outside = await _http.GetAsync($"{server.BaseUrl}/collections/changes/items?datetime=1950-01-01/1960-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Contains("datetime", await outside.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Map_features_carry_the_day_they_show_and_a_filter_on_it_selects_that_day()
    {
        foreach (var collection in new[] { "places", "territory", "frontlines" })
        {
            var page = await Json($"/collections/{collection}/items?date=2019-12-02&limit=5");
            var features = page.GetProperty("features").EnumerateArray().ToList();
            if (collection != "frontlines") Assert.NotEmpty(features); // the small dataset may have no front on that day
            Assert.All(features, f => Assert.Equal("2019-12-02", f.GetProperty("properties").GetProperty("date").GetString()));
            // The same map as datetime=2019-12-02.
            var viaDatetime = await Json($"/collections/{collection}/items?datetime=2019-12-02&limit=5");
            Assert.Equal(page.GetProperty("numberMatched").GetInt32(), viaDatetime.GetProperty("numberMatched").GetInt32());
        }
        var earlier = await Json("/collections/territory/items?date=2015-10-14");
        Assert.All(earlier.GetProperty("features").EnumerateArray(), f => Assert.Equal("2015-10-14", f.GetProperty("properties").GetProperty("date").GetString()));
        var both = await _http.GetAsync($"{server.BaseUrl}/collections/places/items?date=2019-12-02&datetime=2019-12-02");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("date", await both.Content.ReadAsStringAsync());
        // Territory is always a MultiPolygon and front lines always a MultiLineString: one geometry type per layer (GeoPackage).
        Assert.All((await Json("/collections/territory/items?date=2019-12-02")).GetProperty("features").EnumerateArray(),
            f => Assert.Equal("MultiPolygon", f.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.All((await Json("/collections/frontlines/items?date=2019-12-02")).GetProperty("features").EnumerateArray(),
            f => Assert.Equal("MultiLineString", f.GetProperty("geometry").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Every_collection_lists_its_queryables_and_each_one_filters_as_a_query_parameter()
    {
        var conformance = await Json("/conformance");
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables", conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        foreach (var collection in (await Json("/collections")).GetProperty("collections").EnumerateArray())
        {
            var id = collection.GetProperty("id").GetString()!;
            var link = collection.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/queryables");
            var response = await _http.GetAsync(link.GetProperty("href").GetString());
            Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
            var schema = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                var value = property.Value.TryGetProperty("enum", out var values) ? values[0].GetString()! : "2019-12-02";
                var filtered = await _http.GetAsync($"{server.BaseUrl}/collections/{id}/items?{property.Name}={Uri.EscapeDataString(value)}");
                Assert.True(filtered.StatusCode == HttpStatusCode.OK, $"{id}?{property.Name}={value}: {(int)filtered.StatusCode}");
            }
            if (id == "factions")
            {
                Assert.Empty(schema.GetProperty("properties").EnumerateObject());
                Assert.False(collection.GetProperty("extent").TryGetProperty("spatial", out _)); // no geometry, no spatial extent
            }
            else Assert.True(collection.GetProperty("extent").TryGetProperty("spatial", out _));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"{server.BaseUrl}/collections/nope/queryables")).StatusCode);
    }

    [Fact]
    public async Task Fiona_reads_every_geojson_output_without_crashing()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-fiona-");
        try
        {
            foreach (var path in new[]
            {
                "/snapshots/2019-12-02.geojson", "/snapshots/2019-12-02.geojson?layer=territory", "/snapshots/2019-12-02.geojson?layer=frontlines",
                "/collections/places/items?limit=10000", "/collections/changes/items?limit=10000", "/collections/territory/items",
            })
            {
                var file = Path.Combine(dir.FullName, "layer.geojson");
                var bytes = await _http.GetByteArrayAsync(server.BaseUrl + path);
                await File.WriteAllBytesAsync(file, bytes);
                var expected = JsonDocument.Parse(bytes).RootElement.GetProperty("features").GetArrayLength();
                var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import fiona, sys\nwith fiona.open(sys.argv[1]) as c:\n    print(sum(1 for _ in c))", file])
                    { RedirectStandardOutput = true, RedirectStandardError = true };
                using var p = Process.Start(psi)!;
                var stdout = await p.StandardOutput.ReadToEndAsync();
                var stderr = await p.StandardError.ReadToEndAsync();
                Assert.True(p.WaitForExit(60_000), "fiona timed out");
                Assert.True(p.ExitCode == 0, $"{path}: python3-fiona exited {p.ExitCode} (139 is the crash on empty lists; apt-get install python3-fiona, .ci/run does): {stderr}");
                Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), stdout.Trim());
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task Tilejson_has_a_strong_etag_and_answers_304()
    {
        var first = await _http.GetAsync($"{server.BaseUrl}/tiles/2019-12-02.json");
        Assert.NotNull(first.Headers.ETag);
        Assert.False(first.Headers.ETag!.IsWeak);
        var again = new HttpRequestMessage(HttpMethod.Get, $"{server.BaseUrl}/tiles/2019-12-02.json");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
        var other = await _http.GetAsync($"{server.BaseUrl}/tiles/2015-10-14.json");
        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    public async Task Geojson_is_compressed_when_asked_with_its_own_etag_and_304(string accept, string coding)
    {
        foreach (var path in new[] { "/snapshots/2019-12-02.geojson", "/collections/places/items?limit=500" })
        {
            var plain = await _http.GetAsync(server.BaseUrl + path);
            var plainBytes = await plain.Content.ReadAsByteArrayAsync();
            var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            var packed = await _http.SendAsync(request);
            Assert.Equal(coding, Assert.Single(packed.Content.Headers.ContentEncoding));
            Assert.Contains("Accept-Encoding", packed.Headers.Vary);
            var packedBytes = await packed.Content.ReadAsByteArrayAsync();
            Assert.True(packedBytes.Length * 3 < plainBytes.Length, $"{path}: {packedBytes.Length} of {plainBytes.Length} bytes");
            using var input = new MemoryStream(packedBytes);
            using Stream decoder = coding == "br" ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
                : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            await decoder.CopyToAsync(output);
            if (!path.Contains("items", StringComparison.Ordinal)) Assert.Equal(plainBytes, output.ToArray()); // items carry a timeStamp
            if (plain.Headers.ETag is { } etag)
            {
                Assert.NotEqual(etag, packed.Headers.ETag); // a strong tag names one representation
                var revalidate = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
                revalidate.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
                revalidate.Headers.IfNoneMatch.Add(packed.Headers.ETag!);
                Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(revalidate)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_forged_host_is_not_cached_for_others_and_the_antimeridian_limit_and_paging_rules_hold()
    {
        var forged = new HttpRequestMessage(HttpMethod.Get, $"{server.BaseUrl}/tiles/2020-06-10.json");
        forged.Headers.Host = "evil.example";
        var response = await _http.SendAsync(forged);
        Assert.Contains("Host", response.Headers.Vary); // no public URL configured: a cache keeps one copy per host

        // A bbox across the antimeridian is valid (and holds none of Syria); a limit above the maximum is capped.
        var wrap = await Json("/collections/places/items?bbox=170,30,-170,40");
        Assert.Equal(0, wrap.GetProperty("numberMatched").GetInt32());
        var all = await Json("/collections/places/items?limit=1000000");
        Assert.Equal(Math.Min(all.GetProperty("numberMatched").GetInt32(), 10_000), all.GetProperty("numberReturned").GetInt32());
        // Past the end, prev leads to the last page that has features.
        var past = await Json("/collections/factions/items?offset=500&limit=2");
        var prev = past.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "prev").GetProperty("href").GetString()!;
        var last = await _http.GetStringAsync(prev);
        Assert.NotEqual(0, JsonDocument.Parse(last).RootElement.GetProperty("numberReturned").GetInt32());
    }
}

/// <summary>A server with a configured public address: every absolute URL uses it, whatever Host says.</summary>
public sealed class PublicAddressServer : KestrelServer
{
    protected override string[] Args => ["--FrontlineMaps:PublicBaseUrl=https://maps.example.org/"];
}

public class PublicAddressTests(PublicAddressServer server) : IClassFixture<PublicAddressServer>
{
    [Fact]
    public async Task A_configured_public_base_url_replaces_the_request_host_in_every_absolute_url()
    {
        using var http = new HttpClient();
        foreach (var path in new[] { "/tiles/2019-12-02.json", "/collections", "/" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
            request.Headers.Host = "evil.example";
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            var body = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("evil.example", body);
            Assert.Contains("https://maps.example.org/", body);
        }
    }
}
