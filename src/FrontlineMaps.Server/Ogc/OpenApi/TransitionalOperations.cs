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
        AddEmbedding(paths);
        AddPlace(paths);
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
