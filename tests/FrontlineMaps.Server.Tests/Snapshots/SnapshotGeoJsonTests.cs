using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Snapshots;

public class SnapshotGeoJsonTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> Features(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("features").Clone();
    }

    [Fact]
    public async Task The_whole_map_of_places_on_2019_12_02_shows_Ejaz_contested_between_SAA_and_SNA()
    {
        var features = await Features("/snapshots/2019-12-02.geojson");
        Assert.True(features.GetArrayLength() > 250);
        var ejaz = features.EnumerateArray().Single(f => f.GetProperty("id").GetString() == "ejaz-idlib").GetProperty("properties");
        Assert.Equal("contested", ejaz.GetProperty("status").GetString());
        Assert.Equal(["SAA", "SNA"], ejaz.GetProperty("factions").EnumerateArray().Select(x => x.GetString()!).ToArray());
    }

    [Fact]
    public async Task Territory_and_front_lines_come_as_their_own_layers()
    {
        var territory = await Features("/snapshots/2020-12-25.geojson?layer=territory");
        Assert.Contains(territory.EnumerateArray(), t => t.GetProperty("properties").GetProperty("faction").GetString() == "SDF");
        var fronts = await Features("/snapshots/2020-12-25.geojson?layer=frontlines");
        Assert.Contains(fronts.EnumerateArray(), f => f.GetProperty("id").GetString() == "SDF|SNA");
    }

    [Fact]
    public async Task Two_dates_without_a_change_between_them_share_an_ETag_and_a_revalidation_is_a_304()
    {
        var a = await _client.GetAsync("/snapshots/2020-07-01.geojson");
        var b = await _client.GetAsync("/snapshots/2020-08-01.geojson");
        var c = await _client.GetAsync("/snapshots/2020-12-25.geojson");
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        Assert.NotEqual(a.Headers.ETag, c.Headers.ETag);
        Assert.Equal("public, max-age=60", a.Headers.CacheControl!.ToString());
        var request = new HttpRequestMessage(HttpMethod.Get, "/snapshots/2020-08-01.geojson");
        request.Headers.IfNoneMatch.Add(a.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("/snapshots/2019-13-01.geojson", 400, "date")]
    [InlineData("/snapshots/1990-01-01.geojson", 422, "date")]
    [InlineData("/snapshots/2019-12-02.geojson?layer=roads", 400, "layer")]
    [InlineData("/snapshots/2019-12-02.geojson?colour=red", 400, "colour")]
    [InlineData("/snapshots/2019-12-02.geojson?known_at=yesterday", 400, "known_at")]
    [InlineData("/snapshots/2019-12-02.geojson?v=a+b", 400, "v")]
    public async Task Bad_requests_get_a_problem_naming_the_parameter(string url, int status, string parameter)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, doc.RootElement.GetProperty("parameter").GetString());
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
    }
}
