using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Write;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// The hand-built OpenAPI 3.0.3 description of the whole HTTP API (served at <c>/api</c>): OGC API – Features, tiles, the
/// timeline API, feeds, snapshots, embedding, health and the write API with its API-key security scheme, request schemas,
/// examples and problem responses.
/// </summary>
/// <remarks>
/// Hand-written on purpose. Microsoft.AspNetCore.OpenApi 10.0.14 was tried on these endpoints (handlers that read
/// <c>HttpContext</c>, bodies parsed from JSON by the strict record readers): set to OpenAPI 3.0 it writes <c>3.0.4</c> as
/// <c>application/json</c>, one <c>200 OK</c> per operation, no query parameters, no request bodies, no problem responses and no
/// <c>components.parameters</c> (where QGIS reads <c>limit</c>). Every fact here would have had to be added by hand through
/// metadata and transformers anyway. The tests (ApiDocumentTests) check that every mapped route is described with its methods,
/// that every <c>$ref</c> resolves and every path parameter is declared, and that the write examples are accepted by the server.
/// </remarks>
internal static class OpenApiDocument
{
    private const string Problem = "application/problem+json";
    private const string JsonType = "application/json";
    private const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$";
    private const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";

    /// <summary>The name of the API-key security scheme.</summary>
    public const string SecurityScheme = "apiKey";

    /// <summary>Builds the document for a server at <paramref name="baseUrl"/>.</summary>
    public static JsonObject Build(string baseUrl, string title)
    {
        var paths = new JsonObject();
        AddOgc(paths);
        AddTiles(paths);
        AddTimeline(paths);
        AddSnapshots(paths);
        AddEmbedding(paths);
        AddWrites(paths);

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"FrontlineMaps: {title}",
                ["version"] = "1.0.0",
                ["description"] =
                    "Who held which place when, with sources: places, control changes, territory, front lines and factions as OGC API – " +
                    "Features (Part 1: Core) with datetime, dated vector tiles, the timeline, comparison, history, area and change-feed API, " +
                    "static snapshots, embedding, and the write API for editors. Reading is anonymous; writing needs an API key " +
                    "(`Authorization: Bearer flm_…`). Every error is an RFC 9457 problem document naming the `parameter` at fault: 400 " +
                    "malformed, 404 unknown, 422 a well-formed value the data cannot answer or refuses. An unknown query parameter is a 400.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["tags"] = new JsonArray(
                Tag("Capabilities", "OGC API – Features: landing page, conformance, this document, collections."),
                Tag("Data", "OGC API – Features items."),
                Tag("Tiles", "Dated Mapbox Vector Tiles and TileJSON."),
                Tag("Timeline", "Timeline, comparison of two dates, a place's history, area over time, health."),
                Tag("Feeds", "The change feed as CSV and Atom."),
                Tag("Snapshots", "The whole map of a date as GeoJSON or SVG."),
                Tag("Embedding", "The embeddable map and oEmbed."),
                Tag("Writing", "Appending records with an API key: every write is a new record, all-or-nothing, durable and on the map at once.")),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = Parameters(),
                ["schemas"] = Schemas(),
                ["headers"] = Headers(),
                ["securitySchemes"] = new JsonObject
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
                },
            },
        };
    }

    // ---------------------------------------------------------------- paths

    private static void AddOgc(JsonObject paths)
    {
        paths["/"] = Path(("get", Op("getLandingPage", "Landing page", "Capabilities", [Ref("f")],
            Responses(Ok("The landing page: links to the API description, conformance and collections. A browser (Accept ranks " +
                         "text/html above JSON, no `f`) gets the web viewer instead; `f=html` the landing page as HTML.",
                    Json(), Html()), NotModified(), Bad("An unknown parameter or format.")))));
        paths["/conformance"] = Path(("get", Op("getConformanceDeclaration", "Conformance classes implemented", "Capabilities", [Ref("f")],
            Responses(Ok("The conformance declaration (core, oas30, geojson, html).", Json(), Html()), NotModified(), Bad("An unknown parameter or format.")))));
        paths["/api"] = Path(("get", Op("getApiDescription", "This OpenAPI document", "Capabilities", [Ref("f")],
            Responses(Ok("The API description.", (OgcHttp.OpenApiJson, new JsonObject { ["type"] = "object" }), Html()), NotModified(),
                Bad("An unknown parameter or format.")))));
        paths["/collections"] = Path(("get", Op("getCollections", "The feature collections", "Capabilities", [Ref("f")],
            Responses(Ok("The collections with their extents.", Json(), Html()), NotModified(), Bad("An unknown parameter or format.")))));
        paths["/collections/{collectionId}"] = Path(("get", Op("describeCollection", "One collection's metadata", "Capabilities",
            [Ref("collectionId"), Ref("f")],
            Responses(Ok("The collection.", Json(), Html()), NotModified(), Bad("An unknown parameter or format."), Status("404", "No such collection.")))));
        paths["/collections/{collectionId}/queryables"] = Path(("get", Op("getQueryables", "The properties a collection's items can be filtered on (OGC API – Features Part 3)", "Capabilities",
            [Ref("collectionId"), Param("f", "query", "Only json.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json") })],
            Responses(Ok("A JSON Schema of the queryable properties: each is also a query parameter of the items (`date`, `faction`, `status`).",
                    (OgcHttp.SchemaJson, new JsonObject { ["type"] = "object" })),
                NotModified(), Bad("An unknown parameter or format."), Status("404", "No such collection.")))));
        paths["/collections/{collectionId}/items"] = Path(("get", Op("getFeatures", "Features of a collection, paged", "Data",
            [Ref("collectionId"), Ref("limit"), Ref("offset"), Ref("bbox"), Ref("datetime"), Ref("date"), Ref("known_at"), Ref("faction"), Ref("status"), Ref("f")],
            Responses(
                Ok("A page of features with numberMatched, numberReturned, timeStamp and next/prev links.",
                    (OgcHttp.GeoJson, new JsonObject { ["type"] = "object" }), Html(), Csv()),
                NotModified(),
                Bad("A malformed or unknown parameter (the problem names it)."), Status("404", "No such collection."),
                Status("422", "A date outside what the data can answer."), TooMany("territory and frontlines items are expensive reads")))));
        paths["/collections/{collectionId}/items/{featureId}"] = Path(("get", Op("getFeature", "One feature", "Data",
            [Ref("collectionId"), Ref("featureId"), Ref("datetime"), Ref("date"), Ref("known_at"), Ref("f")],
            Responses(Ok("The feature, with links self and collection.", (OgcHttp.GeoJson, new JsonObject { ["type"] = "object" }), Html()),
                NotModified(), Bad("A malformed or unknown parameter."), Status("404", "No such collection or feature."),
                Status("422", "A date outside what the data can answer.")))));
    }

    private static void AddTiles(JsonObject paths)
    {
        JsonObject Tile(string id, string summary, JsonNode[] parameters, string description) =>
            Op(id, summary, "Tiles", parameters, Responses(
                Ok("A Mapbox Vector Tile 2.1 (extent 4096) with the layers places, territory, frontlines and changes (records of the 30 days " +
                   "before the date), or those named by `layers`. With `v` equal to the current data version (as TileJSON lists them) the tile is " +
                   "`Cache-Control: public, max-age=31536000, immutable`; without `v`, `public, max-age=60`; always a strong ETag; gzip when accepted.",
                    (TileEndpoints.MvtMediaType, new JsonObject { ["type"] = "string", ["format"] = "binary" })),
                ("204", new JsonObject { ["description"] = "The tile is empty." }),
                Moved(),
                NotModified(),
                Bad("A malformed or unknown parameter, or a tile coordinate out of range (the problem names it)."),
                Status("422", "A date outside what the data can answer.")), description);

        var tile = Tile("getTile", "A dated vector tile", [Ref("tileDate"), Ref("z"), Ref("x"), Ref("y"), Ref("known_at"), Ref("layers"), Ref("v"), Ref("If-None-Match")],
            "`/tiles/latest/{z}/{x}/{y}.mvt` is the last date with data (`Cache-Control: public, max-age=60`).");
        paths["/tiles/{date}/{z}/{x}/{y}.mvt"] = Path(("get", tile), ("head", Head(tile)));
        var ogcTile = Tile("getTileOgc", "A vector tile under the OGC API – Tiles path",
            [Ref("z"), Ref("y"), Ref("x"),
             Param("datetime", "query", "The date of the map (an RFC 3339 date or date-time, not an interval); default: the last date with data.",
                 new JsonObject { ["type"] = "string" }),
             Ref("known_at"), Ref("layers"), Ref("v"),
             Param("f", "query", "The only format: mvt.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("mvt") }),
             Ref("If-None-Match")],
            "The same tiles as `/tiles/{date}/{z}/{x}/{y}.mvt`, in the WebMercatorQuad tile matrix set (note the order z, y, x).");
        paths["/collections/map/tiles/WebMercatorQuad/{z}/{y}/{x}"] = Path(("get", ogcTile), ("head", Head(ogcTile)));
        var tileJson = Op("getTileJson", "TileJSON 3.0.0 of a date", "Tiles", [Ref("tileDate"), Ref("known_at"), Ref("v")],
            Responses(Ok("TileJSON 3.0.0 with absolute tile URLs carrying the current `v`, vector_layers and their fields, bounds and center. " +
                         "`/tiles/latest.json` describes the last date with data. `max-age=60` unless its own URL carries the current `v`.", Json(Required(Obj(("tilejson", Str()), ("tiles", Arr(Str())), ("vector_layers", Arr(Obj())),
                    ("bounds", Arr(Num())), ("center", Arr(Num())), ("minzoom", Int()), ("maxzoom", Int())), "tilejson", "tiles", "vector_layers"))),
                Moved(), Bad("A malformed or unknown parameter."), Status("422", "A date outside what the data can answer.")));
        paths["/tiles/{date}.json"] = Path(("get", tileJson), ("head", Head(tileJson)));
    }

    private static void AddTimeline(JsonObject paths)
    {
        paths["/api/timeline"] = Path(("get", Op("getTimeline", "The timeline: dates with records and their counts per faction", "Timeline",
            [Ref("known_at")],
            Responses(Ok("First and last date, data version, factions with colours, and every date with records with its counts per faction.",
                    Json(Rec(("data_version", Str()), ("known_at", Str(nullable: true)), ("first_date", Date(nullable: true)),
                        ("last_date", Date(nullable: true)), ("url_version", Str()), ("recorded_until", Str(nullable: true)),
                        ("alliance_days", Arr(Date())), ("factions", Arr(Rec(("id", Str()), ("name", Str()), ("short_name", Str()), ("color", Str())))),
                        ("dates", Arr(Rec(("date", Date()), ("total", Int()), ("factions", new JsonObject
                        {
                            ["type"] = "object", ["additionalProperties"] = Int(),
                            ["description"] = "Number of records per faction id.",
                        }))))))),
                Bad("A malformed or unknown parameter.")))));
        paths["/api/diff"] = Path(("get", Op("getDiff", "Comparison of two dates: places and km² gained and lost per faction", "Timeline",
            [Ref("fromRequired"), Ref("toRequired"), Ref("known_at")],
            Responses(Ok("Per faction: places gained and lost, their counts, km² gained and lost, area on each date and net area; and the contested area.",
                    Json(Rec(("from", Date()), ("to", Date()), ("known_at", Str(nullable: true)), ("data_version", Str()),
                        ("factions", Arr(Rec(("id", Str()), ("name", Str()), ("gained", Arr(Rec(("id", Str()), ("name", Str())))),
                            ("lost", Arr(Rec(("id", Str()), ("name", Str())))), ("gained_count", Int()), ("lost_count", Int()),
                            ("area_gained_km2", Num()), ("area_lost_km2", Num()), ("area_from_km2", Num()), ("area_to_km2", Num()), ("net_area_km2", Num())))),
                        ("contested", Rec(("area_from_km2", Num()), ("area_to_km2", Num()), ("net_area_km2", Num()))),
                        ("inferred", new JsonObject { ["type"] = "object", ["description"] = "Inferred ground per faction (not held; not in the factions' areas).",
                            ["additionalProperties"] = Rec(("area_from_km2", Num()), ("area_to_km2", Num())) })))),
                Bad("A missing, malformed or unknown parameter, or `to` before `from`."),
                Status("422", "A date outside what the data can answer."), TooMany("comparisons are expensive reads")))));
        paths["/api/places/{id}/history"] = Path(("get", Op("getPlaceHistory", "One place and every record about it, with sources", "Timeline",
            [Ref("placeIdOrName"), Ref("known_at")],
            Responses(Ok("The place (id, names, kind, lon, lat, admin units, approximate) and every record with its sources, whether it was " +
                         "retracted, and the state of the place after it.",
                    Json(Rec(("known_at", Str(nullable: true)), ("data_version", Str()), ("place", Rec(("id", Str()), ("name", Str()), ("names", Arr(Str())), ("kind", Str()), ("lon", Num()), ("lat", Num()),
                            ("admin", Rec(("governorate", Str(nullable: true)), ("district", Str(nullable: true)), ("subdistrict", Str(nullable: true)),
                                ("pcode", Str(nullable: true)))),
                            ("approximate", new JsonObject { ["type"] = "boolean" }))),
                        ("records", Arr(Rec(("id", Str()), ("place", Str()), ("faction", Str("Null for a retraction.", nullable: true)), ("valid_from", Str()),
                            ("valid_to_approx", Date(nullable: true)), ("kind", Enum(null, "capture", "confirmation", "retraction")),
                            ("status", Enum(null, "held", "contested", "claimed")), ("claim_of", Str("For a claim: held or contested; else null.", nullable: true)),
                            ("sources", Arr(Rec(("id", Str()), ("publisher", Str(nullable: true)), ("title", Str(nullable: true)), ("url", Str(nullable: true)),
                                ("published", Date(nullable: true)), ("claimant", Str(nullable: true))))),
                            ("recorded_at", new JsonObject { ["type"] = "string", ["format"] = "date-time" }), ("recorded_by", Str()),
                            ("retracts", Str(nullable: true)), ("retracted", new JsonObject { ["type"] = "boolean" }), ("note", Str(nullable: true)),
                            ("state_after", Rec(("status", Enum(null, "held", "contested", "claimed", "unknown")), ("faction", Str(nullable: true)),
                                ("factions", Arr(Str())), ("since", Date(nullable: true)), ("last_confirmed", Date(nullable: true)), ("sources", Int()))))))))),
                Bad("A malformed or unknown parameter."), Status("404", "No place has that id or name (`parameter: id`)."),
                Status("422", "The name is shared by several places (namesakes); the problem lists their ids.")))));
        paths["/api/stats/area"] = Path(("get", Op("getAreaStats", "km² per faction over time", "Timeline",
            [Ref("from"), Ref("to"),
             Param("step", "query", "The step between samples.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("day", "week", "month"), ["default"] = "month" }),
             Ref("known_at")],
            Responses(Ok("One sample per step from `from` (default: the first date with data) to `to` (default: the last).",
                    Json(Rec(("from", Date()), ("to", Date()), ("step", Str()), ("known_at", Str(nullable: true)), ("data_version", Str()),
                        ("series", Arr(Rec(("date", Date()), ("km2", new JsonObject { ["type"] = "object", ["additionalProperties"] = Num() }),
                            ("inferred_km2", new JsonObject { ["type"] = "object", ["description"] = "Inferred ground per faction: not held, not in km2.", ["additionalProperties"] = Num() }))))))),
                Bad("A malformed or unknown parameter, or `to` before `from`."),
                Status("422", "A date outside what the data can answer, or more than 3,700 steps."), TooMany("area statistics are expensive reads")))));
        paths["/api/changes.csv"] = Path(("get", Op("getChangesCsv", "The change feed as CSV", "Feeds", [Ref("from"), Ref("feedTo"), Ref("known_at"), FeedLimit(), Ref("offset")],
            Responses(Ok("One page of rows, one per record in the half-open window [from, to) of valid time (default: the last 90 days with data), " +
                         "with `reviews` and `verdict` columns; `Content-Disposition: attachment`; `X-Total-Count`; the next page in `Link: rel=\"next\"`.", Csv()),
                Bad("A malformed or unknown parameter, or `to` before `from`."), Status("422", "A date outside what the data can answer."),
                TooMany("the feeds are expensive reads")))));
        paths["/api/changes.atom"] = Path(("get", Op("getChangesAtom", "The change feed as Atom 1.0", "Feeds", [Ref("from"), Ref("feedTo"), Ref("known_at"), FeedLimit(), Ref("offset")],
            Responses(Ok("One page of an Atom 1.0 feed (RFC 4287), one entry per record in the window [from, to) (default: the last 90 days with " +
                         "data), paged as RFC 5005 says: `first`, `next`, `previous` and `last` links.",
                    ("application/atom+xml", new JsonObject { ["type"] = "string" })),
                Bad("A malformed or unknown parameter, or `to` before `from`."), Status("422", "A date outside what the data can answer."),
                TooMany("the feeds are expensive reads")))));
        paths["/health"] = Path(("get", Op("getHealth", "Health: status, data version, counts, date span", "Timeline", [],
            Responses(Ok("The server is up and serving a data version.",
                    Json(Rec(("status", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("ok") }), ("data_version", Str()), ("places", Int()),
                        ("changes", Int()), ("first_date", Date(nullable: true)), ("last_date", Date(nullable: true))))),
                Bad("Any query parameter.")))));
    }

    private static void AddSnapshots(JsonObject paths)
    {
        paths["/snapshots/{date}.geojson"] = Path(("get", Op("getSnapshotGeoJson", "The whole map of a date as one GeoJSON file", "Snapshots",
            [Ref("snapshotDate"),
             Param("layer", "query", "The layer.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("places", "territory", "frontlines"), ["default"] = "places" }),
             Ref("known_at"), Ref("v"), Ref("If-None-Match")],
            Responses(Ok("A GeoJSON FeatureCollection (the feature contracts of docs/data-format.md); immutable with the current `v`, " +
                         "`max-age=60` without; strong ETag.",
                    (OgcHttp.GeoJson, new JsonObject { ["type"] = "object" })),
                Moved(), NotModified(), Bad("A malformed or unknown parameter."), Status("422", "A date outside what the data can answer."),
                TooMany("snapshots are expensive reads")))));
        paths["/snapshots/{date}.svg"] = Path(("get", Op("getSnapshotSvg", "A static map of a date as SVG, with legend, date and attribution", "Snapshots",
            [Ref("snapshotDate"), Ref("known_at"), Ref("v"),
             Param("bbox", "query", "The area drawn: minLon,minLat,maxLon,maxLat (CRS84; latitudes within ±85°); default: the whole data.",
                 new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = Num() }, style: "form", explode: false),
             Param("width", "query", "Width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 4000, ["default"] = 1200 }),
             Ref("If-None-Match")],
            Responses(Ok("An SVG image: immutable with the current `v`, `max-age=60` without; strong ETag.",
                    ("image/svg+xml", new JsonObject { ["type"] = "string" })),
                Moved(), NotModified(), Bad("A malformed or unknown parameter."), Status("422", "A date outside what the data can answer."),
                TooMany("snapshots are expensive reads")))));
        paths["/snapshots/{date}.png"] = Path(("get", Op("getSnapshotPng", "A static map of a date as PNG, for link previews", "Snapshots",
            [Ref("snapshotDate"), Ref("known_at"), Ref("v"),
             Param("bbox", "query", "The area drawn: minLon,minLat,maxLon,maxLat (CRS84; latitudes within ±85°); default: the whole data.",
                 new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = Num() }, style: "form", explode: false),
             Param("width", "query", "Width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 2400, ["default"] = 1200 }),
             Param("height", "query", "Height in pixels (wider than tall: the legend stands beside the map).",
                 new JsonObject { ["type"] = "integer", ["minimum"] = 200, ["maximum"] = 2400, ["default"] = 630 }),
             Ref("If-None-Match")],
            Responses(Ok("A PNG image of the SVG snapshot (default 1200×630, the Open Graph size): immutable with the current `v`, " +
                         "`max-age=60` without; strong ETag.",
                    ("image/png", new JsonObject { ["type"] = "string", ["format"] = "binary" })),
                Moved(), NotModified(), Bad("A malformed or unknown parameter."), Status("422", "A date outside what the data can answer."),
                TooMany("snapshots are expensive reads")))));
    }

    private static void AddEmbedding(JsonObject paths)
    {
        paths["/embed"] = Path(("get", Op("getEmbed", "The map with minimal chrome, for an iframe", "Embedding",
            [Param("date", "query", "The date shown (YYYY-MM-DD); default: the last date with data.", Date()),
             Param("bbox", "query", "The area shown: minLon,minLat,maxLon,maxLat.", new JsonObject { ["type"] = "string" }),
             Param("map", "query", "The view as zoom/lat/lon (instead of bbox).", new JsonObject { ["type"] = "string" }),
             Param("from", "query", "Start of the timeline's range (YYYY-MM-DD).", Date()),
             Param("to", "query", "End of the timeline's range (YYYY-MM-DD).", Date()),
             Param("autoplay", "query", "1 plays the timeline on load.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("0", "1") }),
             Param("controls", "query", "0 hides the timeline controls.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("0", "1") })],
            Responses(Ok("The embeddable page (may be framed by any site); the view parameters are read by the page itself.", Html())))));
        paths["/oembed"] = Path(("get", Op("getOEmbed", "oEmbed 1.0 for a link to this server's viewer", "Embedding",
            [Param("url", "query", "A link to `/` or `/embed` on this server (its view parameters are carried over).",
                 new JsonObject { ["type"] = "string", ["format"] = "uri" }, required: true),
             Param("maxwidth", "query", "Largest width in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10000 }),
             Param("maxheight", "query", "Largest height in pixels.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10000 }),
             Param("format", "query", "Only json is implemented.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "xml"), ["default"] = "json" })],
            Responses(Ok("An oEmbed 1.0 `rich` response: an iframe of `/embed` with the same view (default 800×500), and a thumbnail " +
                         "(the PNG snapshot of the view, pinned with `known_at`, within maxwidth/maxheight; left out below 200 pixels).",
                    Json(OEmbedSchema())),
                Bad("`url` missing or malformed, a malformed size or an unknown parameter."), Status("404", "A link to another site or page."),
                Status("422", "The link's date is outside the data."), Status("501", "format=xml.")))));
    }

    /// <summary>A feed's page size.</summary>
    private static JsonObject FeedLimit() => Param("limit", "query", "Records per page (default 1,000; above 10,000 capped to 10,000).",
        new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = Api.ChangeFeed.DefaultPage });

    /// <summary>The queryable <c>date</c> of places, territory and front lines: the day the map shows (instead of datetime).</summary>
    private static JsonObject MapDateParam() => Param("date", "query",
        "places, territory, frontlines: the day the map shows (a queryable property of their features; instead of `datetime`).", Date());

    private static JsonObject OEmbedSchema()
    {
        var schema = Rec(("version", Str()), ("type", Str()), ("title", Str()), ("provider_name", Str()), ("provider_url", Str()), ("cache_age", Int()),
            ("html", Str()), ("width", Int()), ("height", Int()));
        var properties = (JsonObject)schema["properties"]!;
        properties["thumbnail_url"] = Str();
        properties["thumbnail_width"] = Int();
        properties["thumbnail_height"] = Int();
        return schema;
    }

    private static void AddWrites(JsonObject paths)
    {
        paths["/api/changes"] = Path(("post", Write("postChanges", "Record control changes", "editor",
            "One change or an array of up to 1,000 (all-or-nothing). An editor records claims (`status: claimed`); a reviewer may state facts " +
            "(`held`, `contested`) directly. `id` is optional (generated). Retractions and reviews have their own endpoints. A single change " +
            "answers with `Location`; a write about one place with its new `ETag`.",
            Body("ChangeRequest", "One change or an array of changes.",
                ("claim", "A claim (the least a request needs)", new JsonObject
                {
                    ["place"] = "ejaz-idlib", ["faction"] = "SAA", ["valid_from"] = "2020-02-01", ["kind"] = "capture", ["status"] = "claimed",
                    ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib" }),
                }),
                ("full", "Every member a change request may have", new JsonObject
                {
                    ["id"] = "c-example-ejaz-fighting", ["place"] = "ejaz-idlib", ["faction"] = "SAA", ["valid_from"] = "2020-02-02T06:30Z",
                    ["valid_to_approx"] = "2020-02-05", ["kind"] = "capture", ["status"] = "claimed", ["claim_of"] = "contested",
                    ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib", ["claimant"] = "SANA" }),
                    ["note"] = "Fighting reported on the village's edge; not confirmed.",
                })),
            ifMatch: true,
            forbidden: "The key's role may not write this (`parameter: Authorization`), or an editor states a fact instead of a claim " +
                       "(`parameter: status`, or `changes[i].status` in a batch).",
            unprocessable: "A record the data refuses, naming the field as the file format spells it (`place`, `faction`, `sources[0].source`; " +
                           "in a batch `changes[3].faction`): a missing required or unknown member, an unknown place, faction or source, a date in " +
                           "the future or before the place or faction existed or after the faction ceased to, a capture without sources, a " +
                           "duplicate id, an empty array, or an Idempotency-Key reused for another request (`parameter: Idempotency-Key`).")));
        paths["/api/sources"] = Path(("post", Write("postSources", "Add sources", "editor",
            "One source or an array of up to 1,000, as in sources.ndjson (all-or-nothing).",
            Body("SourceRecord", "One source or an array of sources.",
                ("minimal", "A source with the required members", new JsonObject
                {
                    ["id"] = "example-2020-02-01-ejaz", ["publisher"] = "Example News", ["title"] = "Fighting near Ejaz",
                }),
                ("full", "Every member of a source", new JsonObject
                {
                    ["id"] = "example-2020-02-02-ejaz", ["publisher"] = "Example News", ["title"] = "Army claims Ejaz",
                    ["url"] = "https://example.org/news/2020-02-02-ejaz", ["published"] = "2020-02-02", ["published_is_inferred"] = false,
                })),
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`sources[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, a url that is not an absolute http(s) address, an empty array, or a reused Idempotency-Key.")));
        paths["/api/places"] = Path(("post", Write("postPlaces", "Add places", "admin",
            "One place or an array of up to 1,000, as in places.ndjson (all-or-nothing).",
            Body("PlaceRecord", "One place or an array of places.",
                ("minimal", "A place with the required members", new JsonObject
                {
                    ["id"] = "example-hamlet-idlib", ["name"] = "Example Hamlet", ["kind"] = "hamlet", ["lon"] = 36.95, ["lat"] = 35.6,
                }),
                ("full", "Every member of a place", new JsonObject
                {
                    ["id"] = "example-camp-idlib", ["name"] = "Example Camp", ["names"] = new JsonArray("Mukhayyam Example"), ["kind"] = "other",
                    ["lon"] = 36.97, ["lat"] = 35.61, ["governorate"] = "Idleb", ["district"] = "Al Ma'ra", ["subdistrict"] = "Sanjar",
                    ["pcode"] = "C9999", ["population"] = 1200, ["approximate"] = true, ["note"] = "Located from a description of the camp.",
                    ["valid_from"] = "2018-05-01",
                })),
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`places[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, an unknown kind, coordinates out of range, a negative population, an empty array, or " +
                           "a reused Idempotency-Key.")));
        paths["/api/factions"] = Path(("post", Write("postFactions", "Add factions", "admin",
            "One faction or an array of up to 1,000, as in factions.ndjson (all-or-nothing).",
            Body("FactionRecord", "One faction or an array of factions.",
                ("minimal", "A faction with the required members", new JsonObject
                {
                    ["id"] = "EXA", ["name"] = "Example Brigade", ["short_name"] = "Example", ["color"] = "#1b9e77",
                }),
                ("full", "Every member of a faction", new JsonObject
                {
                    ["id"] = "EXB", ["name"] = "Example Brigade (reorganised)", ["short_name"] = "Example B", ["color"] = "#7570b3",
                    ["aliases"] = new JsonArray("the brigade"), ["parent"] = "SAA", ["valid_from"] = "2016-01-01", ["valid_to"] = "2021-01-01",
                    ["allies"] = new JsonArray("SAA", new JsonObject { ["faction"] = "Russia", ["from"] = "2016-01-01", ["to"] = "2018-06-01" }),
                    ["succeeded_by"] = "SAA",
                })),
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`factions[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, a colour that is not #rrggbb, an unknown parent, ally or successor, valid_to not after " +
                           "valid_from, an alliance whose `to` is not after its `from` or that overlaps another of the same pair, an empty array, " +
                           "or a reused Idempotency-Key.")));
        paths["/api/changes/{id}/retract"] = Path(("post", Write("postRetraction", "Retract a record", "reviewer",
            "Appends a retraction of the record `{id}` (nothing is deleted; `known_at` before it still shows the record). `{id}` may itself be " +
            "a retraction: retracting it puts its target back (a chain of retractions of odd length retracts the record, of even length " +
            "restores it). The body is optional.",
            Body("RetractRequest", null,
                ("minimal", "No note, no sources", new JsonObject()),
                ("full", "With a note and the sources behind the retraction", new JsonObject
                {
                    ["note"] = "The report was withdrawn by its publisher.",
                    ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib", ["claimant"] = "SouthFront" }),
                }), required: false),
            ifMatch: true, pathId: true,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "`id` names no record, or a record already retracted by a retraction that still stands (retract that retraction " +
                           "instead) (`parameter: id`); an unknown member, an empty " +
                           "note, an unknown source; or a reused Idempotency-Key.")));
        paths["/api/changes/{id}/review"] = Path(("post", Write("postReview", "Confirm or dispute a claim", "reviewer",
            "Appends a review of the claimed record `{id}`: `confirmed` states the claim as fact (its `claim_of`), `disputed` keeps it a claim " +
            "with the dispute on record. A key cannot review a claim it recorded.",
            Body("ReviewRequest", null,
                ("minimal", "A confirmation", new JsonObject { ["verdict"] = "confirmed" }),
                ("full", "Every member of a review", new JsonObject
                {
                    ["verdict"] = "confirmed", ["note"] = "Seen in two independent reports.",
                    ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib" }),
                })),
            ifMatch: true, pathId: true,
            forbidden: "The key's role may not review (`parameter: Authorization`), or the claim was recorded with this key (`parameter: id`).",
            unprocessable: "`verdict` missing or not confirmed/disputed; `id` names no record, not a claim, a review, a retracted claim or a " +
                           "claim already confirmed (`parameter: id`); an unknown member or source; or a reused Idempotency-Key.")));

        var getPlace = Op("getPlace", "A place record, its state now and its version (for If-Match)", "Writing",
            [Ref("placeId"), Ref("If-None-Match")],
            Responses(
                ("200", new JsonObject
                {
                    ["description"] = "The place record (as in places.ndjson), its state today (place feature properties) and its version, " +
                                      "also sent as a strong ETag (`Cache-Control: no-cache`).",
                    ["headers"] = new JsonObject { ["ETag"] = HeaderRef("PlaceETag") },
                    ["content"] = new JsonObject
                    {
                        [JsonType] = new JsonObject
                        {
                            ["schema"] = Rec(("place", SchemaRef("PlaceRecord")), ("now", Obj()), ("version", Str())),
                        },
                    },
                }),
                NotModified(), Bad("Any query parameter."), Status("404", "No place has that id (`parameter: id`).")));
        paths["/api/places/{id}"] = Path(("get", getPlace), ("head", Head(getPlace)));
    }

    private static JsonObject Write(string operationId, string summary, string role, string description, JsonObject body, bool ifMatch,
        string forbidden, string unprocessable, bool pathId = false)
    {
        var parameters = new List<JsonNode>();
        if (pathId) parameters.Add(Ref("changeId"));
        parameters.Add(Ref("Idempotency-Key"));
        if (ifMatch) parameters.Add(Ref("If-Match"));
        var created = new JsonObject
        {
            ["description"] = "Written durably and on the map: the records as written in the canonical record format (with `id`, " +
                              "`recorded_at`, `recorded_by`). A replay of an Idempotency-Key returns the first response.",
            ["headers"] = new JsonObject
            {
                ["X-Data-Version"] = HeaderRef("X-Data-Version"),
                ["Idempotent-Replayed"] = HeaderRef("Idempotent-Replayed"),
            },
            ["content"] = new JsonObject { [JsonType] = new JsonObject { ["schema"] = SchemaRef("WriteResult") } },
        };
        if (operationId == "postChanges") created["headers"]!["Location"] = HeaderRef("Location");
        if (ifMatch) created["headers"]!["ETag"] = HeaderRef("PlaceETag");

        var batch = body["content"]![JsonType]!["schema"]!["oneOf"] is not null;
        var responses = new List<(string, JsonObject)>
        {
            ("201", created),
            Bad($"Malformed JSON or a body that is not {(batch ? "an object or an array of objects" : "an object")} (`parameter: body`), " +
                (body["required"]!.GetValue<bool>() ? "a missing body, " : "") + "a malformed Idempotency-Key, " +
                (ifMatch ? "If-Match on a write about several places, " : "If-Match (this write is about no single place), ") + "or any query parameter."),
            WithHeader(Status("401", "No, a wrong, a malformed or a revoked API key (`parameter: Authorization`)."), "WWW-Authenticate"),
            Status("403", forbidden),
        };
        if (ifMatch)
            responses.Add(Status("412", "If-Match does not match the place's version: the place has had another record since (checked again " +
                                        "inside the write's transaction). Reload it and decide again."));
        responses.Add(Status("413", "The body is larger than Write:MaxBodyBytes (default 1 MiB)" +
                                    (batch ? $", or an array of more than {WriteEndpoints.MaxBatch} records." : ".")));
        responses.Add(Status("415", "The body is not application/json (`parameter: Content-Type`)."));
        responses.Add(Status("422", unprocessable));
        responses.Add(TooMany("writes per API key (RateLimits:Writes) and failed authentications per address (RateLimits:FailedAuthentication) are limited"));
        responses.Add(WithHeader(Status("503", "The store could not take the write now. The detail says whether nothing was written or the outcome is unknown (the connection broke during the commit); retry after Retry-After seconds with the same Idempotency-Key."), "Retry-After"));

        var op = Op(operationId, summary, "Writing", [.. parameters], Responses([.. responses]), $"Needs a key with the role **{role}** (or higher). " + description);
        op["requestBody"] = body;
        op["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray() });
        op["x-required-role"] = role;
        return op;
    }

    /// <summary>A JSON request body: one record or an array of them, or (for <c>array: false</c> schemas) one object, with named examples.</summary>
    private static JsonObject Body(string schema, string? arrayDescription, (string Name, string Summary, JsonObject Value) minimal,
        (string Name, string Summary, JsonObject Value) full, bool required = true)
    {
        JsonNode bodySchema = arrayDescription is null
            ? SchemaRef(schema)
            : new JsonObject
            {
                ["description"] = arrayDescription,
                ["oneOf"] = new JsonArray(SchemaRef(schema), new JsonObject
                {
                    ["type"] = "array", ["minItems"] = 1, ["maxItems"] = WriteEndpoints.MaxBatch, ["items"] = SchemaRef(schema),
                }),
            };
        return new JsonObject
        {
            ["required"] = required,
            ["content"] = new JsonObject
            {
                [JsonType] = new JsonObject
                {
                    ["schema"] = bodySchema,
                    ["examples"] = new JsonObject
                    {
                        [minimal.Name] = new JsonObject { ["summary"] = minimal.Summary, ["value"] = minimal.Value },
                        [full.Name] = new JsonObject { ["summary"] = full.Summary, ["value"] = full.Value },
                    },
                },
            },
        };
    }

    // ---------------------------------------------------------------- components

    private static JsonObject Parameters()
    {
        var collectionIds = new JsonArray(OgcCollections.All.Select(c => (JsonNode)JsonValue.Create(c.Id)!).ToArray());
        return new JsonObject
        {
            ["collectionId"] = Param("collectionId", "path", "Id of a collection.", new JsonObject { ["type"] = "string", ["enum"] = collectionIds }, required: true),
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
            ["date"] = MapDateParam(),
            ["known_at"] = Param("known_at", "query",
                "Extension: the map as published on that date (RFC 3339 date or date-time): only records recorded by then count.",
                new JsonObject { ["type"] = "string" }),
            ["faction"] = Param("faction", "query",
                "Extension: only features whose `faction` property is that faction id (places: the controller shown; changes: the record's faction; " +
                "territory: its faction, or `contested`); frontlines: either side of the line.",
                new JsonObject { ["type"] = "string" }),
            ["status"] = Param("status", "query",
                "Extension: only features with that status (places: held, contested, claimed, unknown; changes and territory: held, contested, claimed).",
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("held", "contested", "claimed", "unknown") }),
            ["f"] = Param("f", "query", "Output format: json (GeoJSON for features; the default unless the Accept header prefers text/html), html, or csv (changes items only).",
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "csv", "html") }),

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
    }

    private static JsonObject Schemas()
    {
        var citation = Obj(("source", Id("The id of a source (see POST /api/sources).")), ("claimant", Str("Who made the claim, when not the publisher.")));
        citation["required"] = new JsonArray("source");
        citation["additionalProperties"] = false;

        var changeRequest = Strict(
            ["place", "faction", "valid_from", "kind", "status", "sources"],
            ("id", Id("Optional: generated as `c-YYYYMMDDTHHMMSS-hex` when missing.")),
            ("place", Str("A place id.")),
            ("faction", Str("A faction id.")),
            ("valid_from", new JsonObject
            {
                ["type"] = "string", ["pattern"] = @"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?$",
                ["description"] = "When it became true on the ground: YYYY-MM-DD or YYYY-MM-DDTHH:MMZ; not in the future, not before the place or " +
                                  "faction existed.",
            }),
            ("valid_to_approx", Date("The last day of an approximate range (\"in December\").")),
            ("kind", Enum("capture or confirmation (a report that only confirms who holds a place is still evidence).", "capture", "confirmation")),
            ("status", Enum("An editor's key records claims only; held and contested need a reviewer (403 otherwise).", "held", "contested", "claimed")),
            ("claim_of", Enum("For a claim: what is claimed (default held). Only with status claimed.", "held", "contested")),
            ("sources", new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = SchemaRef("Citation"), ["description"] = "The evidence." }),
            ("note", Str("The editor's note, in their own words.", minLength: 1)));

        var changeRecord = Obj(
            ("id", Str()), ("place", Str()), ("faction", Str()), ("valid_from", Str()), ("valid_to_approx", Date()), ("kind", Enum(null, "capture", "confirmation", "retraction")),
            ("status", Enum(null, "held", "contested", "claimed")), ("claim_of", Enum(null, "held", "contested")),
            ("sources", Arr(SchemaRef("Citation"))), ("recorded_at", new JsonObject { ["type"] = "string", ["format"] = "date-time" }),
            ("recorded_by", Str("The name of the API key that wrote it.")), ("retracts", Str()), ("note", Str()), ("reviews", Str()),
            ("verdict", Enum(null, "confirmed", "disputed")));
        changeRecord["required"] = new JsonArray("id", "place", "valid_from", "kind", "status", "sources", "recorded_at", "recorded_by");
        changeRecord["description"] = "A control change as stored (one record of changes.ndjson).";

        var problem = Obj(
            ("type", Str("A URI reference identifying the problem type.")),
            ("title", Str("The HTTP reason phrase.")),
            ("status", Int()),
            ("detail", Str("What is wrong, in words.")),
            ("instance", Str()),
            ("parameter", Str("The query parameter, path segment, header (Authorization, Content-Type, Idempotency-Key, If-Match) or body " +
                              "field at fault, e.g. `datetime`, `id`, `sources[0].source`, `changes[3].faction`, `body`.")),
            ("traceId", Str()));
        problem["required"] = new JsonArray("title", "status");
        problem["description"] = "RFC 9457 problem details, as application/problem+json.";

        return new JsonObject
        {
            ["ProblemDetails"] = problem,
            ["Citation"] = citation,
            ["ChangeRequest"] = changeRequest,
            ["ChangeRecord"] = changeRecord,
            ["SourceRecord"] = Strict(["id", "publisher", "title"],
                ("id", Id(null)), ("publisher", Str(minLength: 1)), ("title", Str(minLength: 1)),
                ("url", new JsonObject { ["type"] = "string", ["format"] = "uri", ["description"] = "Only a real, checkable http(s) address; never invented." }),
                ("published", Date("Publication date.")), ("published_is_inferred", new JsonObject { ["type"] = "boolean", ["description"] = "The date was inferred, not printed." })),
            ["PlaceRecord"] = Strict(["id", "name", "kind", "lon", "lat"],
                ("id", Id("A stable slug.")), ("name", Str("The preferred Latin name.", minLength: 1)),
                ("names", Arr(Str(minLength: 1), "Alternate spellings and other scripts.")),
                ("kind", Enum(null, "city", "town", "village", "hamlet", "hill", "base", "other")),
                ("lon", new JsonObject { ["type"] = "number", ["minimum"] = -180, ["maximum"] = 180 }),
                ("lat", new JsonObject { ["type"] = "number", ["minimum"] = -90, ["maximum"] = 90 }),
                ("governorate", Str(minLength: 1)), ("district", Str(minLength: 1)), ("subdistrict", Str(minLength: 1)), ("pcode", Str(minLength: 1)),
                ("population", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
                ("approximate", new JsonObject { ["type"] = "boolean", ["description"] = "Located from a description, not a gazetteer." }),
                ("note", Str("Provenance of the location.", minLength: 1)),
                ("valid_from", Date("The first day the place existed; changes dated before it are refused."))),
            ["FactionRecord"] = Strict(["id", "name", "short_name", "color"],
                ("id", Id(null)), ("name", Str(minLength: 1)), ("short_name", Str("The legend label.", minLength: 1)),
                ("color", new JsonObject { ["type"] = "string", ["pattern"] = "^#[0-9a-fA-F]{6}$", ["description"] = "Map colour, #rrggbb." }),
                ("aliases", Arr(Str(minLength: 1), "Names reports use for it.")), ("parent", Str("The id of its coalition.")),
                ("valid_from", Date("Existence interval, half-open [valid_from, valid_to).")), ("valid_to", Date()),
                ("allies", Arr(new JsonObject
                {
                    ["oneOf"] = new JsonArray(
                        Str("A faction it does not fight, for all time."),
                        Strict(["faction"],
                            ("faction", Str("A faction it does not fight during [from, to).")),
                            ("from", Date("The first day of the alliance; unbounded when missing.")),
                            ("to", Date("The first day the two are no longer allied (half-open); unbounded when missing.")))),
                }, "Factions it does not fight (symmetric: declaring it on either side is enough). Two alliances of the same pair " +
                   "must not share a day.")),
                ("succeeded_by", Str("The faction it became."))),
            ["RetractRequest"] = Strict([],
                ("note", Str("Why it is withdrawn.", minLength: 1)),
                ("sources", Arr(SchemaRef("Citation"), "Sources behind the retraction."))),
            ["ReviewRequest"] = Strict(["verdict"],
                ("verdict", Enum("confirmed states the claim as fact; disputed keeps it a claim.", "confirmed", "disputed")),
                ("note", Str(minLength: 1)),
                ("sources", Arr(SchemaRef("Citation"), "Sources added to the claim's own."))),
            ["WriteResult"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "The records as written, by record set (only the sets written).",
                ["properties"] = new JsonObject
                {
                    ["factions"] = Arr(SchemaRef("FactionRecord")),
                    ["sources"] = Arr(SchemaRef("SourceRecord")),
                    ["places"] = Arr(SchemaRef("PlaceRecord")),
                    ["changes"] = Arr(SchemaRef("ChangeRecord")),
                },
            },
        };
    }

    private static JsonObject Headers() => new()
    {
        ["ETag"] = Header("A strong entity tag of the representation."),
        ["PlaceETag"] = Header("The place's version after the write (`\"place-…\"`), for If-Match on the next write about it."),
        ["Location"] = Header("For a single change: its feature, `/collections/changes/items/{id}`."),
        ["X-Data-Version"] = Header("The data version now served (the write is on the map)."),
        ["Idempotent-Replayed"] = Header("`true` when this is the stored first response of an Idempotency-Key."),
        ["Retry-After"] = Header("Seconds to wait before retrying.", integer: true),
        ["WWW-Authenticate"] = Header("`Bearer realm=\"frontlinemaps\"`."),
    };

    // ---------------------------------------------------------------- helpers

    private static JsonObject Tag(string name, string description) => new() { ["name"] = name, ["description"] = description };

    private static JsonObject Path(params (string Method, JsonObject Operation)[] operations)
    {
        var item = new JsonObject();
        foreach (var (method, operation) in operations) item[method] = operation;
        return item;
    }

    private static JsonObject Op(string operationId, string summary, string tag, JsonNode[] parameters, JsonObject responses, string? description = null)
    {
        var op = new JsonObject
        {
            ["operationId"] = operationId,
            ["summary"] = summary,
            ["tags"] = new JsonArray(tag),
            ["parameters"] = new JsonArray(parameters),
            ["responses"] = responses,
        };
        if (description is not null) op["description"] = description;
        return op;
    }

    /// <summary>The HEAD twin of a GET operation: the same parameters and statuses, no body.</summary>
    private static JsonObject Head(JsonObject get)
    {
        var head = (JsonObject)get.DeepClone();
        head["operationId"] = get["operationId"]!.GetValue<string>() + "Head";
        head["summary"] = "Headers only: " + get["summary"]!.GetValue<string>();
        foreach (var (_, response) in (JsonObject)head["responses"]!) ((JsonObject)response!).Remove("content");
        return head;
    }

    private static JsonObject Responses(params (string Status, JsonObject Response)[] responses)
    {
        var o = new JsonObject();
        foreach (var (status, response) in responses) o[status] = response;
        return o;
    }

    private static (string, JsonObject) Ok(string description, params (string Type, JsonObject Schema)[] types)
    {
        var content = new JsonObject();
        foreach (var (type, schema) in types) content[type] = new JsonObject { ["schema"] = schema };
        return ("200", new JsonObject { ["description"] = description, ["content"] = content });
    }

    private static (string, JsonObject) Json(JsonObject? schema = null) => (JsonType, schema ?? new JsonObject { ["type"] = "object" });

    private static (string, JsonObject) Html() => (OgcHttp.Html, new JsonObject { ["type"] = "string" });

    private static (string, JsonObject) Csv() => (OgcHttp.Csv, new JsonObject { ["type"] = "string" });

    private static (string, JsonObject) Moved() =>
        ("302", new JsonObject
        {
            ["description"] = "`v` names an older data version: the same URL with the current `v` is in Location (`Cache-Control: no-cache`).",
            ["headers"] = new JsonObject { ["Location"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
        });

    private static (string, JsonObject) NotModified() =>
        ("304", new JsonObject { ["description"] = "Not modified: If-None-Match matched the current ETag." });

    private static (string, JsonObject) Bad(string description) => Status("400", description);

    private static (string, JsonObject) TooMany(string why) =>
        WithHeader(Status("429", $"Over the rate limit ({why}); retry after Retry-After seconds."), "Retry-After");

    private static (string, JsonObject) Status(string status, string description) =>
        (status, new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { [Problem] = new JsonObject { ["schema"] = SchemaRef("ProblemDetails") } },
        });

    private static (string, JsonObject) WithHeader((string Status, JsonObject Response) response, string header)
    {
        response.Response["headers"] = new JsonObject { [header] = HeaderRef(header) };
        return response;
    }

    private static JsonObject Param(string name, string @in, string description, JsonObject schema, bool required = false, string? style = null, bool? explode = null)
    {
        var p = new JsonObject { ["name"] = name, ["in"] = @in, ["description"] = description, ["required"] = required, ["schema"] = schema };
        if (style is not null) p["style"] = style;
        if (explode is { } e) p["explode"] = e;
        return p;
    }

    private static JsonObject Header(string description, bool integer = false) =>
        new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = integer ? "integer" : "string" } };

    private static JsonObject Ref(string parameter) => new() { ["$ref"] = $"#/components/parameters/{parameter}" };

    private static JsonObject SchemaRef(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonObject HeaderRef(string header) => new() { ["$ref"] = $"#/components/headers/{header}" };

    private static JsonObject Obj(params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    /// <summary>An object schema of an answer that always carries every member (null where nullable).</summary>
    private static JsonObject Rec(params (string Name, JsonNode Schema)[] properties) =>
        properties.Length == 0 ? Obj() : Required(Obj(properties), [.. properties.Select(p => p.Name)]);

    private static JsonObject Required(JsonObject schema, params string[] names)
    {
        schema["required"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        return schema;
    }

    /// <summary>An object schema that refuses unknown members, as the record readers do (422 naming the member).</summary>
    private static JsonObject Strict(string[] required, params (string Name, JsonNode Schema)[] properties)
    {
        var o = Obj(properties);
        if (required.Length > 0) o["required"] = new JsonArray(required.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
        o["additionalProperties"] = false;
        return o;
    }

    private static JsonObject Str(string? description = null, int? minLength = null, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = "string" };
        if (minLength is { } m) s["minLength"] = m;
        if (nullable) s["nullable"] = true;
        if (description is not null) s["description"] = description;
        return s;
    }

    private static JsonObject Id(string? description)
    {
        var s = new JsonObject { ["type"] = "string", ["pattern"] = IdPattern };
        s["description"] = "1 to 120 letters, digits and . _ : - (starting with a letter or digit); unique." + (description is null ? "" : " " + description);
        return s;
    }

    private static JsonObject Date(string? description = null, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = "string", ["format"] = "date", ["pattern"] = DatePattern };
        if (nullable) s["nullable"] = true;
        if (description is not null) s["description"] = description;
        return s;
    }

    private static JsonObject Int() => new() { ["type"] = "integer" };

    private static JsonObject Num() => new() { ["type"] = "number" };

    private static JsonObject Arr(JsonNode items, string? description = null)
    {
        var a = new JsonObject { ["type"] = "array", ["items"] = items };
        if (description is not null) a["description"] = description;
        return a;
    }

    private static JsonObject Enum(string? description, params string[] values)
    {
        var e = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) };
        if (description is not null) e["description"] = description;
        return e;
    }
}
