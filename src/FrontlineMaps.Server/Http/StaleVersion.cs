using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The endpoint filter that answers a stale <c>v</c> (an old TileJSON or viewer state naming an earlier data version) with a
/// <c>302</c> to the same URL (path and every other query parameter as sent) with the current <c>v</c> and
/// <c>Cache-Control: no-cache</c>, before the handler runs, so nothing stale is cached under an immutable URL. A malformed <c>v</c> is a 400 naming it. <c>v</c> and the map state are taken from
/// the handler's bound <see cref="DatedQuery"/> when it has one (bound once), else from the query and the request's services.
/// Use: <c>app.MapGroup("/tiles").RejectUndeclaredQuery().RedirectStaleVersion()</c>; the handler then sees only an absent or
/// current <c>v</c>, and <see cref="DatedRequest.Pinned"/> says which.
/// </summary>
public static class StaleVersion
{
    /// <summary>Adds the filter to every endpoint built from <paramref name="builder"/>.</summary>
    public static TBuilder RedirectStaleVersion<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var index = Array.FindIndex(context.MethodInfo.GetParameters(), p => p.ParameterType == typeof(DatedQuery));
            return invocation =>
            {
                var http = invocation.HttpContext;
                string? v;
                MapState state;
                if (index >= 0 && invocation.Arguments[index] is DatedQuery query) (v, state) = (DatedCaching.Version(query.V), query.State);
                else (v, state) = (DatedCaching.Version(http.Request), http.RequestServices.GetRequiredService<MapState>());
                if (v is null || v == state.ETagToken) return next(invocation);
                http.Response.Headers.CacheControl = DatedCaching.RedirectCaching;
                return ValueTask.FromResult<object?>(TypedResults.Redirect(DatedCaching.WithVersion(http.Request, state.ETagToken)));
            };
        });
}
