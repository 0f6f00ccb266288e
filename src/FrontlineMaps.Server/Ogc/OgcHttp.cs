using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Ogc;

/// <summary>Media types, URIs and small HTTP helpers shared by the OGC API – Features endpoints.</summary>
internal static class OgcHttp
{
    public const string Json = "application/json";
    public const string GeoJson = "application/geo+json";
    public const string OpenApiJson = "application/vnd.oai.openapi+json;version=3.0";
    public const string Html = "text/html";
    public const string Csv = "text/csv";
    public const string SchemaJson = "application/schema+json";
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public const string Gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    /// <summary>The conformance classes this server implements (Part 1: core, OpenAPI 3.0, GeoJSON, HTML).</summary>
    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        .. OgcTiles.ConformanceClasses,
    ];

    /// <summary>The absolute base address of the API (scheme, host, path base), without a trailing slash.</summary>
    public static string BaseUrl(HttpRequest request) => PublicAddress.Of(request);

    /// <summary>The absolute address of the current request, with its query string.</summary>
    public static string SelfUrl(HttpRequest request) => BaseUrl(request) + request.Path + request.QueryString;

    /// <summary>The current request's address with some query values replaced (null removes one).</summary>
    public static string WithQuery(HttpRequest request, params (string Name, string? Value)[] replace)
    {
        var values = new List<KeyValuePair<string, string?>>();
        foreach (var (key, vals) in request.Query)
        {
            if (replace.Any(r => r.Name == key)) continue;
            foreach (var v in vals) values.Add(new(key, v));
        }
        foreach (var (name, value) in replace)
            if (value is not null) values.Add(new(name, value));
        return QueryHelpers.AddQueryString(BaseUrl(request) + request.Path, values);
    }

    /// <summary>Writes one link object.</summary>
    public static void WriteLink(Utf8JsonWriter w, string href, string rel, string type, string? title = null)
    {
        w.WriteStartObject();
        w.WriteString("href", href);
        w.WriteString("rel", rel);
        w.WriteString("type", type);
        if (title is not null) w.WriteString("title", title);
        w.WriteEndObject();
    }

    /// <summary>An RFC 3339 UTC instant, to the second: the contract date (<see cref="DayFormat"/>) and a UTC time.</summary>
    public static string Rfc3339(DateTimeOffset t) => DayFormat.Instant(t);

    /// <summary>
    /// Whether the client prefers HTML: <c>f=html</c>, or (without <c>f</c>) an Accept header that ranks text/html above JSON
    /// (a browser). <c>*/*</c> alone, no Accept header, or a JSON type ranked equal or higher gives JSON.
    /// </summary>
    public static bool PrefersHtml(HttpRequest request, string? f)
    {
        if (f is not null) return f == "html";
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        double html = 0, json = 0;
        foreach (var m in accepted)
        {
            var q = m.Quality ?? 1.0;
            var type = m.MediaType.Value ?? "";
            if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase)) html = Math.Max(html, q);
            else if (type.Equals(Json, StringComparison.OrdinalIgnoreCase) || type.Equals(GeoJson, StringComparison.OrdinalIgnoreCase)
                     || type.Equals(OpenApiJson.Split(';')[0], StringComparison.OrdinalIgnoreCase) || type == "*/*")
                json = Math.Max(json, q);
        }
        return html > json;
    }

    /// <summary>
    /// Sets the validators of an OGC answer by the one scheme and policy (<see cref="DatedCaching.ETag(string, MapState, HttpRequest, string, bool)"/>,
    /// <see cref="DatedCaching.IsCurrent(HttpContext, string)"/>): a tag of the data token, the request and the
    /// <paramref name="representation"/> (weak when the body is not byte-stable), revalidated after <see cref="DatedCaching.ShortLived"/>,
    /// with <c>Vary: Accept</c> (the representation is negotiated). True when the client's copy is current: answer
    /// <see cref="DatedCaching.NotModified"/>.
    /// </summary>
    public static bool IsCurrent(HttpContext context, MapState state, string representation, bool weak = false)
    {
        var etag = DatedCaching.ETag("ogc", state, context.Request, "-" + representation, weak);
        context.Response.Headers.Vary = "Accept";
        return DatedCaching.IsCurrent(context, etag);
    }

    /// <summary>
    /// A JSON document as a typed result (<see cref="StreamedBody"/>), streamed when it executes: <paramref name="write"/> gets a
    /// writer over the body's PipeWriter and a callback that flushes what is written so far to the client (call it every few features).
    /// </summary>
    public static StreamedBody JsonBody(string contentType, Func<Utf8JsonWriter, Func<ValueTask>, ValueTask> write) =>
        new(contentType, async (body, cancel) =>
        {
            await using var w = new Utf8JsonWriter(body, GeoJsonFeatureEncoder.WriterOptions);
            async ValueTask Flush()
            {
                await w.FlushAsync(cancel);
                await body.FlushAsync(cancel);
            }
            await write(w, Flush);
            await w.FlushAsync(cancel);
        });

    /// <summary>A JSON document written in one go (metadata), as a typed streamed result (<see cref="JsonBody(string, Func{Utf8JsonWriter, Func{ValueTask}, ValueTask})"/>).</summary>
    public static StreamedBody JsonBody(string contentType, Action<Utf8JsonWriter> write) =>
        JsonBody(contentType, (w, _) =>
        {
            write(w);
            return ValueTask.CompletedTask;
        });

    /// <summary>Writes <paramref name="text"/> to the body as UTF-8 (no BOM) and flushes it to the client.</summary>
    public static async ValueTask WriteText(System.IO.Pipelines.PipeWriter body, string text, CancellationToken cancel)
    {
        System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, text.AsSpan(), body);
        await body.FlushAsync(cancel);
    }
}
