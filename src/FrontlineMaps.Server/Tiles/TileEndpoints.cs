using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.Net.Http.Headers;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Dated vector tile endpoints: <c>/tiles/{date}/{z}/{x}/{y}.mvt</c>, <c>/tiles/latest/{z}/{x}/{y}.mvt</c>, the OGC API – Tiles
/// path <c>/collections/map/tiles/WebMercatorQuad/{z}/{y}/{x}?datetime=DATE</c>, and TileJSON 3.0.0 at <c>/tiles/{date}.json</c>
/// and <c>/tiles/latest.json</c>. Optional <c>known_at</c>: the map as published then; optional <c>v</c>: the data version, which
/// makes the URL immutable (<see cref="DatedCaching"/>; TileJSON lists its tiles with it). Tiles come from the app's
/// <see cref="TileCache"/>, as brotli or gzip when the client accepts one.
/// </summary>
public static class TileEndpoints
{
    /// <summary>Media type of Mapbox Vector Tiles.</summary>
    public const string MvtMediaType = "application/vnd.mapbox-vector-tile";

    private const string FormatVersion = "mvt1";

    /// <summary>Maps the tile endpoints.</summary>
    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        var cache = app.ServiceProvider.GetRequiredService<TileCache>(); // one for the app (TileCacheRegistration)
        TileService Tiles(HttpContext ctx)
        {
            var state = ctx.RequestServices.GetRequiredService<MapState>();
            return new TileService(state, state.Get(s => new VectorTileEncoder(s.Map, s.PreparedCells)), cache);
        }
        // A stale ?v= (an old TileJSON or viewer state): 302 to the current version (DatedCaching).
        IResult? Stale(HttpContext ctx) => DatedCaching.RedirectIfStale(ctx, ctx.RequestServices.GetRequiredService<MapState>());

        string[] methods = ["GET", "HEAD"];
        app.MapMethods("/tiles/{date}/{z}/{x}/{y}.mvt", methods, (HttpContext ctx, string date, string z, string x, string y) =>
        {
            QueryParsing.RejectUnknown(ctx.Request.Query, "known_at", "layers", DatedCaching.Parameter);
            return Stale(ctx) ?? Tiles(ctx).Serve(ctx, date, z, x, y, QueryParsing.Single(ctx.Request.Query, "known_at"), QueryParsing.Single(ctx.Request.Query, "layers"));
        });
        app.MapMethods("/collections/map/tiles/WebMercatorQuad/{z}/{y}/{x}", methods, (HttpContext ctx, string z, string y, string x) =>
        {
            QueryParsing.RejectUnknown(ctx.Request.Query, "datetime", "known_at", "f", "layers", DatedCaching.Parameter);
            if (Stale(ctx) is { } redirect) return redirect;
            if (QueryParsing.Single(ctx.Request.Query, "f") is { } f && f != "mvt")
                throw ProblemException.BadRequest("f", $"'{f}' is not an available format; tiles are 'mvt'");
            var datetime = QueryParsing.Single(ctx.Request.Query, "datetime");
            string date;
            if (datetime is null) date = "latest";
            else
            {
                var sel = QueryParsing.ParseDateTime("datetime", datetime);
                if (sel.IsInterval) throw ProblemException.BadRequest("datetime", "tiles show the map at one date: give an instant, not an interval");
                date = sel.Start!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            return Tiles(ctx).Serve(ctx, date, z, x, y, QueryParsing.Single(ctx.Request.Query, "known_at"), QueryParsing.Single(ctx.Request.Query, "layers"), dateParameter: "datetime");
        });
        app.MapMethods("/tiles/{date}.json", methods, (HttpContext ctx, string date) =>
        {
            QueryParsing.RejectUnknown(ctx.Request.Query, "known_at", DatedCaching.Parameter);
            return Stale(ctx) ?? Tiles(ctx).TileJson(ctx, date, QueryParsing.Single(ctx.Request.Query, "known_at"));
        });
        return app;
    }

    /// <summary>Request handling for the tile endpoints.</summary>
    internal sealed class TileService(MapState source, VectorTileEncoder encoder, TileCache cache)
    {
        public TileCache Cache => cache;

        /// <summary>The day a path segment names ("latest" or a date within the data).</summary>
        private DateOnly Day(string parameter, string value)
        {
            if (value == "latest") return source.DateRange.Last;
            var day = QueryParsing.ParseDay(parameter, value);
            QueryParsing.RequireWithinData(parameter, day, source.DateRange.First, source.DateRange.Last);
            return day;
        }

        private static int Coordinate(string parameter, string value, int limit)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0 || n > limit)
                throw ProblemException.BadRequest(parameter, $"'{value}' is not a whole number from 0 to {limit}");
            return n;
        }

        /// <summary>
        /// The layers a <c>layers</c> parameter names (comma-separated layer ids, each at most once); all four when absent.
        /// </summary>
        internal static TileLayers ParseLayers(string? value)
        {
            if (value is null) return TileLayers.All;
            var layers = TileLayers.None;
            foreach (var part in value.Split(','))
            {
                var id = part.Trim();
                var flag = VectorLayers.FlagOf(id);
                if (flag == TileLayers.None)
                    throw ProblemException.BadRequest("layers", $"'{id}' is not a layer; the layers are {string.Join(", ", VectorLayers.All.Select(l => l.Id))}");
                if ((layers & flag) != 0) throw ProblemException.BadRequest("layers", $"'{id}' is named twice");
                layers |= flag;
            }
            return layers;
        }

        public IResult Serve(HttpContext ctx, string date, string zText, string xText, string yText, string? knownAtText, string? layersText, string dateParameter = "date")
        {
            var z = Coordinate("z", zText, VectorLayers.MaxServedZoom);
            var x = Coordinate("x", xText, (1 << z) - 1);
            var y = Coordinate("y", yText, (1 << z) - 1);
            var latest = date == "latest";
            var day = Day(dateParameter, date);
            DateTimeOffset? knownAt = knownAtText is null ? null : QueryParsing.ParseKnownAt("known_at", knownAtText);
            var timeline = source.Timeline;
            var layers = ParseLayers(layersText);
            var key = new TileCache.Key(source.DataVersion, timeline.VersionOf(knownAt), timeline.StateKeyAt(day, knownAt), z, x, y, layers);
            var coding = CodingFor(ctx.Request);
            var etag = ETagOf(source.ETagToken, key, coding);

            var headers = ctx.Response.Headers;
            headers.CacheControl = DatedCaching.CacheControl(ctx.Request, source, latest);
            headers.ETag = etag;
            headers.Vary = "Accept-Encoding";
            if (Conditional.IfNoneMatch(ctx.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);

            var entry = cache.GetOrAdd(key, () => encoder.Encode(new TileId(z, x, y), day, knownAt, layers));
            if (entry.IsEmpty) return Results.NoContent();
            switch (coding)
            {
                case Coding.Brotli:
                    headers.ContentEncoding = "br";
                    return Results.Bytes(entry.Brotli, MvtMediaType);
                case Coding.Gzip:
                    headers.ContentEncoding = "gzip";
                    return Results.Bytes(entry.Gzip, MvtMediaType);
                default:
                    return Results.Bytes(entry.Raw, MvtMediaType);
            }
        }

        /// <summary>The content codings a tile is served in.</summary>
        internal enum Coding { Identity, Gzip, Brotli }

        /// <summary>Brotli when the client accepts it at least as well as gzip (smaller, and made once per cached tile), else gzip when accepted.</summary>
        internal static Coding CodingFor(HttpRequest request)
        {
            var brotli = Conditional.Quality(request, "br");
            var gzip = Conditional.Quality(request, "gzip");
            if (brotli > 0 && brotli >= gzip) return Coding.Brotli;
            return gzip > 0 ? Coding.Gzip : Coding.Identity;
        }

        /// <summary>The tile's ETag: one per representation, so the coding is part of it (<c>-gz</c>, <c>-br</c>).</summary>
        private static string ETagOf(string dataToken, TileCache.Key key, Coding coding)
        {
            var state = key.StateKey == long.MinValue ? "none" : key.StateKey.ToString(CultureInfo.InvariantCulture);
            var layers = key.Layers == TileLayers.All ? "" : $"-l{(int)key.Layers}";
            var suffix = coding switch { Coding.Brotli => "-br", Coding.Gzip => "-gz", _ => "" };
            return $"\"{FormatVersion}-{dataToken}-k{key.Knowledge}-s{state}{layers}{suffix}\"";
        }

        public IResult TileJson(HttpContext ctx, string date, string? knownAtText)
        {
            var latest = date == "latest";
            var day = Day("date", date);
            DateTimeOffset? knownAt = knownAtText is null ? null : QueryParsing.ParseKnownAt("known_at", knownAtText);
            var request = ctx.Request;
            var baseUrl = PublicAddress.Of(request);
            var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // The tiles carry the current data version: immutable, and redirected to the new version after a write.
            var query = "?" + DatedCaching.Query(source, ("known_at", knownAtText));
            var dataset = source.Timeline.Dataset.Info;
            var centerLon = Math.Round((source.MinLon + source.MaxLon) / 2, 6);
            var centerLat = Math.Round((source.MinLat + source.MaxLat) / 2, 6);

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, Core.Encoders.GeoJsonFeatureEncoder.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("tilejson", "3.0.0");
                w.WriteString("name", $"{dataset.Name} — {dayText}");
                w.WriteString("description", knownAt is null
                    ? $"Control of territory at the end of {dayText}"
                    : $"Control of territory at the end of {dayText} as published on {knownAtText}");
                w.WriteString("version", "1.0.0");
                w.WriteString("attribution", string.Join("; ", dataset.Attribution.IsDefault ? [] : dataset.Attribution));
                w.WriteString("scheme", "xyz");
                w.WriteStartArray("tiles");
                w.WriteStringValue($"{baseUrl}/tiles/{dayText}/{{z}}/{{x}}/{{y}}.mvt{query}");
                w.WriteEndArray();
                w.WriteNumber("minzoom", 0);
                w.WriteNumber("maxzoom", VectorLayers.MaxDataZoom);
                w.WriteStartArray("bounds");
                w.WriteNumberValue(Math.Round(source.MinLon, 6));
                w.WriteNumberValue(Math.Round(source.MinLat, 6));
                w.WriteNumberValue(Math.Round(source.MaxLon, 6));
                w.WriteNumberValue(Math.Round(source.MaxLat, 6));
                w.WriteEndArray();
                w.WriteStartArray("center");
                w.WriteNumberValue(centerLon);
                w.WriteNumberValue(centerLat);
                w.WriteNumberValue(7);
                w.WriteEndArray();
                w.WriteStartArray("vector_layers");
                foreach (var layer in VectorLayers.All)
                {
                    w.WriteStartObject();
                    w.WriteString("id", layer.Id);
                    w.WriteString("description", layer.Description);
                    w.WriteNumber("minzoom", layer.MinZoom);
                    w.WriteNumber("maxzoom", layer.MaxZoom);
                    w.WriteStartObject("fields");
                    foreach (var (name, text) in layer.Fields) w.WriteString(name, text);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            // A strong ETag of the bytes (they hold the versioned tile URLs and the public address), and 304 when it matches.
            var body = buffer.ToArray();
            var etag = $"\"tj-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..20]}\"";
            ctx.Response.Headers.CacheControl = DatedCaching.CacheControl(ctx.Request, source, latest);
            ctx.Response.Headers.ETag = etag;
            if (Conditional.IfNoneMatch(ctx.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(body, "application/json");
        }
    }
}
