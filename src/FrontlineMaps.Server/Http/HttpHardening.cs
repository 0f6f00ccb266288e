using System.Net;
using System.Text;
using FrontlineMaps.Server.Ogc;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// What every response of the server keeps, whatever endpoint (or none) answers it:
/// <list type="bullet">
/// <item>HEAD works wherever GET does (RFC 9110 §9.3.2): a HEAD request is routed as a GET, and Kestrel sends the GET's
/// status and headers without the body.</item>
/// <item><c>X-Content-Type-Options: nosniff</c> on every response; HTML and SVG without a policy of their own (the viewer sets
/// its own) get a Content-Security-Policy that allows no script and no plug-in: HTML may not be framed
/// (<c>frame-ancestors 'none'</c>, <c>X-Frame-Options: DENY</c>), an SVG map is an image meant for articles and may be.</item>
/// <item>A bodiless error (an unknown route, a wrong method) becomes a problem document, or a small HTML page for a
/// browser, instead of ASP.NET Core's <c>text/plain</c> "Status Code: 404".</item>
/// </list>
/// </summary>
public static class HttpHardening
{
    /// <summary>CSP of the server's own HTML pages (OGC pages, error pages): inline style only.</summary>
    public const string HtmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>CSP of SVG maps: no script, nothing loaded; any page may show it.</summary>
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

    private const string HeadItem = "frontline:head";

    /// <summary>Routes HEAD as GET and adds the security headers; call first, before routing.</summary>
    public static void UseHttpHardening(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                // Kestrel keeps knowing that the request was HEAD and drops whatever body the GET handler writes.
                context.Items[HeadItem] = true;
                context.Request.Method = HttpMethods.Get;
            }
            context.Response.OnStarting(static state => AddSecurityHeaders((HttpContext)state), context);
            return next(context);
        });
    }

    /// <summary>True when the request arrived as HEAD (it is routed as GET).</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(HeadItem);

    private static Task AddSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var type = context.Response.ContentType ?? "";
        if (headers.ContentSecurityPolicy.Count == 0)
        {
            if (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = HtmlPolicy;
                headers.XFrameOptions = "DENY";
                if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }
            else if (type.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase))
                headers.ContentSecurityPolicy = SvgPolicy;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The body of a response that has none (404 of an unknown route, 405): a problem document naming <c>path</c> (or
    /// <c>method</c>), or an HTML page when the client prefers HTML (a browser).
    /// </summary>
    public static async Task StatusCodePage(HttpContext context)
    {
        var response = context.Response;
        var status = response.StatusCode;
        var title = Problems.TitleOf(status) is var t && t != "Error" ? t : ReasonPhrase(status);
        var detail = status switch
        {
            404 => $"nothing is at '{context.Request.Path}'; see /api for every path this server serves",
            405 => $"'{(IsHead(context) ? "HEAD" : context.Request.Method)}' is not allowed on '{context.Request.Path}'",
            _ => title,
        };
        if (OgcHttp.PrefersHtml(context.Request, null))
        {
            var html = new StringBuilder()
                .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(status).Append(' ').Append(OgcHtml.E(title))
                .Append("</title>\n</head>\n<body>\n<h1>").Append(status).Append(' ').Append(OgcHtml.E(title)).Append("</h1>\n<p>").Append(OgcHtml.E(detail))
                .Append("</p>\n<p><a href=\"").Append(OgcHtml.E($"{context.Request.PathBase}/")).Append("\">Home</a></p>\n</body>\n</html>\n").ToString();
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(html, context.RequestAborted);
            return;
        }
        await Results.Problem(statusCode: status, title: title, type: Problems.TypeOf(status), detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = status == 405 ? "method" : "path" }).ExecuteAsync(context);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : ((HttpStatusCode)status).ToString();
}
