using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Write;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>The shared components of /api: parameters (QGIS reads <c>limit</c>'s default and maximum here), headers, the problem schema and the API-key scheme.</summary>
internal static class ApiComponents
{
    /// <summary>The name of the API-key security scheme.</summary>
    public const string SecurityScheme = "apiKey";

    internal static JsonObject Parameters()
    {
        static JsonArray Values(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
        var parameters = new JsonObject
        {
            ["collectionId"] = Param("collectionId", "path", "Id of a collection: a feature collection, or `map` (vector tiles).",
                new JsonObject { ["type"] = "string", ["enum"] = Values(OgcCollections.Ids) }, required: true),
            ["featureCollectionId"] = Param("collectionId", "path", "Id of a feature collection.",
                new JsonObject { ["type"] = "string", ["enum"] = Values(OgcCollections.All.Select(c => c.Id)) }, required: true),
            ["featureId"] = Param("featureId", "path",
                "Id of a feature: a place id (places), a change id (changes), `{faction}:{status}` (territory), `{a}|{b}` (frontlines), a faction id (factions).",
                new JsonObject { ["type"] = "string" }, required: true),
            ["limit"] = Param("limit", "query", "The number of features on one page (1 to 10000).",
                new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = QueryParsing.MaxLimit, ["default"] = QueryParsing.DefaultLimit }),
            ["offset"] = Param("offset", "query", "The number of matching features to skip (paging; next links carry it).",
                new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["default"] = 0 }),
            ["bbox"] = Param("bbox", "query",
                "Only features whose geometry (its envelope, for territory and front lines) intersects the box: minLon,minLat,maxLon,maxLat " +
                "(or 6 numbers with heights), CRS84.",
                new JsonObject
                {
                    ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6,
                    ["items"] = new JsonObject { ["type"] = "number" },
                }, style: "form", explode: false),
            ["datetime"] = Param("datetime", "query",
                "An RFC 3339 date or date-time (the map at the end of that day), or an interval `start/end` with `..` or empty for an open end " +
                "(both named days included). places, territory, frontlines: the map at the instant or at the interval's end (default: the last " +
                "date with data). changes: records whose effective day is that day or in the interval. factions: factions that existed then.",
                new JsonObject { ["type"] = "string" }),
            ["v"] = Param("v", "query",
                "The data version the URL was made for (`url_version` of /api/timeline; TileJSON tile URLs carry it). The current version makes " +
                "the answer immutable; an older one is answered with a 302 to the same URL with the current version.",
                new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z0-9._-]{1,64}$" }),
            ["date"] = Param("date", "query",
                "The day the map shows (YYYY-MM-DD; a queryable property of the features; instead of `datetime`).", Date()),
            ["known_at"] = Param("known_at", "query",
                "Extension: the map as published on that date (RFC 3339 date or date-time): only records recorded by then count.",
                new JsonObject { ["type"] = "string" }),
            ["faction"] = Param("faction", "query",
                "Extension: only features whose `faction` property is that faction id (places: the controller shown; changes: the record's faction; " +
                "territory: its faction, or `contested`); frontlines: either side of the line.",
                new JsonObject { ["type"] = "string" }),
            ["f"] = Param("f", "query", "Output format: json (the default unless the Accept header prefers text/html) or html.",
                new JsonObject { ["type"] = "string", ["enum"] = Values(["json", "html"]) }),
            ["fJson"] = Param("f", "query", "Output format: only json.", new JsonObject { ["type"] = "string", ["enum"] = Values(["json"]) }),
            ["fCsv"] = Param("f", "query", "Output format: json (GeoJSON; the default unless the Accept header prefers text/html), html or csv.",
                new JsonObject { ["type"] = "string", ["enum"] = Values(["json", "html", "csv"]) }),

            ["tileDate"] = Param("date", "path", "The date of the map (YYYY-MM-DD, within the data), or `latest` for the last date with data.",
                new JsonObject { ["type"] = "string", ["pattern"] = @"^(\d{4}-\d{2}-\d{2}|latest)$" }, required: true),
            ["snapshotDate"] = Param("date", "path", "The date of the map (YYYY-MM-DD, within the data).", Date(), required: true),
            ["z"] = Param("z", "path", $"Zoom level, 0 to {Core.Encoders.Mvt.VectorLayers.MaxServedZoom}.",
                new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = Core.Encoders.Mvt.VectorLayers.MaxServedZoom }, required: true),
            ["x"] = Param("x", "path", "Tile column, 0 to 2^z − 1.", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }, required: true),
            ["y"] = Param("y", "path", "Tile row from the north, 0 to 2^z − 1.", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }, required: true),
            ["layers"] = Param("layers", "query", "Only these layers, comma-separated, each at most once (default: all four).",
                new JsonObject
                {
                    ["type"] = "array", ["uniqueItems"] = true, ["minItems"] = 1,
                    ["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("places", "territory", "frontlines", "changes") },
                }, style: "form", explode: false),
            ["tileDatetime"] = Param("datetime", "query", "The date of the map (an RFC 3339 date or date-time, not an interval); default: the last date with data.",
                new JsonObject { ["type"] = "string" }),
            ["fMvt"] = Param("f", "query", "The only format: mvt.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("mvt") }),
            ["snapshotLayer"] = Param("layer", "query", "The layer.",
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("places", "territory", "frontlines"), ["default"] = "places" }),
            ["snapshotBbox"] = Param("bbox", "query", "The area drawn: minLon,minLat,maxLon,maxLat (CRS84; latitudes within ±85°); default: the whole data.",
                new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = Num() }, style: "form", explode: false),
            ["svgWidth"] = Param("width", "query", "Width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 4000, ["default"] = 1200 }),
            ["pngWidth"] = Param("width", "query", "Width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 2400, ["default"] = 1200 }),
            ["pngHeight"] = Param("height", "query", "Height in pixels (wider than tall: the legend stands beside the map).",
                new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 2400, ["default"] = 630 }),
            ["step"] = Param("step", "query", "The step between samples.",
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("day", "week", "month"), ["default"] = "month" }),
            ["feedLimit"] = Param("limit", "query", "Records per page (default 1,000; above 10,000 capped to 10,000).",
                new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = Api.ChangeFeed.DefaultPage }),
            ["url"] = Param("url", "query", "A link to `/` or `/embed` on this server (its view parameters are carried over).",
                new JsonObject { ["type"] = "string", ["format"] = "uri" }, required: true),
            ["maxwidth"] = Param("maxwidth", "query", "Largest width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10000 }),
            ["maxheight"] = Param("maxheight", "query", "Largest height in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10000 }),
            ["oembedFormat"] = Param("format", "query", "Only json is implemented.",
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "xml"), ["default"] = "json" }),
            ["from"] = Param("from", "query", "First day (YYYY-MM-DD, within the data).", Date()),
            ["to"] = Param("to", "query", "Last day (YYYY-MM-DD, within the data).", Date()),
            ["feedTo"] = Param("to", "query", "End of the half-open window [from, to) (YYYY-MM-DD, up to the day after the last record).", Date()),
            ["fromRequired"] = Param("from", "query", "The earlier date (YYYY-MM-DD, within the data).", Date(), required: true),
            ["toRequired"] = Param("to", "query", "The later date (YYYY-MM-DD, within the data, not before from).", Date(), required: true),
            ["placeIdOrName"] = Param("id", "path", "A place id or any of its spellings (folded: case, accents, hamzas).",
                new JsonObject { ["type"] = "string" }, required: true),
            ["placeId"] = Param("id", "path", "A place id.", new JsonObject { ["type"] = "string" }, required: true),
            ["changeId"] = Param("id", "path", "The id of a control change record.", new JsonObject { ["type"] = "string" }, required: true),

            ["Idempotency-Key"] = Param(WriteEndpoints.IdempotencyHeader, "header",
                "Any 1 to 200 visible ASCII characters, scoped to the API key: a retried request with the same key and the same method, path " +
                "and body returns the first response (`Idempotent-Replayed: true`) and writes nothing; the same key with another request is 422. " +
                "The response is stored in the transaction of the records, so this holds across a crash and a restart.",
                new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200, ["pattern"] = "^[\\x21-\\x7E]+$" }),
            ["If-Match"] = Param("If-Match", "header",
                "The version of the one place the write is about (`\"place-…\"`, from `GET /api/places/{id}` or the ETag of the last write about " +
                "it), or `*`: 412 when the place has had another record since.",
                new JsonObject { ["type"] = "string" }),
            ["If-None-Match"] = Param("If-None-Match", "header", "ETags the client holds (weak comparison, lists, `*`): 304 when one matches.",
                new JsonObject { ["type"] = "string" }),
        };
        // status: each collection has its own values (a status of another collection is a 400).
        foreach (var c in OgcCollections.All.Where(c => c.Statuses.Length > 0))
            parameters[StatusComponent(c)] = Param("status", "query", $"Extension: only {c.Id} with that status.",
                new JsonObject { ["type"] = "string", ["enum"] = Values(c.Statuses) });
        return parameters;
    }

    /// <summary>The parameter component of <paramref name="c"/>'s <c>status</c>.</summary>
    public static string StatusComponent(OgcCollection c) => c.Id + "Status";

    internal static JsonObject SecuritySchemes() => new()
    {
        [SecurityScheme] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "flm_{key id}_{secret}",
            ["description"] =
                "An API key made with `frontline keys create --role editor|reviewer|admin --name NAME`, sent as " +
                "`Authorization: Bearer flm_…`. Roles include the ones below them: editor (claims and sources), reviewer (also " +
                "reviews, retractions and facts), admin (also places and factions). Keys are stored as SHA-256 only and checked on " +
                "every request, so a revocation takes effect at once. No, a wrong, malformed or revoked key: 401; a key without " +
                "the role: 403. Keys are never read from the query string.",
        },
    };

    internal static JsonObject Headers() => new()
    {
        ["ETag"] = Header("A strong entity tag of the representation."),
        ["PlaceETag"] = Header("The place's version after the write (`\"place-…\"`), for If-Match on the next write about it."),
        ["Location"] = Header("For a single change: its feature, `/collections/changes/items/{id}`."),
        ["X-Data-Version"] = Header("The data version now served (the write is on the map)."),
        ["Idempotent-Replayed"] = Header("`true` when this is the stored first response of an Idempotency-Key."),
        ["Retry-After"] = Header("Seconds to wait before retrying.", integer: true),
        ["WWW-Authenticate"] = Header("`Bearer realm=\"frontlinemaps\"`."),
    };
}
