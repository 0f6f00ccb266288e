using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Ogc.OpenApi;

namespace FrontlineMaps.Server.Snapshots;

/// <summary>
/// The <c>/snapshots</c> group: the whole map at a date as GeoJSON, SVG and PNG. Every endpoint takes a <see cref="DatedQuery"/>;
/// the group refuses undeclared query parameters and redirects a stale <c>v</c>, so a handler only checks its own parameters,
/// sets the dated validators and encodes.
/// </summary>
public static class SnapshotEndpoints
{
    /// <summary>Maps the group.</summary>
    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder app)
    {
        var snapshots = app.MapGroup("/snapshots").WithTags("Snapshots").RejectUndeclaredQuery().RedirectStaleVersion();
        snapshots.MapGet("/{date}.geojson", SnapshotGeoJsonEndpoints.GeoJson)
            .WithName("GetSnapshotGeoJson").WithSummary("The whole map at a date as one GeoJSON file (places, territory or front lines)")
            .WithParameterComponent("layer", "snapshotLayer")
            .Described("A GeoJSON FeatureCollection (the feature contracts of docs/data-format.md); immutable with the current `v`, " +
                       "`max-age=60` without; strong ETag.", OgcHttp.GeoJson);
        snapshots.MapGet("/{date}.svg", SnapshotSvg.Handle)
            .WithName("GetSnapshotSvg").WithSummary("A static map at a date (SVG)")
            .WithParameterComponent("bbox", "snapshotBbox").WithParameterComponent("width", "svgWidth")
            .Described("An SVG image: immutable with the current `v`, `max-age=60` without; strong ETag.", "image/svg+xml");
        snapshots.MapGet("/{date}.png", SnapshotPng.Handle)
            .WithName("GetSnapshotPng").WithSummary("A static map at a date (PNG, the link preview image)")
            .WithParameterComponent("bbox", "snapshotBbox").WithParameterComponent("width", "pngWidth").WithParameterComponent("height", "pngHeight")
            .Described("A PNG image of the SVG snapshot (default 1200×630, the Open Graph size): immutable with the current `v`, " +
                       "`max-age=60` without; strong ETag.", "image/png");
        return app;
    }

    /// <summary>What a snapshot answers, for the document.</summary>
    private static RouteHandlerBuilder Described(this RouteHandlerBuilder builder, string ok, string type) => builder
        .WithParameterComponent("date", "snapshotDate")
        .Ok(ok, type)
        .Moved().NotModified()
        .Problem(400, "A malformed or unknown parameter.")
        .Problem(422, "A date outside what the data can answer.")
        .TooMany("snapshots are expensive reads");
}
