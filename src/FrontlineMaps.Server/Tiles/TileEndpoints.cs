using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Ogc.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Dated vector tile endpoints: <c>/tiles/{date}/{z}/{x}/{y}.mvt</c>, <c>/tiles/latest/{z}/{x}/{y}.mvt</c>, the OGC API – Tiles
/// path <c>/collections/map/tiles/WebMercatorQuad/{z}/{y}/{x}?datetime=DATE</c>, and TileJSON 3.0.0 at <c>/tiles/{date}.json</c>
/// and <c>/tiles/latest.json</c>. Optional <c>known_at</c>: the map as published then; optional <c>v</c>: the data version, which
/// makes the URL immutable (<see cref="DatedCaching"/>; TileJSON lists its tiles with it).
/// One flow per tile (martin's <c>content.rs</c>): the dated request is checked once (<see cref="DatedQuery"/>), the
/// <see cref="ITileSource"/> names the key and ETag, a current copy is a 304, else the app's <see cref="TileCache"/> gives the
/// bytes (encoding them once on a miss), as brotli or gzip when the client accepts one.
/// </summary>
public static class TileEndpoints
{
    /// <summary>Media type of Mapbox Vector Tiles.</summary>
    public const string MvtMediaType = "application/vnd.mapbox-vector-tile";


    /// <summary>Maps the tile endpoints.</summary>
    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        string[] methods = ["GET", "HEAD"];
        var tiles = app.MapGroup("/tiles").WithTags("Tiles").RejectUndeclaredQuery().RedirectStaleVersion();
        tiles.MapMethods("/{date}/{z}/{x}/{y}.mvt", methods, Tile).DescribedAsTile()
            .WithName("GetTile").WithSummary("A vector tile of the map at a date (or latest)")
            .WithDescription("`/tiles/latest/{z}/{x}/{y}.mvt` is the last date with data (`Cache-Control: public, max-age=60`).");
        tiles.MapMethods("/{date}.json", methods, TileJson)
            .WithName("GetTileJson").WithSummary("TileJSON 3.0.0 of the map at a date (or latest)")
            .WithParameterComponent("date", "tileDate")
            .Ok("TileJSON 3.0.0 with absolute tile URLs carrying the current `v`, vector_layers and their fields, bounds and center. " +
                "`/tiles/latest.json` describes the last date with data. `max-age=60` unless its own URL carries the current `v`.",
                OgcHttp.Json, ResponseSchemas.TileJson)
            .Moved().Problem(400, "A malformed or unknown parameter.").Problem(422, "A date outside what the data can answer.");

        var ogc = app.MapGroup("/collections/map/tiles").WithTags("Tiles").RejectUndeclaredQuery().RedirectStaleVersion();
        ogc.MapMethods("/WebMercatorQuad/{z}/{y}/{x}", methods, OgcTile).DescribedAsTile()
            .WithName("GetOgcTile").WithSummary("A vector tile of the map at a datetime (OGC API – Tiles)")
            .WithDescription("The same tiles as `/tiles/{date}/{z}/{x}/{y}.mvt`, in the WebMercatorQuad tile matrix set (note the order z, y, x).")
            .WithParameterComponent("datetime", "tileDatetime").WithParameterComponent("f", "fMvt");
        return app;
    }

    /// <summary>What a tile endpoint answers, for the document.</summary>
    private static RouteHandlerBuilder DescribedAsTile(this RouteHandlerBuilder builder) => builder
        .WithParameterComponent("date", "tileDate")
        .Ok("A Mapbox Vector Tile 2.1 (extent 4096) with the layers places, territory, frontlines and changes (records of the 30 days " +
            "before the date), or those named by `layers`. With `v` equal to the current data version (as TileJSON lists them) the tile is " +
            "`Cache-Control: public, max-age=31536000, immutable`; without `v`, `public, max-age=60`; always a strong ETag; gzip when accepted.",
            MvtMediaType)
        .Responds(204, "The tile is empty.")
        .Moved().NotModified()
        .Problem(400, "A malformed or unknown parameter, or a tile coordinate out of range (the problem names it).")
        .Problem(422, "A date outside what the data can answer.");

    /// <summary><c>/tiles/{date}/{z}/{x}/{y}.mvt</c>.</summary>
    internal static Results<FileContentHttpResult, NoContent, StatusCodeHttpResult> Tile(
        [AsParameters] DatedQuery query, string z, string x, string y, [FromQuery] string? layers, HttpContext http, [FromServices] TileCache cache)
    {
        var tile = TileAddress(z, x, y);
        return Serve(http, query.Resolve(allowLatest: true), tile, ParseLayers(layers), cache);
    }

    /// <summary><c>/collections/map/tiles/WebMercatorQuad/{z}/{y}/{x}?datetime=</c>: the same tiles, by OGC API – Tiles.</summary>
    internal static Results<FileContentHttpResult, NoContent, StatusCodeHttpResult> OgcTile(
        string z, string y, string x, [FromQuery] string? datetime, [FromQuery(Name = "known_at")] string? knownAt,
        [FromQuery] string? f, [FromQuery] string? layers, [FromQuery(Name = DatedCaching.Parameter)] string? v,
        HttpContext http, [FromServices] Hosting.MapState state, [FromServices] TileCache cache)
    {
        if (f is not null && f != "mvt") throw ProblemException.BadRequest("f", $"'{f}' is not an available format; tiles are 'mvt'");
        string date;
        if (datetime is null) date = "latest";
        else
        {
            var selection = QueryParsing.ParseDateTime("datetime", datetime);
            if (selection.IsInterval) throw ProblemException.BadRequest("datetime", "tiles show the map at one date: give an instant, not an interval");
            date = DayFormat.Of(selection.Start!.Value);
        }
        var tile = TileAddress(z, x, y);
        return Serve(http, DatedQuery.Resolve(state, date, knownAt, v, allowLatest: true, dateParameter: "datetime"), tile, ParseLayers(layers), cache);
    }

    /// <summary><c>/tiles/{date}.json</c>.</summary>
    internal static Results<FileContentHttpResult, StatusCodeHttpResult> TileJson([AsParameters] DatedQuery query, HttpContext http)
    {
        var at = query.Resolve(allowLatest: true);
        var body = VectorTileSource.Of(at.State).TileJson(at, PublicAddress.Of(http.Request));
        // A strong ETag of the bytes: they hold the versioned tile URLs and the public address, not only the map state.
        var etag = $"\"tj-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..20]}\"";
        if (DatedCaching.IsCurrent(http, at, etag)) return DatedCaching.NotModified;
        return TypedResults.Bytes(body, "application/json");
    }

    /// <summary>The one tile flow: source → (304 | cache → encoder) → the representation the client accepts.</summary>
    private static Results<FileContentHttpResult, NoContent, StatusCodeHttpResult> Serve(
        HttpContext http, DatedRequest at, TileId tile, TileLayers layers, TileCache cache)
    {
        ITileSource source = VectorTileSource.Of(at.State);
        var key = source.KeyOf(at, tile, layers);
        var coding = CodingFor(http.Request);
        http.Response.Headers.Vary = "Accept-Encoding";
        if (DatedCaching.IsCurrent(http, at, source.ETagOf(at, key, coding))) return DatedCaching.NotModified;

        var entry = cache.GetOrAdd(key, () => source.Encode(at, tile, layers));
        if (entry.IsEmpty) return TypedResults.NoContent();
        switch (coding)
        {
            case TileCoding.Brotli:
                http.Response.Headers.ContentEncoding = "br";
                return TypedResults.Bytes(entry.Brotli, MvtMediaType);
            case TileCoding.Gzip:
                http.Response.Headers.ContentEncoding = "gzip";
                return TypedResults.Bytes(entry.Gzip, MvtMediaType);
            default:
                return TypedResults.Bytes(entry.Raw, MvtMediaType);
        }
    }

    /// <summary>The tile a <c>z</c>, <c>x</c>, <c>y</c> path names: 400 naming the first outside 0..2^z-1 (z: 0..<see cref="VectorLayers.MaxServedZoom"/>).</summary>
    private static TileId TileAddress(string zText, string xText, string yText)
    {
        var z = Coordinate("z", zText, VectorLayers.MaxServedZoom);
        var x = Coordinate("x", xText, (1 << z) - 1);
        var y = Coordinate("y", yText, (1 << z) - 1);
        return new TileId(z, x, y);
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

    /// <summary>Brotli when the client accepts it at least as well as gzip (smaller, and made once per cached tile), else gzip when accepted.</summary>
    internal static TileCoding CodingFor(HttpRequest request)
    {
        var brotli = Conditional.Quality(request, "br");
        var gzip = Conditional.Quality(request, "gzip");
        if (brotli > 0 && brotli >= gzip) return TileCoding.Brotli;
        return gzip > 0 ? TileCoding.Gzip : TileCoding.Identity;
    }
}
