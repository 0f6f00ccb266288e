using System.Net;
using System.Text;
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
        var source = app.ServiceProvider.GetRequiredService<MapSource>();
        var items = new OgcItems(source, app.ServiceProvider.GetRequiredService<DerivedCache>());

        app.MapGet("/", (HttpContext context) => LandingPage(context, source)).ExcludeFromDescription();
        app.MapGet("/conformance", (HttpContext context) => Conformance(context, source));
        app.MapGet("/api", (HttpContext context) => Api(context, source));
        app.MapGet("/collections", (HttpContext context) => Collections(context, source));
        app.MapGet("/collections/{collectionId}", (HttpContext context, string collectionId) => Collection(context, source, collectionId));
        app.MapGet("/collections/{collectionId}/items", (HttpContext context, string collectionId) =>
            items.WriteItems(context, OgcCollections.Find(collectionId)));
        app.MapGet("/collections/{collectionId}/items/{featureId}", (HttpContext context, string collectionId, string featureId) =>
            items.WriteItem(context, OgcCollections.Find(collectionId), featureId));
        return app;
    }

    private static async Task LandingPage(HttpContext context, MapSource source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        var f = QueryParsing.Single(context.Request.Query, "f");
        if (f is not null and not ("json" or "html")) throw ProblemException.BadRequest("f", $"'{f}' is not a format of the landing page: expected json or html");
        var html = OgcHttp.PrefersHtml(context.Request, f);
        if (OgcHttp.NotModified(context, source.DataVersion, html ? "html" : "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        var name = source.Timeline.Dataset.Info.Name;
        if (html)
        {
            context.Response.ContentType = OgcHttp.Html + "; charset=utf-8";
            await context.Response.WriteAsync(LandingHtml(baseUrl, name), context.RequestAborted);
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
            OgcHttp.WriteLink(w, baseUrl + "/conformance", "conformance", OgcHttp.Json, "OGC API conformance classes implemented by this server");
            OgcHttp.WriteLink(w, baseUrl + "/collections", "data", OgcHttp.Json, "the feature collections");
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static string LandingHtml(string baseUrl, string name)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>FrontlineMaps: ").Append(E(name)).Append("</title>\n")
          .Append("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2em}</style>\n")
          .Append("</head>\n<body>\n<h1>").Append(E(name)).Append("</h1>\n")
          .Append("<p>Who held which place when, with sources. An OGC API – Features service.</p>\n<h2>Links</h2>\n<ul>\n");
        foreach (var (href, label) in new[]
                 {
                     ("/?f=json", "This page as JSON"), ("/api", "API definition (OpenAPI 3.0)"), ("/conformance", "Conformance classes"),
                     ("/collections", "Collections (JSON)"),
                 })
            sb.Append("<li><a href=\"").Append(E(baseUrl + href)).Append("\">").Append(E(label)).Append("</a></li>\n");
        sb.Append("</ul>\n<h2>Collections</h2>\n<dl>\n");
        foreach (var c in OgcCollections.All)
        {
            var href = $"{baseUrl}/collections/{c.Id}";
            sb.Append("<dt><a href=\"").Append(E(href)).Append("\">").Append(E(c.Title)).Append("</a> <code>").Append(E(c.Id)).Append("</code> — <a href=\"")
              .Append(E(href + "/items")).Append("\">items (GeoJSON)</a>");
            if (c.Csv) sb.Append(", <a href=\"").Append(E(href + "/items?f=csv")).Append("\">CSV</a>");
            sb.Append("</dt>\n<dd>").Append(E(c.Description)).Append("</dd>\n");
        }
        sb.Append("</dl>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static async Task Conformance(HttpContext context, MapSource source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        RequireJson(context.Request.Query);
        if (OgcHttp.NotModified(context, source.DataVersion, "json")) return;
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

    private static async Task Api(HttpContext context, MapSource source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        RequireJson(context.Request.Query);
        if (OgcHttp.NotModified(context, source.DataVersion, "openapi")) return;
        var doc = OpenApiDocument.Build(OgcHttp.BaseUrl(context.Request), source.Timeline.Dataset.Info.Name);
        await OgcHttp.StreamJson(context, OgcHttp.OpenApiJson, (w, _) =>
        {
            doc.WriteTo(w);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Collections(HttpContext context, MapSource source)
    {
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        RequireJson(context.Request.Query);
        if (OgcHttp.NotModified(context, source.DataVersion, "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("links");
            w.WriteStartArray();
            OgcHttp.WriteLink(w, baseUrl + "/collections", "self", OgcHttp.Json, "the feature collections");
            w.WriteEndArray();
            w.WritePropertyName("collections");
            w.WriteStartArray();
            foreach (var c in OgcCollections.All) OgcCollections.Write(w, c, source, baseUrl);
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Collection(HttpContext context, MapSource source, string collectionId)
    {
        var collection = OgcCollections.Find(collectionId);
        QueryParsing.RejectUnknown(context.Request.Query, "f");
        RequireJson(context.Request.Query);
        if (OgcHttp.NotModified(context, source.DataVersion, "json")) return;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        await OgcHttp.StreamJson(context, OgcHttp.Json, (w, _) =>
        {
            OgcCollections.Write(w, collection, source, baseUrl);
            return ValueTask.CompletedTask;
        });
    }

    private static void RequireJson(IQueryCollection query)
    {
        var f = QueryParsing.Single(query, "f");
        if (f is not null and not "json") throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json");
    }
}
