using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Snapshots;

/// <summary>
/// Whole-map GeoJSON at a date, unpaged, for GIS tools and scripts that want one file (<c>curl -O</c>):
/// <c>/snapshots/{date}.geojson?layer=places|territory|frontlines&amp;known_at=...</c>. Streams straight into the response.
/// The dated ETag and cache policy of <see cref="DatedCaching"/> (immutable only with <c>?v=</c> naming the current data
/// version, else a minute).
/// </summary>
public static class SnapshotGeoJsonEndpoints
{
    private static readonly string[] Layers = ["places", "territory", "frontlines"];

    /// <summary><c>GET /snapshots/{date}.geojson</c>.</summary>
    internal static Results<StreamedBody, StatusCodeHttpResult> GeoJson(
        [AsParameters] DatedQuery query, [FromQuery] string? layer, HttpContext http, [FromServices] DerivedCache cache)
    {
        var at = query.Resolve();
        layer ??= "places";
        if (!Layers.Contains(layer)) throw ProblemException.BadRequest("layer", $"'{layer}' is not a layer; expected one of {string.Join(", ", Layers)}");
        var state = at.State;
        var snapshot = state.Timeline.Snapshot(at.Day, at.KnownAt);
        if (DatedCaching.IsCurrent(http, at, DatedCaching.ETag("geojson", at, snapshot.StateKey, "-" + layer))) return DatedCaching.NotModified;

        var fileName = $"frontlinemaps-{layer}-{DayFormat.Of(at.Day)}.geojson";
        return new StreamedBody("application/geo+json", layer switch
        {
            "territory" => (body, _) => { GeoJsonFeatureEncoder.WriteTerritories(body, cache.For(snapshot).Territories, snapshot.ValidAt); return Task.CompletedTask; },
            "frontlines" => (body, _) => { GeoJsonFeatureEncoder.WriteFrontLines(body, cache.For(snapshot).FrontLines, snapshot.ValidAt); return Task.CompletedTask; },
            _ => (body, ct) => WritePlacesStreaming(body, state, snapshot, ct),
        }, fileName);
    }

    /// <summary>Writes the places collection, flushing to the network every few hundred features so memory stays flat.</summary>
    private static async Task WritePlacesStreaming(System.IO.Pipelines.PipeWriter body, MapState state, Core.Timeline.Snapshot snapshot, CancellationToken ct)
    {
        using var w = new Utf8JsonWriter(body, GeoJsonFeatureEncoder.WriterOptions);
        GeoJsonFeatureEncoder.WriteCollectionStart(w);
        for (var i = 0; i < snapshot.Count; i++)
        {
            state.Encoder.WritePlace(w, snapshot, i);
            if ((i & 1023) == 1023)
            {
                w.Flush();
                await body.FlushAsync(ct);
            }
        }
        GeoJsonFeatureEncoder.WriteCollectionEnd(w);
        w.Flush();
    }
}
