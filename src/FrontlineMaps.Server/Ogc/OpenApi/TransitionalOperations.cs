using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Write;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// Until their endpoints declare their parameters and responses (f14-http's declarative layer: [AsParameters] records, typed
/// results, WithSummary), the operations of the tiles, timeline, feed, snapshot and embedding endpoints are described here and
/// put over the generated ones by <see cref="FrontlineDocumentTransformer"/>. Delete an entry once its endpoint declares itself.
/// </summary>
internal static class TransitionalOperations
{
    /// <summary>Adds the described operations to <paramref name="paths"/>.</summary>
    public static void Add(JsonObject paths)
    {
        AddTimeline(paths);
        AddEmbedding(paths);
        AddPlace(paths);
    }

    internal static void AddTimeline(JsonObject paths)
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

    internal static void AddEmbedding(JsonObject paths)
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

    private static void AddPlace(JsonObject paths)
    {
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
}
