using System.Net;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// Small self-contained HTML pages for every OGC API resource (the html conformance class), for people browsing the API.
/// The web viewer replaces the landing page later; these stay as the plain view of the data.
/// </summary>
internal static class OgcHtml
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}" +
        "code{background:#eee;padding:0 .2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}";

    /// <summary>
    /// Text for HTML: characters no document may hold (control characters, lone surrogates: a store may hold them) become
    /// U+FFFD (<see cref="Core.Domain.FreeText.ForMarkup"/>), then markup is escaped.
    /// </summary>
    public static string E(string? s) => WebUtility.HtmlEncode(Core.Domain.FreeText.ForMarkup(s ?? ""));

    /// <summary>Starts a page: doctype, head with title, body and a heading.</summary>
    public static StringBuilder Begin(string title, string baseUrl)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>")
          .Append(Style).Append("</style>\n</head>\n<body>\n<nav><a href=\"").Append(E(baseUrl + "/")).Append("\">Home</a> · <a href=\"")
          .Append(E(baseUrl + "/collections")).Append("\">Collections</a></nav>\n<h1>").Append(E(title)).Append("</h1>\n");
        return sb;
    }

    /// <summary>Ends a page.</summary>
    public static string End(StringBuilder sb) => sb.Append("</body>\n</html>\n").ToString();

    /// <summary>A paragraph of links.</summary>
    public static void Links(StringBuilder sb, params (string Href, string Label)[] links)
    {
        sb.Append("<p>");
        var first = true;
        foreach (var (href, label) in links)
        {
            if (!first) sb.Append(" · ");
            first = false;
            sb.Append("<a href=\"").Append(E(href)).Append("\">").Append(E(label)).Append("</a>");
        }
        sb.Append("</p>\n");
    }

    /// <summary>The landing page: the dataset name, the links and the collections.</summary>
    public static string Landing(string baseUrl, string name)
    {
        var sb = Begin(name, baseUrl);
        sb.Append("<p>Who held which place when, with sources. An OGC API – Features service.</p>\n<h2>Links</h2>\n<ul>\n");
        foreach (var (href, label) in new[]
                 {
                     ("/?f=json", "This page as JSON"), ("/api", "API definition (OpenAPI 3.0)"), ("/conformance", "Conformance classes"),
                     ("/collections", "Collections"),
                 })
            sb.Append("<li><a href=\"").Append(E(baseUrl + href)).Append("\">").Append(E(label)).Append("</a></li>\n");
        sb.Append("</ul>\n<h2>Collections</h2>\n");
        CollectionList(sb, baseUrl);
        return End(sb);
    }

    /// <summary>The collections page.</summary>
    public static string Collections(string baseUrl)
    {
        var sb = Begin("Collections", baseUrl);
        Links(sb, (baseUrl + "/collections?f=json", "JSON"), (baseUrl + "/collections/map/tiles", "The map as vector tiles (OGC API – Tiles)"));
        CollectionList(sb, baseUrl);
        return End(sb);
    }

    private static void CollectionList(StringBuilder sb, string baseUrl)
    {
        sb.Append("<dl>\n");
        foreach (var c in OgcCollections.All)
        {
            var href = $"{baseUrl}/collections/{c.Id}";
            sb.Append("<dt><a href=\"").Append(E(href)).Append("\">").Append(E(c.Title)).Append("</a> <code>").Append(E(c.Id)).Append("</code> — <a href=\"")
              .Append(E(href + "/items")).Append("\">items</a>");
            if (c.Csv) sb.Append(", <a href=\"").Append(E(href + "/items?f=csv")).Append("\">CSV</a>");
            sb.Append("</dt>\n<dd>").Append(E(c.Description)).Append("</dd>\n");
        }
        sb.Append("</dl>\n");
    }

    /// <summary>One collection's page.</summary>
    public static string Collection(string baseUrl, OgcCollection c, (DateOnly First, DateOnly Last) dates, double[] bbox)
    {
        var href = $"{baseUrl}/collections/{c.Id}";
        var sb = Begin(c.Title, baseUrl);
        sb.Append("<p>").Append(E(c.Description)).Append("</p>\n");
        Links(sb, (href + "/items", "Items"), (href + "/items?f=json", "Items (GeoJSON)"), (href + "?f=json", "This page as JSON"));
        sb.Append("<table>\n<tr><th>id</th><td><code>").Append(E(c.Id)).Append("</code></td></tr>\n<tr><th>extent</th><td>")
          .Append(E(string.Join(", ", bbox.Select(v => v.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)))))
          .Append(" (CRS84)</td></tr>\n<tr><th>dates</th><td>").Append(DayFormat.Of(dates.First)).Append(" to ").Append(DayFormat.Of(dates.Last))
          .Append("</td></tr>\n<tr><th>parameters</th><td>").Append(E(string.Join(", ", c.Parameters))).Append("</td></tr>\n</table>\n");
        return End(sb);
    }

    /// <summary>The conformance page.</summary>
    public static string Conformance(string baseUrl, IEnumerable<string> classes)
    {
        var sb = Begin("Conformance", baseUrl);
        Links(sb, (baseUrl + "/conformance?f=json", "JSON"));
        sb.Append("<ul>\n");
        foreach (var c in classes) sb.Append("<li><code>").Append(E(c)).Append("</code></li>\n");
        sb.Append("</ul>\n");
        return End(sb);
    }

    /// <summary>The API page (service-doc): the operations, with a link to the OpenAPI document.</summary>
    public static string Api(string baseUrl, JsonElement openApi)
    {
        var sb = Begin("API", baseUrl);
        Links(sb, (baseUrl + "/api?f=json", "OpenAPI 3.0 document (JSON)"));
        var components = openApi.GetProperty("components").GetProperty("parameters");
        sb.Append("<table>\n<tr><th>operation</th><th>summary</th><th>parameters</th></tr>\n");
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var names = operation.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => p.TryGetProperty("$ref", out var r)
                        ? components.GetProperty(r.GetString()!.Split('/')[^1]).GetProperty("name").GetString()
                        : p.GetProperty("name").GetString())
                    : [];
                var secured = operation.Value.TryGetProperty("security", out _) ? " (API key)" : "";
                sb.Append("<tr><td><code>").Append(E(operation.Name.ToUpperInvariant())).Append(' ').Append(E(path.Name)).Append("</code></td><td>")
                  .Append(E(operation.Value.GetProperty("summary").GetString() + secured))
                  .Append("</td><td>").Append(E(string.Join(", ", names))).Append("</td></tr>\n");
            }
        sb.Append("</table>\n");
        return End(sb);
    }

    /// <summary>One feature as a table row: id (linked), geometry type and properties.</summary>
    public static void FeatureRow(StringBuilder sb, string itemsUrl, ReadOnlySpan<byte> featureJson, string query)
    {
        using var doc = JsonDocument.Parse(featureJson.ToArray());
        var f = doc.RootElement;
        var id = f.GetProperty("id").GetString() ?? "";
        var geometry = f.GetProperty("geometry");
        sb.Append("<tr><td><a href=\"").Append(E($"{itemsUrl}/{Uri.EscapeDataString(id)}{query}")).Append("\">").Append(E(id)).Append("</a></td><td>")
          .Append(E(geometry.ValueKind == JsonValueKind.Object ? geometry.GetProperty("type").GetString() : "none")).Append("</td><td>");
        Properties(sb, f.GetProperty("properties"));
        sb.Append("</td></tr>\n");
    }

    /// <summary>A feature's properties as a compact definition list.</summary>
    public static void Properties(StringBuilder sb, JsonElement properties)
    {
        foreach (var p in properties.EnumerateObject())
        {
            var value = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null => "—",
                _ => p.Value.GetRawText(),
            };
            sb.Append("<b>").Append(E(p.Name)).Append("</b>: ").Append(E(value)).Append("<br>");
        }
    }
}
