using Microsoft.AspNetCore.HttpOverrides;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// Where absolute URLs in responses (OGC links, TileJSON tile URLs, oEmbed, feeds, link previews) point. Many responses are
/// cacheable, so taking the host from the request would let anyone who can send a <c>Host</c> header put their own address into
/// a cached document. Three settings decide (docs/deployment.md):
/// <list type="bullet">
/// <item><c>FrontlineMaps:PublicBaseUrl</c> (e.g. <c>https://maps.example.org</c>): every absolute URL starts with it, whatever the request says.</item>
/// <item><c>FrontlineMaps:ForwardedHeaders:KnownProxies</c> (IP addresses): <c>X-Forwarded-Proto</c>/<c>-Host</c>/<c>-For</c> are
/// trusted from those proxies only, never from anyone else.</item>
/// <item>Neither: URLs follow the request's scheme and <c>Host</c>, and every response says <c>Vary: Host</c>, so that no cache
/// serves one host's document to another.</item>
/// </list>
/// </summary>
public sealed record PublicAddress(string? BaseUrl, IReadOnlyList<System.Net.IPAddress> KnownProxies)
{
    /// <summary>Reads and checks the settings (an invalid one stops the server at start with the setting named).</summary>
    public static PublicAddress From(IConfiguration configuration)
    {
        string? baseUrl = configuration["FrontlineMaps:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || u.Query.Length > 0 || u.Fragment.Length > 0)
                throw new InvalidOperationException($"FrontlineMaps:PublicBaseUrl: '{baseUrl}' is not an absolute http(s) URL without query or fragment");
            baseUrl = baseUrl.TrimEnd('/');
        }
        else baseUrl = null;
        var proxies = new List<System.Net.IPAddress>();
        foreach (var text in configuration.GetSection("FrontlineMaps:ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            proxies.Add(System.Net.IPAddress.TryParse(text, out var ip) ? ip
                : throw new InvalidOperationException($"FrontlineMaps:ForwardedHeaders:KnownProxies: '{text}' is not an IP address"));
        return new PublicAddress(baseUrl, proxies);
    }

    /// <summary>The absolute base of this request's URLs: the configured one, else the request's scheme, host and path base.</summary>
    public static string Of(HttpRequest request) =>
        request.HttpContext.RequestServices.GetService<PublicAddress>()?.BaseUrl is { } configured
            ? configured + request.PathBase
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}

/// <summary>Wires <see cref="PublicAddress"/> into the pipeline.</summary>
public static class PublicAddressExtensions
{
    /// <summary>Registers the settings.</summary>
    public static IServiceCollection AddPublicAddress(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(PublicAddress.From(configuration));

    /// <summary>Trusts forwarded headers from the configured proxies only; adds <c>Vary: Host</c> where no public URL is set.</summary>
    public static WebApplication UsePublicAddress(this WebApplication app)
    {
        var address = app.Services.GetRequiredService<PublicAddress>();
        if (address.KnownProxies.Count > 0)
        {
            var options = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            };
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var ip in address.KnownProxies) options.KnownProxies.Add(ip);
            app.UseForwardedHeaders(options);
        }
        if (address.BaseUrl is null)
            app.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var vary = context.Response.Headers.Vary;
                    if (!vary.Any(v => v is not null && v.Split(',').Any(p => p.Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))))
                        context.Response.Headers.Vary = Microsoft.Extensions.Primitives.StringValues.Concat(vary, "Host");
                    return Task.CompletedTask;
                });
                return next(context);
            });
        return app;
    }
}
