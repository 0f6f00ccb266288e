using Microsoft.AspNetCore.Cors.Infrastructure;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The cross-origin policy (docs/api.md, "Cross-origin requests"). Any origin may read (GET, HEAD) and may write (POST):
/// the only credential is an API key a script must hold and send itself in <c>Authorization</c>; no cookie or other ambient
/// credential exists, and credentials mode is never allowed, so a page on another site cannot act with a visitor's
/// rights (no cross-site request forgery). A preflight may ask for the headers clients use (conditional requests,
/// authentication, JSON bodies, idempotent retries) and is cached for two hours, the most Chromium honours.
/// </summary>
public static class CrossOrigin
{
    /// <summary>Request headers a cross-origin script may send.</summary>
    public static readonly string[] AllowedHeaders =
        ["Authorization", "Content-Type", "If-Match", "If-None-Match", "If-Modified-Since", "Idempotency-Key", "Accept", "Accept-Language"];

    /// <summary>Response headers a cross-origin script may read.</summary>
    public static readonly string[] ExposedHeaders =
        ["ETag", "Link", "Location", "Retry-After", "X-Data-Version", "Idempotent-Replayed", "Content-Disposition"];

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(2);

    /// <summary>Configures the default policy.</summary>
    public static void Policy(CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin()
        .WithMethods("GET", "HEAD", "POST")
        .WithHeaders(AllowedHeaders)
        .WithExposedHeaders(ExposedHeaders)
        .SetPreflightMaxAge(PreflightMaxAge);
}
