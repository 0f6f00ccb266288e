using System.Text.Json;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.Net.Http.Headers;

namespace FrontlineMaps.Server.Snapshots;

/// <summary>
/// Whole-map GeoJSON at a date, unpaged, for GIS tools and scripts that want one file (<c>curl -O</c>):
/// <c>/snapshots/{date}.geojson?layer=places|territory|frontlines&amp;known_at=...</c>. Streams straight into the response.
/// A strong ETag of (data version, knowledge version, state key); immutable caching only with <c>?v=</c> naming the current data
/// version, else a minute (see <see cref="DatedCaching"/>).
/// </summary>
public static class SnapshotGeoJsonEndpoints
{
    private static readonly string[] Layers = ["places", "territory", "frontlines"];

    /// <summary>Maps <c>/snapshots/{date}.geojson</c>.</summary>
    public static IEndpointRouteBuilder MapSnapshotGeoJson(this IEndpointRouteBuilder app)
    {
        app.MapGet("/snapshots/{date}.geojson", async (string date, HttpContext http, MapState source, DerivedCache cache) =>
        {
            QueryParsing.RejectUnknown(http.Request.Query, "layer", "known_at", DatedCaching.Parameter);
            if (DatedCaching.RedirectIfStale(http, source) is { } redirect)
            {
                await redirect.ExecuteAsync(http);
                return;
            }
            var day = QueryParsing.ParseDay("date", date);
            var (first, last) = source.DateRange;
            QueryParsing.RequireWithinData("date", day, first, last);
            var layer = QueryParsing.Single(http.Request.Query, "layer") ?? "places";
            if (!Layers.Contains(layer)) throw ProblemException.BadRequest("layer", $"'{layer}' is not a layer; expected one of {string.Join(", ", Layers)}");
            var knownAtText = QueryParsing.Single(http.Request.Query, "known_at");
            DateTimeOffset? knownAt = knownAtText is null ? null : QueryParsing.ParseKnownAt("known_at", knownAtText);

            var snapshot = source.Timeline.Snapshot(day, knownAt);
            var key = cache.KeyOf(snapshot);
            var etag = new EntityTagHeaderValue($"\"{key.DataVersion}-{key.Knowledge}-{key.StateKey}-{layer}\"");
            http.Response.Headers.ETag = etag.ToString();
            http.Response.Headers.CacheControl = DatedCaching.CacheControl(http.Request, source);
            if (Conditional.IfNoneMatch(http.Request, etag.Tag.ToString()))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            http.Response.ContentType = "application/geo+json";
            http.Response.Headers.ContentDisposition = $"inline; filename=\"frontlinemaps-{layer}-{day:yyyy-MM-dd}.geojson\"";
            var body = http.Response.BodyWriter;
            switch (layer)
            {
                case "territory":
                    GeoJsonFeatureEncoder.WriteTerritories(body, cache.For(snapshot).Territories, snapshot.ValidAt);
                    break;
                case "frontlines":
                    GeoJsonFeatureEncoder.WriteFrontLines(body, cache.For(snapshot).FrontLines, snapshot.ValidAt);
                    break;
                default:
                    await WritePlacesStreaming(body, source, snapshot, http.RequestAborted);
                    break;
            }
            await body.FlushAsync(http.RequestAborted);
        });
        return app;
    }

    /// <summary>Writes the places collection, flushing to the network every few hundred features so memory stays flat.</summary>
    private static async Task WritePlacesStreaming(System.IO.Pipelines.PipeWriter body, MapState source, Core.Timeline.Snapshot snapshot, CancellationToken ct)
    {
        using var w = new Utf8JsonWriter(body, GeoJsonFeatureEncoder.WriterOptions);
        GeoJsonFeatureEncoder.WriteCollectionStart(w);
        for (var i = 0; i < snapshot.Count; i++)
        {
            source.Encoder.WritePlace(w, snapshot, i);
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
