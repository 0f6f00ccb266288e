using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// Rate limits (ASP.NET Core's rate limiter, fixed windows): writes per API key (<c>RateLimits:Writes:PermitLimit</c> per
/// <c>RateLimits:Writes:WindowSeconds</c>, default 600 per 60 s) and expensive reads per client address (static snapshots,
/// territory and front-line items, area statistics, comparisons and the change feeds: <c>RateLimits:ExpensiveReads:*</c>, default 600 per 60 s).
/// A limit of 0 turns that limiter off. Over the limit: 429 with <c>Retry-After</c> (seconds) and a problem document.
/// </summary>
public static class RateLimits
{
    private static readonly string[] ExpensivePrefixes =
        ["/snapshots/", "/api/stats/area", "/api/diff", "/api/changes.", "/collections/territory/items", "/collections/frontlines/items"];

    /// <summary>Adds the limiter.</summary>
    public static IServiceCollection AddFrontlineRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var writes = Window(configuration, "Writes");
            var reads = Window(configuration, "ExpensiveReads");
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                if (writes is not null && HttpMethods.IsPost(ctx.Request.Method))
                {
                    var who = ctx.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "ip:" + ctx.Connection.RemoteIpAddress;
                    return RateLimitPartition.GetFixedWindowLimiter("w:" + who, _ => writes);
                }
                if (reads is not null && IsExpensive(ctx.Request.Path))
                    return RateLimitPartition.GetFixedWindowLimiter("r:" + ctx.Connection.RemoteIpAddress, _ => reads);
                return RateLimitPartition.GetNoLimiter("");
            });
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: Problems.TitleOf(429), type: Problems.TypeOf(429),
                    detail: $"too many requests; retry after {seconds} s",
                    extensions: new Dictionary<string, object?> { ["parameter"] = HttpMethods.IsPost(http.Request.Method) ? "Authorization" : "path" })
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    private static bool IsExpensive(PathString path) =>
        ExpensivePrefixes.Any(p => path.StartsWithSegments(p.TrimEnd('/'), StringComparison.Ordinal) || (path.Value ?? "").StartsWith(p, StringComparison.Ordinal));

    private static FixedWindowRateLimiterOptions? Window(IConfiguration configuration, string name)
    {
        var limit = configuration.GetValue<int?>($"RateLimits:{name}:PermitLimit") ?? 600;
        var seconds = configuration.GetValue<double?>($"RateLimits:{name}:WindowSeconds") ?? 60;
        if (limit <= 0) return null;
        return new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromSeconds(Math.Max(1, seconds)),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
