using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Ogc;

/// <summary>The hand-built OpenAPI 3.0.3 description of the OGC API – Features endpoints (served at <c>/api</c>).</summary>
internal static class OpenApiDocument
{
    /// <summary>Builds the document for a server at <paramref name="baseUrl"/>.</summary>
    public static JsonObject Build(string baseUrl, string title)
    {
        var collectionIds = new JsonArray(OgcCollections.All.Select(c => (JsonNode)JsonValue.Create(c.Id)!).ToArray());
        var parameters = new JsonObject
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
        };

        var paths = new JsonObject
        {
            ["/"] = Get("getLandingPage", "Landing page", ["Capabilities"], [Ref("f")],
                Response("The landing page: links to the API description, conformance and collections.", OgcHttp.Json, OgcHttp.Html)),
            ["/conformance"] = Get("getConformanceDeclaration", "Conformance classes implemented", ["Capabilities"], [Ref("f")],
                Response("The conformance declaration.", OgcHttp.Json, OgcHttp.Html)),
            ["/api"] = Get("getApiDescription", "This OpenAPI document", ["Capabilities"], [Ref("f")],
                Response("The API description.", OgcHttp.OpenApiJson, OgcHttp.Html)),
            ["/collections"] = Get("getCollections", "The feature collections", ["Capabilities"], [Ref("f")],
                Response("The collections with their extents.", OgcHttp.Json, OgcHttp.Html)),
            ["/collections/{collectionId}"] = Get("describeCollection", "One collection's metadata", ["Capabilities"], [Ref("collectionId"), Ref("f")],
                Response("The collection.", OgcHttp.Json, OgcHttp.Html), Problem("404", "No such collection.")),
            ["/collections/{collectionId}/items"] = Get("getFeatures", "Features of a collection, paged", ["Data"],
                [Ref("collectionId"), Ref("limit"), Ref("offset"), Ref("bbox"), Ref("datetime"), Ref("known_at"), Ref("faction"), Ref("status"), Ref("f")],
                Response("A page of features with numberMatched, numberReturned, timeStamp and next/prev links.", OgcHttp.GeoJson, OgcHttp.Html, OgcHttp.Csv),
                Problem("400", "A malformed or unknown parameter (the problem names it)."), Problem("404", "No such collection."),
                Problem("422", "A date outside what the data can answer.")),
            ["/collections/{collectionId}/items/{featureId}"] = Get("getFeature", "One feature", ["Data"],
                [Ref("collectionId"), Ref("featureId"), Ref("datetime"), Ref("known_at"), Ref("f")],
                Response("The feature, with links self and collection.", OgcHttp.GeoJson, OgcHttp.Html),
                Problem("400", "A malformed or unknown parameter."), Problem("404", "No such collection or feature."),
                Problem("422", "A date outside what the data can answer.")),
        };

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"FrontlineMaps: {title}",
                ["version"] = "1.0.0",
                ["description"] = "Who held which place when, with sources: places, control changes, territory, front lines and factions " +
                                  "as OGC API – Features (Part 1: Core) with datetime.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Capabilities" }, new JsonObject { ["name"] = "Data" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = parameters,
                ["schemas"] = new JsonObject
                {
                    ["problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "integer" },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                            ["parameter"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
    }

    private static JsonObject Param(string name, string @in, string description, JsonObject schema, bool required = false, string? style = null, bool? explode = null)
    {
        var p = new JsonObject { ["name"] = name, ["in"] = @in, ["description"] = description, ["required"] = required, ["schema"] = schema };
        if (style is not null) p["style"] = style;
        if (explode is { } e) p["explode"] = e;
        return p;
    }

    private static JsonObject Ref(string parameter) => new() { ["$ref"] = $"#/components/parameters/{parameter}" };

    private static KeyValuePair<string, JsonNode?> Response(string description, params string[] types)
    {
        var content = new JsonObject();
        foreach (var t in types) content[t] = new JsonObject { ["schema"] = new JsonObject { ["type"] = t == OgcHttp.Csv || t == OgcHttp.Html ? "string" : "object" } };
        return new("200", new JsonObject { ["description"] = description, ["content"] = content });
    }

    private static KeyValuePair<string, JsonNode?> Problem(string status, string description) =>
        new(status, new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/problem" } } },
        });

    private static JsonObject Get(string operationId, string summary, string[] tags, JsonObject[] parameters, params KeyValuePair<string, JsonNode?>[] responses) =>
        new()
        {
            ["get"] = new JsonObject
            {
                ["operationId"] = operationId,
                ["summary"] = summary,
                ["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
                ["parameters"] = new JsonArray(parameters.Cast<JsonNode>().ToArray()),
                ["responses"] = new JsonObject(responses),
            },
        };
}
