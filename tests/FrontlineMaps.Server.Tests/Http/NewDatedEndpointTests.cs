using System.Net;
using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FrontlineMaps.Server.Tests.Http;

/// <summary>
/// The newcomer's test of docs/architecture.md ("Adding a dated endpoint"): a new dated GeoJSON endpoint is one handler and one
/// line of registration, and it gets the checked date and <c>known_at</c>, the refusal of undeclared parameters, the stale-<c>v</c>
/// redirect, the dated ETag and Cache-Control and the ProblemDetails errors without writing any of them.
/// </summary>
public sealed class NewDatedEndpointTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient _client = new();

    /// <summary>The handler of the example: every place at the date, as GeoJSON.</summary>
    internal static Results<StreamedBody, StatusCodeHttpResult> AllPlaces([AsParameters] DatedQuery query, HttpContext http)
    {
        var at = query.Resolve();
        var snapshot = at.State.Timeline.Snapshot(at.Day, at.KnownAt);
        if (DatedCaching.IsCurrent(http, at, DatedCaching.ETag("example", at, snapshot.StateKey))) return DatedCaching.NotModified;
        return new StreamedBody("application/geo+json", (body, _) => { at.State.Encoder.WritePlaces(body, snapshot); return Task.CompletedTask; });
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var app = ServerApp();
        // The one line of registration (in the server it goes into SnapshotEndpoints.MapSnapshots, whose group has the filters).
        app.MapGroup("/example").RejectUndeclaredQuery().RedirectStaleVersion().MapGet("/{date}.geojson", AllPlaces);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    private static WebApplication ServerApp() =>
        FrontlineMaps.Server.Hosting.ServerApp.Build(["--urls", "http://127.0.0.1:0", ReportsFixture.SeedSwitch, "--Store:Provider=memory"]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_new_dated_endpoint_answers_GeoJSON_with_the_dated_validators()
    {
        var response = await _client.GetAsync("/example/2019-12-02.geojson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        var geojson = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("FeatureCollection", (string?)geojson["type"]);
        Assert.NotEmpty(geojson["features"]!.AsArray());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/example/2019-12-02.geojson");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task A_new_dated_endpoint_refuses_what_it_does_not_declare_and_redirects_a_stale_version()
    {
        var unknown = await _client.GetAsync("/example/2019-12-02.geojson?layer=places");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;
        Assert.Equal("layer", (string?)problem["parameter"]);
        Assert.EndsWith("allowed: known_at, v", (string?)problem["detail"]);

        var stale = await _client.GetAsync("/example/2019-12-02.geojson?v=old");
        Assert.Equal(HttpStatusCode.Found, stale.StatusCode);
        Assert.Contains("v=", stale.Headers.Location!.ToString());
        Assert.DoesNotContain("v=old", stale.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_new_dated_endpoint_names_the_field_of_a_bad_date_or_known_at()
    {
        var outside = await _client.GetAsync("/example/1800-01-01.geojson");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Equal("date", (string?)JsonNode.Parse(await outside.Content.ReadAsStringAsync())!["parameter"]);
        var knownAt = await _client.GetAsync("/example/2019-12-02.geojson?known_at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, knownAt.StatusCode);
        Assert.Equal("known_at", (string?)JsonNode.Parse(await knownAt.Content.ReadAsStringAsync())!["parameter"]);
    }
}
