using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Ogc.OpenApi;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;


namespace FrontlineMaps.Server.Viewer;

/// <summary>
/// The web viewer: <c>/</c> for browsers (GIS clients keep the OGC API landing page; <c>/?f=html</c> is its HTML view), the
/// embeddable map at <c>/embed</c>, the built assets under <c>/assets/</c> (content-hashed names, cached as immutable, gzip when
/// accepted) and oEmbed at <c>/oembed</c>. Configuration: <c>FrontlineMaps:Viewer:BasemapUrl</c> (an XYZ raster tile URL for an
/// online basemap under the offline one) and <c>FrontlineMaps:Viewer:BasemapAttribution</c>.
/// </summary>
public static partial class ViewerEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>Serves the viewer page and its assets ahead of the OGC landing page and the static files.</summary>
    public static WebApplication UseViewer(this WebApplication app)
    {
        var files = new ViewerFiles(app.Environment);
        var settings = PageSettings.From(app.Configuration);
        var source = app.Services.GetRequiredService<MapSource>();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) { await next(context); return; }
            var path = request.Path.Value ?? "";
            if (path.StartsWith("/assets/", StringComparison.Ordinal))
            {
                if (!await ServeAsset(context, files, path["/assets/".Length..])) await next(context);
                return;
            }
            var isViewer = path == "/" && !request.Query.ContainsKey("f") && OgcHttp.PrefersHtml(request, null);
            var isEmbed = path is "/embed" or "/embed/";
            if ((isViewer || isEmbed) && files.Shell() is { } shell)
            {
                await ServePage(context, shell, settings, source, isEmbed);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Maps <c>/oembed</c> (the pages themselves are served ahead of routing, by <see cref="UseViewer"/>).</summary>
    public static IEndpointRouteBuilder MapViewer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oembed", OEmbed.Write).RejectUndeclaredQuery()
            .WithTags("Embedding").WithName("GetOEmbed").WithSummary("oEmbed 1.0 of a link to the viewer: an iframe of the same view")
            .WithParameterComponent("format", "oembedFormat")
            .Ok("An oEmbed 1.0 `rich` response: an iframe of `/embed` with the same view (default 800×500), and a thumbnail " +
                "(the PNG snapshot of the view, pinned with `known_at`, within maxwidth/maxheight; left out below 200 pixels).",
                OgcHttp.Json, ResponseSchemas.OEmbed)
            .Problem(400, "`url` missing or malformed, a malformed size or an unknown parameter.")
            .Problem(404, "A link to another site or page.")
            .Problem(422, "The link's date is outside the data.")
            .Problem(501, "format=xml.");
        return app;
    }

    /// <summary>What the page takes from configuration, read once at start: the online basemap and the CSP that admits it.</summary>
    private sealed record PageSettings(string? BasemapUrl, string? BasemapAttribution, string EmbedCsp, string PageCsp)
    {
        public static PageSettings From(IConfiguration configuration)
        {
            var url = configuration["FrontlineMaps:Viewer:BasemapUrl"];
            var basemapOrigin = OnlineOrigin(url);
            var csp = $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{basemapOrigin}; " +
                $"connect-src 'self'{basemapOrigin}; worker-src 'self' blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'";
            return new PageSettings(url, configuration["FrontlineMaps:Viewer:BasemapAttribution"], csp, csp + "; frame-ancestors 'self'");
        }
    }

    private static async Task ServePage(HttpContext context, string shell, PageSettings settings, MapSource source, bool embed)
    {
        var request = context.Request;
        var baseUrl = OgcHttp.BaseUrl(request);
        var name = Core.Domain.FreeText.ForMarkup(source.Current.Timeline.Dataset.Info.Name); // stored text: markup-safe in the page
        var pageUrl = baseUrl + request.Path + request.QueryString;
        var config = JsonSerializer.Serialize(new
        {
            basemapUrl = settings.BasemapUrl,
            basemapAttribution = settings.BasemapAttribution,
            title = name,
        });
        var html = HtmlEncoder.Default;
        var state = source.Current;
        var preview = LinkPreview.Of(request.Query, state);
        var head =
            $"<script id=\"fm-config\" type=\"application/json\">{config}</script>\n" +
            $"<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{html.Encode($"{baseUrl}/oembed?url={Uri.EscapeDataString(pageUrl)}&format=json")}\" " +
            $"title=\"{html.Encode("FrontlineMaps: " + name)}\">\n" +
            $"<link rel=\"alternate\" type=\"application/json\" href=\"{html.Encode(baseUrl + "/?f=json")}\" title=\"OGC API – Features landing page\">\n" +
            $"<meta name=\"description\" content=\"{html.Encode(LinkPreview.Description(state, preview))}\">\n" +
            LinkPreview.MetaTags(baseUrl, pageUrl, state, preview);
        var page = shell.Replace("<!--fm:head-->", head, StringComparison.Ordinal)
            .Replace("<title>FrontlineMaps</title>", $"<title>{html.Encode((embed ? "Map · " : "") + "FrontlineMaps: " + name)}</title>", StringComparison.Ordinal);
        var headers = context.Response.Headers;
        context.Response.ContentType = "text/html; charset=utf-8";
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.ContentSecurityPolicy = embed ? settings.EmbedCsp : settings.PageCsp;
        if (HttpMethods.IsHead(request.Method)) return;
        await context.Response.WriteAsync(page, context.RequestAborted);
    }

    private static string OnlineOrigin(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "";
        var probe = url.Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0").Replace("{s}", "a");
        return Uri.TryCreate(probe, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? $" {u.Scheme}://{u.Authority}" : "";
    }

    /// <summary>One built asset: hashed names are immutable; <c>.gz</c> is sent when the client accepts gzip.</summary>
    private static async Task<bool> ServeAsset(HttpContext context, ViewerFiles files, string name)
    {
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || name.Contains('/') || name.EndsWith(".gz", StringComparison.Ordinal)) return false;
        var file = files.Assets.GetFileInfo(name);
        if (!file.Exists || file.IsDirectory) return false;
        if (!ContentTypes.TryGetContentType(name, out var type)) type = "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json") type += "; charset=utf-8";
        var response = context.Response;
        var hashed = HashedName().IsMatch(name);
        response.Headers.CacheControl = hashed ? "public, max-age=31536000, immutable" : "no-cache";
        response.Headers.Vary = "Accept-Encoding";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        var gz = files.Assets.GetFileInfo(name + ".gz");
        var useGzip = gz.Exists && Conditional.AcceptsGzip(context.Request);
        var etag = $"\"{file.LastModified.UtcTicks:x}-{file.Length:x}{(useGzip ? "-gz" : "")}\"";
        response.Headers.ETag = etag;
        if (Conditional.IfNoneMatch(context.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }
        var body = useGzip ? gz : file;
        response.ContentType = type;
        if (useGzip) response.Headers.ContentEncoding = "gzip";
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return true;
        await response.SendFileAsync(body, context.RequestAborted);
        return true;
    }

    /// <summary>An asset name build.mjs content-hashed (<c>viewer-ABCD1234.js</c>): its bytes never change.</summary>
    [GeneratedRegex(@"-[A-Za-z0-9]{8,}\.[a-z]+$")]
    private static partial Regex HashedName();

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".txt"] = "text/plain";
        provider.Mappings[".woff2"] = "font/woff2";
        return provider;
    }
}
