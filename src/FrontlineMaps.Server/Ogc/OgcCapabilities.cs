using System.Text.Json;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Page = Microsoft.AspNetCore.Http.HttpResults.Results<FrontlineMaps.Server.Http.StreamedBody, Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult, Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult>;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// The metadata resources of the OGC API: landing page, conformance, this API's document, the collections, one collection
/// (the map of tiles too) and the map's tilesets. Each answers JSON, HTML where offered, or 304 when the client's copy is current.
/// </summary>
internal static class OgcCapabilities
{
    public static Page Tilesets(FormatQuery q, HttpContext context, MapState state)
    {
        NegotiateJson(q.F);
        if (OgcHttp.IsCurrent(context, state, "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
        {
            OgcTiles.WriteTilesets(w, baseUrl);
        });
    }

    public static Page Tileset(FormatQuery q, HttpContext context, MapState state)
    {
        NegotiateJson(q.F);
        if (OgcHttp.IsCurrent(context, state, "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
        {
            OgcTiles.WriteTileset(w, state, baseUrl);
        });
    }

    /// <summary>Only <c>f=json</c> (or none).</summary>
    private static void NegotiateJson(string? f)
    {
        if (f is not null && f != "json")
            throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json");
    }

    public static Page LandingPage(FormatQuery q, HttpContext context, MapState state)
    {
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        var name = state.Timeline.Dataset.Info.Name;
        if (html)
        {
            return Html(OgcHtml.Landing(baseUrl, name));
        }
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
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
        });
    }

    public static Page Conformance(FormatQuery q, HttpContext context, MapState state)
    {
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "json")) return NotModified;
        if (html)
        {
            return Html(OgcHtml.Conformance(OgcHttp.BaseUrl(context.Request), OgcHttp.ConformanceClasses));
        }
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("conformsTo");
            w.WriteStartArray();
            foreach (var c in OgcHttp.ConformanceClasses) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<Page> Api(FormatQuery q, HttpContext context, MapState state)
    {
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "openapi")) return NotModified;
        var doc = await ApiDescription.For(context.RequestServices, state, OgcHttp.BaseUrl(context.Request), context.RequestAborted);
        if (html)
        {
            using var parsed = System.Text.Json.JsonDocument.Parse(doc.ToJsonString());
            return Html(OgcHtml.Api(OgcHttp.BaseUrl(context.Request), parsed.RootElement));
        }
        return OgcHttp.JsonBody(OgcHttp.OpenApiJson, w =>
        {
            doc.WriteTo(w);
        });
    }

    public static Page Collections(FormatQuery q, HttpContext context, MapState state)
    {
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            return Html(OgcHtml.Collections(baseUrl));
        }
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
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
            foreach (var c in OgcCollections.All) OgcCollections.Write(w, c, state, baseUrl);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static Page Collection(FormatQuery q, HttpContext context, MapState state, string collectionId)
    {
        if (collectionId == OgcTiles.Map) return Tiles(q, context, state);
        var collection = OgcCollections.Find(collectionId);
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            return Html(OgcHtml.Collection(baseUrl, collection, state.DateRange, [state.MinLon, state.MinLat, state.MaxLon, state.MaxLat]));
        }
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
        {
            OgcCollections.Write(w, collection, state, baseUrl);
        });
    }

    /// <summary><c>/collections/map</c>: the vector-tile collection.</summary>
    private static Page Tiles(FormatQuery q, HttpContext context, MapState state)
    {
        var html = Negotiate(q.F, context.Request);
        if (OgcHttp.IsCurrent(context, state, html ? "html" : "json")) return NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        if (html)
        {
            var sb = OgcHtml.Begin("The map (vector tiles)", baseUrl);
            OgcHtml.Links(sb, ($"{baseUrl}/collections/{OgcTiles.Map}/tiles", "Tilesets (JSON)"), (baseUrl + "/", "The web viewer"));
            return Html(OgcHtml.End(sb));
        }
        return OgcHttp.JsonBody(OgcHttp.Json, w =>
        {
            OgcTiles.WriteCollection(w, state, baseUrl);
        });
    }

    /// <summary><c>f=json</c> or <c>f=html</c>, else the Accept header: true for HTML. Any other <c>f</c> is a 400.</summary>
    private static bool Negotiate(string? f, HttpRequest request)
    {
        if (f is not null and not ("json" or "html")) throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json or html");
        return OgcHttp.PrefersHtml(request, f);
    }

    private static ContentHttpResult Html(string page) => TypedResults.Content(page, OgcHttp.Html + "; charset=utf-8");

    private static StatusCodeHttpResult NotModified => DatedCaching.NotModified;
}
