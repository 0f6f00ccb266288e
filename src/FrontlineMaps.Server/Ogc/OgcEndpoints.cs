using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc.OpenApi;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// OGC API – Features (Part 1: Core, with datetime; Part 3: queryables) and the tileset metadata of OGC API – Tiles: landing page <c>/</c> (JSON, or HTML for browsers), <c>/conformance</c>,
/// <c>/api</c> (OpenAPI 3.0), <c>/collections</c>, <c>/collections/{collectionId}</c>, <c>/collections/{collectionId}/items</c> and
/// <c>/collections/{collectionId}/items/{featureId}</c> for the collections places, changes, territory, frontlines and factions.
/// </summary>
public static class OgcEndpoints
{
    /// <summary>Maps the OGC API – Features endpoints and the tileset metadata of OGC API – Tiles.</summary>
    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var capabilities = app.MapGroup("").WithTags("Capabilities");
        capabilities.MapGet("/", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => LandingPage(context, state))
            .Describe("getLandingPage", "Landing page", OgcResource.Landing);
        capabilities.MapGet("/conformance", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => Conformance(context, state))
            .Describe("getConformanceDeclaration", "Conformance classes implemented", OgcResource.Conformance);
        capabilities.MapGet("/api", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => Api(context, state))
            .Describe("getApiDescription", "This OpenAPI document", OgcResource.Api);
        capabilities.MapGet("/collections", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => Collections(context, state))
            .Describe("getCollections", "The collections", OgcResource.Collections);

        var collections = app.MapGroup("/collections");
        collections.MapGet("/{collectionId}", ([AsParameters] FormatQuery q, string collectionId, HttpContext context, MapState state) =>
                Collection(context, state, collectionId))
            .WithTags("Capabilities").Describe("describeCollection", "One collection's metadata", OgcResource.Collection);
        collections.MapGet("/{collectionId}/queryables", ([AsParameters] FormatQuery q, string collectionId, HttpContext context, MapState state) =>
                OgcQueryables.Write(context, state, collectionId))
            .WithTags("Capabilities")
            .Describe("getQueryables", "The properties a collection's items can be filtered on (OGC API – Features Part 3)", OgcResource.Queryables);
        collections.MapGet("/" + OgcTiles.Map + "/tiles", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => Tilesets(context, state))
            .WithTags("Tiles").Describe("getMapTilesets", "The vector tilesets of the map (OGC API – Tiles)", OgcResource.Tilesets);
        collections.MapGet($"/{OgcTiles.Map}/tiles/{OgcTiles.MatrixSet}", ([AsParameters] FormatQuery q, HttpContext context, MapState state) =>
                Tileset(context, state))
            .WithTags("Tiles").Describe("getMapTileset", "The WebMercatorQuad tileset of the map (OGC API – Tiles)", OgcResource.Tileset);

        // One route per collection: each declares the parameters its items accept, so the document says exactly those.
        var data = collections.WithTags("Data");
        MapCollection(data, OgcCollections.Places,
            (i, f) => (data.MapGet(i, ([AsParameters] MapItemsQuery q, HttpContext c, MapState s) => Items(s).WriteItems(c, Of(OgcCollections.Places))),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).WriteItem(c, Of(OgcCollections.Places), featureId))));
        MapCollection(data, OgcCollections.Changes,
            (i, f) => (data.MapGet(i, ([AsParameters] ChangeItemsQuery q, HttpContext c, MapState s) => Items(s).WriteItems(c, Of(OgcCollections.Changes))),
                       data.MapGet(f, ([AsParameters] ChangeFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).WriteItem(c, Of(OgcCollections.Changes), featureId))));
        MapCollection(data, OgcCollections.Territory,
            (i, f) => (data.MapGet(i, ([AsParameters] MapItemsQuery q, HttpContext c, MapState s) => Items(s).WriteItems(c, Of(OgcCollections.Territory))),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).WriteItem(c, Of(OgcCollections.Territory), featureId))));
        MapCollection(data, OgcCollections.Frontlines,
            (i, f) => (data.MapGet(i, ([AsParameters] FrontLineItemsQuery q, HttpContext c, MapState s) => Items(s).WriteItems(c, Of(OgcCollections.Frontlines))),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).WriteItem(c, Of(OgcCollections.Frontlines), featureId))));
        MapCollection(data, OgcCollections.Factions,
            (i, f) => (data.MapGet(i, ([AsParameters] FactionItemsQuery q, HttpContext c, MapState s) => Items(s).WriteItems(c, Of(OgcCollections.Factions))),
                       data.MapGet(f, ([AsParameters] FormatQuery q, string featureId, HttpContext c, MapState s) => Items(s).WriteItem(c, Of(OgcCollections.Factions), featureId))));

        // Any other collection id: a 404 naming collectionId (not API: nothing is there).
        collections.MapGet("/{collectionId}/items", (string collectionId) => OgcCollections.Find(collectionId)).ExcludeFromDescription();
        collections.MapGet("/{collectionId}/items/{featureId}", (string collectionId) => OgcCollections.Find(collectionId)).ExcludeFromDescription();
        return app;
    }

    private static OgcItems Items(MapState state) => state.OgcItems;

    private static OgcCollection Of(string id) => OgcCollections.Find(id);

    private static void MapCollection(RouteGroupBuilder data, string id,
        Func<string, string, (RouteHandlerBuilder Items, RouteHandlerBuilder Feature)> map)
    {
        var collection = Of(id);
        var (items, feature) = map($"/{id}/items", $"/{id}/items/{{featureId}}");
        var name = char.ToUpperInvariant(id[0]) + id[1..];
        items.Describe($"get{name}", $"{collection.Title}: features, paged", OgcResource.Items, collection).WithDescription(collection.Description);
        feature.Describe($"get{name}Feature", $"{collection.Title}: one feature", OgcResource.Feature, collection);
    }

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string name, string summary, OgcResource resource, OgcCollection? collection = null) =>
        builder.WithName(name).WithSummary(summary).WithMetadata(new OgcOperation(resource, collection))
            .RejectUndeclaredQuery(); // 400 for a parameter its [AsParameters] record does not declare, or a repeated one

    private static async Task Tilesets(HttpContext context, MapState state)
    {
        NegotiateJson(context.Request);
        if (OgcHttp.NotModified(context, state.DataVersion, "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            OgcTiles.WriteTilesets(w, baseUrl);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Tileset(HttpContext context, MapState state)
    {
        NegotiateJson(context.Request);
        if (OgcHttp.NotModified(context, state.DataVersion, "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            OgcTiles.WriteTileset(w, state, baseUrl);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Only <c>f=json</c> (or none).</summary>
    private static void NegotiateJson(HttpRequest request)
    {
        if (QueryParsing.Single(request.Query, "f") is { } f && f != "json")
            throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json");
    }

    private static async Task LandingPage(HttpContext context, MapState source)
    {
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        var name = source.Timeline.Dataset.Info.Name;
        if (html)
        {
            context.Response.ContentType = OgcHttp.Html + "; charset=utf-8";
            await context.Response.WriteAsync(OgcHtml.Landing(baseUrl, name), context.RequestAborted);
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("title", $"FrontlineMaps: {name}");
            w.WriteString("description", "Who held which place when, with sources: places, control changes, territory, front lines and factions.");
            w.WritePropertyName("links");
            w.WriteStartArray();
            OgcHttp.WriteLink(w, baseUrl + "/", "self", OgcHttp.Json, "this document");
            OgcHttp.WriteLink(w, baseUrl + "/?f=html", "alternate", OgcHttp.Html, "this document as HTML");
            OgcHttp.WriteLink(w, baseUrl + "/api", "service-desc", OgcHttp.OpenApiJson, "the API definition");
            OgcHttp.WriteLink(w, baseUrl + "/api?f=html", "service-doc", OgcHttp.Html, "the API documentation");
            OgcHttp.WriteLink(w, baseUrl + "/conformance", "conformance", OgcHttp.Json, "OGC API conformance classes implemented by this server");
            OgcHttp.WriteLink(w, baseUrl + "/collections", "data", OgcHttp.Json, "the feature collections");
            OgcTiles.WriteTilesetsLink(w, baseUrl);
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Conformance(HttpContext context, MapState source)
    {
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "json")) return;
        if (html)
        {
            await WriteHtml(context, OgcHtml.Conformance(OgcHttp.BaseUrl(context.Request), OgcHttp.ConformanceClasses));
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("conformsTo");
            w.WriteStartArray();
            foreach (var c in OgcHttp.ConformanceClasses) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Api(HttpContext context, MapState source)
    {
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "openapi")) return;
        var doc = await ApiDescription.For(context.RequestServices, source, OgcHttp.BaseUrl(context.Request), context.RequestAborted);
        if (html)
        {
            using var parsed = System.Text.Json.JsonDocument.Parse(doc.ToJsonString());
            await WriteHtml(context, OgcHtml.Api(OgcHttp.BaseUrl(context.Request), parsed.RootElement));
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.OpenApiJson, (w, _) =>
        {
            doc.WriteTo(w);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Collections(HttpContext context, MapState source)
    {
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            await WriteHtml(context, OgcHtml.Collections(baseUrl));
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("links");
            w.WriteStartArray();
            OgcHttp.WriteLink(w, baseUrl + "/collections", "self", OgcHttp.Json, "the feature collections");
            OgcHttp.WriteLink(w, baseUrl + "/collections?f=html", "alternate", OgcHttp.Html, "the feature collections as HTML");
            OgcTiles.WriteTilesetsLink(w, baseUrl);
            w.WriteEndArray();
            w.WritePropertyName("collections");
            w.WriteStartArray();
            foreach (var c in OgcCollections.All) OgcCollections.Write(w, c, source, baseUrl);
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Collection(HttpContext context, MapState source, string collectionId)
    {
        if (collectionId == OgcTiles.Map)
        {
            await Tiles(context, source);
            return;
        }
        var collection = OgcCollections.Find(collectionId);
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            await WriteHtml(context, OgcHtml.Collection(baseUrl, collection, source.DateRange, [source.MinLon, source.MinLat, source.MaxLon, source.MaxLat]));
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            OgcCollections.Write(w, collection, source, baseUrl);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary><c>/collections/map</c>: the vector-tile collection.</summary>
    private static async Task Tiles(HttpContext context, MapState state)
    {
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, state.DataVersion, html ? "html" : "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            var sb = OgcHtml.Begin("The map (vector tiles)", baseUrl);
            OgcHtml.Links(sb, ($"{baseUrl}/collections/{OgcTiles.Map}/tiles", "Tilesets (JSON)"), (baseUrl + "/", "The web viewer"));
            await WriteHtml(context, OgcHtml.End(sb));
            return;
        }
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            OgcTiles.WriteCollection(w, state, baseUrl);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary><c>f=json</c> or <c>f=html</c>, else the Accept header: true for HTML. Any other <c>f</c> is a 400.</summary>
    private static bool Negotiate(HttpRequest request)
    {
        var f = QueryParsing.Single(request.Query, "f");
        if (f is not null and not ("json" or "html")) throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json or html");
        return OgcHttp.PrefersHtml(request, f);
    }

    private static Task WriteHtml(HttpContext context, string page)
    {
        context.Response.ContentType = OgcHttp.Html + "; charset=utf-8";
        return context.Response.WriteAsync(page, context.RequestAborted);
    }
}
