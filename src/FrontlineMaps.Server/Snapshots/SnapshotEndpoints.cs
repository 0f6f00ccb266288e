using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Http;

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
            .WithName("GetSnapshotGeoJson").WithSummary("The whole map at a date as one GeoJSON file (places, territory or front lines)");
        snapshots.MapGet("/{date}.svg", SnapshotSvg.Handle)
            .WithName("GetSnapshotSvg").WithSummary("A static map at a date (SVG)");
        snapshots.MapGet("/{date}.png", SnapshotPng.Handle)
            .WithName("GetSnapshotPng").WithSummary("A static map at a date (PNG, the link preview image)");
        return app;
    }
}
