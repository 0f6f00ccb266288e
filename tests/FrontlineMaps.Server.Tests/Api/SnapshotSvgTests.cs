using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using static FrontlineMaps.Server.Tests.Api.ApiTestData;

namespace FrontlineMaps.Server.Tests.Api;

public class SnapshotSvgTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private async Task<XDocument> GetSvg(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(body);
    }

    private static string Text(XDocument svg) =>
        Regex.Replace(string.Join(' ', svg.Descendants(Svg + "text").Select(t => t.Value)), @"\s+", " ");

    [Fact]
    public async Task The_snapshot_is_standalone_SVG_with_the_colours_of_the_held_places_and_the_date()
    {
        var svg = await GetSvg("/snapshots/2019-12-02.svg");
        var root = svg.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        var viewBox = ((string)root.Attribute("viewBox")!).Split(' ').Select(double.Parse).ToArray();
        Assert.Equal(1200, viewBox[2]);
        Assert.True(viewBox[3] > 0);

        var dataset = ReportsFixture.Load();
        var timeline = new ControlTimeline(dataset, ReportsFixture.Version);
        var snapshot = timeline.Snapshot(new DateOnly(2019, 12, 2));
        var heldColours = snapshot.Entries().Where(e => e.State.Status == PlaceStatus.Held)
            .Select(e => timeline.Factions[e.State.Controller].Color).Distinct().ToList();
        Assert.NotEmpty(heldColours);
        var circleFills = svg.Descendants(Svg + "circle").Select(c => (string?)c.Attribute("fill")).ToHashSet();
        var territoryFills = svg.Descendants(Svg + "path").Select(c => (string?)c.Attribute("fill")).ToHashSet();
        foreach (var colour in heldColours)
        {
            Assert.Contains(colour, circleFills);
            Assert.Contains(colour, territoryFills);
        }

        var text = Text(svg);
        Assert.Contains("2019-12-02", text);
        Assert.Contains("FrontlineMaps", text);
        foreach (var line in dataset.Info.Attribution) Assert.Contains(line, text);
        // The legend names the held factions.
        foreach (var e in snapshot.Entries().Where(e => e.State.Status == PlaceStatus.Held))
            Assert.Contains(timeline.Factions[e.State.Controller].ShortName, text);
    }

    [Fact]
    public async Task The_snapshot_honours_width_and_bbox_and_marks_contested_and_claimed_places()
    {
        var svg = await GetSvg("/snapshots/2020-12-25.svg?bbox=38.5,36.1,39.5,36.7&width=800");
        var viewBox = ((string)svg.Root!.Attribute("viewBox")!).Split(' ').Select(double.Parse).ToArray();
        Assert.Equal(800, viewBox[2]);
        var text = Text(svg);
        Assert.Contains("Ain Issa", text);                    // held by the SDF on 24 December, inside the box
        Assert.DoesNotContain("Ejaz", text);                  // Idlib lies outside the box
        Assert.Contains(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("data-status") == "claimed");
        Assert.Contains(svg.Descendants(Svg + "pattern"), p => ((string?)p.Attribute("id"))!.StartsWith("claimed-", StringComparison.Ordinal));

        var contested = await GetSvg("/snapshots/2019-12-02.svg");
        Assert.Contains(contested.Descendants(Svg + "path"), p => (string?)p.Attribute("fill") == "url(#contested)");
    }

    [Fact]
    public async Task The_snapshot_revalidates_with_its_ETag_after_a_minute_and_is_cached_for_a_year_when_versioned()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync("/snapshots/2019-12-02.svg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        var version = (await GetJson(client, "/health")).GetProperty("data_version").GetString()!;
        Assert.Contains(version, etag!.Tag);
        Assert.Equal("public, max-age=60", first.Headers.CacheControl!.ToString());
        var token = (await GetJson(client, "/api/timeline")).GetProperty("url_version").GetString()!;
        var versioned = await client.GetAsync("/snapshots/2019-12-02.svg?v=" + token);
        Assert.Contains("immutable", versioned.Headers.CacheControl!.Extensions.Select(e => e.Name));
        Assert.Equal(TimeSpan.FromSeconds(31536000), versioned.Headers.CacheControl.MaxAge);
        Assert.Equal(etag, versioned.Headers.ETag);

        var request = new HttpRequestMessage(HttpMethod.Get, "/snapshots/2019-12-02.svg");
        request.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);

        // A day with no change since gives the same map state; another width a different document.
        var other = await client.GetAsync("/snapshots/2019-12-02.svg?width=600");
        Assert.NotEqual(etag, other.Headers.ETag);
        var later = await client.GetAsync("/snapshots/2020-12-25.svg");
        Assert.NotEqual(etag, later.Headers.ETag);
    }

    [Fact]
    public async Task A_bad_date_width_or_bbox_is_a_problem_naming_it()
    {
        var client = factory.CreateClient();
        await AssertProblem(client, "/snapshots/2019-02-30.svg", 400, "date");
        await AssertProblem(client, "/snapshots/1999-12-02.svg", 422, "date");
        await AssertProblem(client, "/snapshots/2019-12-02.svg?width=100", 400, "width");
        await AssertProblem(client, "/snapshots/2019-12-02.svg?width=wide", 400, "width");
        await AssertProblem(client, "/snapshots/2019-12-02.svg?bbox=37,36,36,37", 400, "bbox");
        await AssertProblem(client, "/snapshots/2019-12-02.svg?bbox=37,36,37,36", 400, "bbox");
    }
}
