using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Ogc;

public class OgcMetadataTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly string[] CollectionIds = ["places", "changes", "territory", "frontlines", "factions"];

    [Fact]
    public async Task The_landing_page_links_self_the_api_description_conformance_and_data()
    {
        var client = factory.CreateClient();
        var landing = await Ogc.GetJson(client, "/");
        Assert.Contains("Syria", landing.GetProperty("title").GetString());
        Assert.EndsWith("/", Ogc.Link(landing, "self", "application/json"));
        Assert.EndsWith("/api", Ogc.Link(landing, "service-desc", "application/vnd.oai.openapi+json;version=3.0"));
        Assert.EndsWith("/api?f=html", Ogc.Link(landing, "service-doc", "text/html"));
        Assert.EndsWith("/conformance", Ogc.Link(landing, "conformance", "application/json"));
        Assert.EndsWith("/collections", Ogc.Link(landing, "data", "application/json"));
    }

    [Fact]
    public async Task The_landing_page_as_html_has_the_dataset_name_links_and_collections()
    {
        // a browser at / gets the web viewer (tests/FrontlineMaps.Viewer.Tests); the OGC landing page's HTML is at /?f=html
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?f=html");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("Syria (reports 2015-2020)", html);
        Assert.Contains("/api\"", html);
        Assert.Contains("/conformance\"", html);
        foreach (var id in CollectionIds) Assert.Contains($"/collections/{id}/items\"", html);
    }

    [Fact]
    public async Task A_client_asking_for_json_or_anything_gets_the_landing_page_as_json()
    {
        var client = factory.CreateClient();
        foreach (var accept in new[] { "application/json", "*/*", "application/json, text/html;q=0.5" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await client.SendAsync(request);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
        var viaF = await client.GetAsync("/?f=html");
        Assert.Equal("text/html", viaF.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/conformance", "ogcapi-features-1/1.0/conf/core")]
    [InlineData("/api", "/collections/places/items")]
    [InlineData("/collections", "/collections/frontlines/items")]
    [InlineData("/collections/territory", "/collections/territory/items")]
    [InlineData("/collections/places/items?datetime=2019-12-02&limit=5", "Next page")]
    [InlineData("/collections/places/items?datetime=2019-12-02&status=contested", "ejaz-idlib")]
    [InlineData("/collections/changes/items?datetime=2019-12-01", "r002-ejaz-saa-capture")]
    [InlineData("/collections/factions/items", "#d7301f")]
    [InlineData("/collections/places/items/ejaz-idlib?datetime=2019-12-02", "contested")]
    public async Task Every_resource_is_served_as_html_to_a_browser(string url, string expected)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), html);
        var viaF = await client.GetAsync(url + (url.Contains('?') ? "&" : "?") + "f=html");
        Assert.Equal("text/html", viaF.Content.Headers.ContentType?.MediaType);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), await viaF.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Html_item_pages_link_the_next_page()
    {
        var html = await factory.CreateClient().GetStringAsync("/collections/places/items?f=html&limit=10");
        Assert.Contains("offset=10", html);
        Assert.Contains("Next page", html);
        Assert.Equal(10, html.Split("<tr><td><a href=").Length - 1);
    }

    [Fact]
    public async Task Conformance_declares_core_oas30_geojson_and_html()
    {
        var conformance = await Ogc.GetJson(factory.CreateClient(), "/conformance");
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html", classes);
    }

    [Fact]
    public async Task The_api_is_an_openapi_3_document_describing_every_path_with_reusable_parameters()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/api");
        Assert.Equal("application/vnd.oai.openapi+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "3.0");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var api = doc.RootElement;
        Assert.StartsWith("3.0.", api.GetProperty("openapi").GetString()); // Microsoft.OpenApi writes 3.0.4
        var paths = api.GetProperty("paths");
        var itemPaths = CollectionIds.Select(id => $"/collections/{id}/items").ToList();
        foreach (var path in new[] { "/", "/conformance", "/api", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/queryables",
                     "/collections/map/tiles", "/collections/map/tiles/WebMercatorQuad" }
                     .Concat(itemPaths).Concat(CollectionIds.Select(id => $"/collections/{id}/items/{{featureId}}")))
            Assert.True(paths.TryGetProperty(path, out var p) && p.TryGetProperty("get", out _), $"path {path} is not described");

        var parameters = api.GetProperty("components").GetProperty("parameters");
        foreach (var name in new[] { "limit", "bbox", "datetime", "offset", "known_at", "faction", "placesStatus", "changesStatus", "territoryStatus", "collectionId", "featureId" })
            Assert.True(parameters.TryGetProperty(name, out _), $"components.parameters.{name} is missing");
        var limit = parameters.GetProperty("limit").GetProperty("schema");
        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(10000, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(100, limit.GetProperty("default").GetInt32());

        // Every parameter of every items operation is a $ref that resolves to a component, limit among them.
        foreach (var path in itemPaths)
        {
            var references = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("$ref").GetString()!).ToList();
            Assert.Contains("#/components/parameters/limit", references);
            foreach (var reference in references)
            {
                Assert.StartsWith("#/components/parameters/", reference);
                Assert.True(parameters.TryGetProperty(reference["#/components/parameters/".Length..], out _), $"{reference} does not resolve");
            }
        }
    }

    [Fact]
    public async Task The_landing_page_and_collections_link_the_map_of_vector_tiles_whose_tileset_links_the_tile_template()
    {
        var client = factory.CreateClient();
        const string tilesetsRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
        var collections = await Ogc.GetJson(client, "/collections");
        // Not an entry of the collections array: feature clients (GDAL) would take it for a feature collection.
        Assert.DoesNotContain("map", collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var tilesetsUrl = Ogc.Link(collections, tilesetsRel)!;
        Assert.Equal(tilesetsUrl, Ogc.Link(await Ogc.GetJson(client, "/"), tilesetsRel));
        var map = await Ogc.GetJson(client, "/collections/map");
        Assert.Equal("vector", map.GetProperty("dataType").GetString());
        Assert.Equal(tilesetsUrl, Ogc.Link(map, tilesetsRel));
        var tilesets = await Ogc.GetJson(client, new Uri(tilesetsUrl).PathAndQuery);
        var tileset = tilesets.GetProperty("tilesets")[0];
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tileset.GetProperty("tileMatrixSetURI").GetString());
        var metadata = await Ogc.GetJson(client, new Uri(Ogc.Link(tileset, "self")!).PathAndQuery);
        var template = metadata.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "item");
        Assert.Equal("application/vnd.mapbox-vector-tile", template.GetProperty("type").GetString());
        var href = template.GetProperty("href").GetString()!;
        Assert.EndsWith("/collections/map/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", href);
        // The template answers: a tile of Idlib at zoom 8 on a day with data.
        var tile = await client.GetAsync(new Uri(href.Replace("{tileMatrix}", "8").Replace("{tileRow}", "100").Replace("{tileCol}", "154")).PathAndQuery + "?datetime=2019-12-02");
        Assert.True(tile.IsSuccessStatusCode, $"the tile template answers {(int)tile.StatusCode}");
        Assert.Equal(17, metadata.GetProperty("tileMatrixSetLimits").GetArrayLength()); // zoom 0 to 16, as the tile route answers
        Assert.Equal(["places", "territory", "frontlines", "changes"], metadata.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var conformance = await Ogc.GetJson(client, "/conformance");
        Assert.Contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset", conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Collections_lists_the_five_collections_with_links_extent_item_type_and_crs()
    {
        var client = factory.CreateClient();
        var collections = await Ogc.GetJson(client, "/collections");
        Assert.EndsWith("/collections", Ogc.Link(collections, "self"));
        var list = collections.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(CollectionIds, list.Select(c => c.GetProperty("id").GetString()));
        foreach (var c in list)
        {
            var id = c.GetProperty("id").GetString();
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("description").GetString()));
            Assert.EndsWith($"/collections/{id}", Ogc.Link(c, "self"));
            Assert.EndsWith($"/collections/{id}/items", Ogc.Link(c, "items", "application/geo+json"));
            Assert.Equal("feature", c.GetProperty("itemType").GetString());
            Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", c.GetProperty("crs")[0].GetString());
            if (id == "factions") Assert.False(c.GetProperty("extent").TryGetProperty("spatial", out _)); // no geometry
            else
            {
                var bbox = c.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(4, bbox.Length);
                Assert.True(bbox[0] < bbox[2] && bbox[1] < bbox[3], "bbox is min before max");
                Assert.InRange(bbox[0], 35, 43); // Syria
                Assert.InRange(bbox[1], 32, 38);
            }
            var interval = c.GetProperty("extent").GetProperty("temporal").GetProperty("interval")[0];
            Assert.Equal("2015-10-14T00:00:00Z", interval[0].GetString());
            Assert.Equal("2020-12-24T23:59:59Z", interval[1].GetString());
        }
    }

    [Fact]
    public async Task One_collection_is_described_at_its_own_path()
    {
        var changes = await Ogc.GetJson(factory.CreateClient(), "/collections/changes");
        Assert.Equal("changes", changes.GetProperty("id").GetString());
        Assert.EndsWith("/collections/changes/items?f=csv", Ogc.Link(changes, "items", "text/csv"));
    }

    [Fact]
    public async Task Responses_carry_an_etag_with_the_data_version_and_answer_304_when_it_matches()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/collections/places/items?datetime=2019-12-02&limit=5");
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag!.IsWeak); // an items page carries the timeStamp of its encoding: not byte-stable
        var token = factory.Services.GetRequiredService<FrontlineMaps.Server.Hosting.MapSource>().Current.ETagToken;
        Assert.Contains(token, etag.Tag);
        // The one policy of dated responses no v pins (DatedCaching): revalidated after a minute.
        Assert.Equal(FrontlineMaps.Server.Http.DatedCaching.ShortLived, response.Headers.CacheControl?.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, "/collections/places/items?datetime=2019-12-02&limit=5");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, revalidated.StatusCode);
        var other = await client.GetAsync("/collections/places/items?datetime=2019-12-01&limit=5");
        Assert.NotEqual(etag.Tag, other.Headers.ETag?.Tag);
    }
}
