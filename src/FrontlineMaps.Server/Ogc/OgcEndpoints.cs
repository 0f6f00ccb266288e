using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// OGC API – Features (Part 1: Core, with datetime): landing page <c>/</c> (JSON, or HTML for browsers), <c>/conformance</c>,
/// <c>/api</c> (OpenAPI 3.0), <c>/collections</c>, <c>/collections/{collectionId}</c>, <c>/collections/{collectionId}/items</c> and
/// <c>/collections/{collectionId}/items/{featureId}</c> for the collections places, changes, territory, frontlines and factions.
/// </summary>
public static class OgcEndpoints
{
    /// <summary>Maps the OGC API – Features endpoints.</summary>
    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        static OgcItems Items(MapState state) => state.OgcItems;

        app.MapGet("/", (HttpContext context, MapState source) => LandingPage(context, source)).ExcludeFromDescription();
        app.MapGet("/conformance", (HttpContext context, MapState source) => Conformance(context, source));
        app.MapGet("/api", (HttpContext context, MapState source) => Api(context, source));
        app.MapGet("/collections", (HttpContext context, MapState source) => Collections(context, source));
        app.MapGet("/collections/{collectionId}", (HttpContext context, string collectionId, MapState source) => Collection(context, source, collectionId));
        app.MapGet("/collections/{collectionId}/queryables", (HttpContext context, string collectionId, MapState source) =>
            OgcQueryables.Write(context, source, collectionId));
        app.MapGet("/collections/{collectionId}/items", (HttpContext context, string collectionId, MapState source) =>
            Items(source).WriteItems(context, OgcCollections.Find(collectionId)));
        app.MapGet("/collections/{collectionId}/items/{featureId}", (HttpContext context, string collectionId, string featureId, MapState source) =>
            Items(source).WriteItem(context, OgcCollections.Find(collectionId), featureId));
        return app;
    }

    private static async Task LandingPage(HttpContext context, MapState source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
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
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Conformance(HttpContext context, MapState source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
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
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        var html = Negotiate(context.Request);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "openapi")) return;
        var doc = OpenApiDocument.Build(OgcHttp.BaseUrl(context.Request), source.Timeline.Dataset.Info.Name);
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
        QueryParsing.RejectUnknown(context.Request.Query, "f");
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
        var collection = OgcCollections.Find(collectionId);
        QueryParsing.RejectUnknown(context.Request.Query, "f");
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
