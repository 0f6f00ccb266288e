using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The one ETag scheme and Cache-Control policy of dated resources (tiles, TileJSON, snapshot GeoJSON, SVG and PNG, and the OGC API's metadata and items, which no
/// path date or <c>v</c> pins): <see cref="ETag"/>, <see cref="CacheControl(DatedRequest)"/> and <see cref="IsCurrent"/>, with the stale-<c>v</c>
/// redirect in <see cref="StaleVersion"/>. Editors can still record something about a
/// past date, so a dated URL alone does not pin its content. A URL is cached as immutable only when it carries
/// <c>?v=</c> equal to the data token served now (<see cref="MapState.ETagToken"/>: it changes with every write, and a URL with
/// a given <c>v</c> only ever answers with that version's content). Without <c>v</c> the response lives
/// <see cref="ShortLived"/> and is revalidated with its strong ETag. A <c>v</c> of another version (a client holding an old
/// TileJSON or viewer state) is answered with a <c>302</c> to the same URL with the current <c>v</c>, marked
/// <c>no-cache</c>, so nothing stale is cached under an immutable URL. <c>known_at</c> does not pin: <c>recorded_at</c> is the
/// writer's clock (a server's or the CLI's), and nothing makes a later record's instant later than an earlier one's (two servers
/// with skewed clocks, a clock stepped back), so a record about the past may still appear with an instant before any cut-off.
/// </summary>
public static class DatedCaching
{
    /// <summary>The query parameter carrying the data token.</summary>
    public const string Parameter = "v";

    /// <summary>Cache-Control of a response pinned by <c>v</c>: its content never changes.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>Cache-Control of a dated response without <c>v</c> (and of the latest map): revalidated after a minute.</summary>
    public const string ShortLived = "public, max-age=60";

    /// <summary>Cache-Control of the redirect from a stale <c>v</c>.</summary>
    public const string RedirectCaching = "no-cache";

    private const int MaxLength = Conditional.MaxTokenLength;

    /// <summary>
    /// The <c>v</c> of the request, or null when absent. Malformed (empty, too long, a character outside letters, digits,
    /// <c>.</c>, <c>-</c> and <c>_</c>, or repeated): a 400 naming <c>v</c>.
    /// </summary>
    public static string? Version(HttpRequest request) => Version(QueryParsing.Single(request.Query, Parameter));

    /// <summary>A bound <c>v</c> checked: null when absent, else the token; malformed: a 400 naming <c>v</c>.</summary>
    public static string? Version(string? value)
    {
        if (value is null) return null;
        if (value.Length is 0 or > MaxLength || !value.All(Conditional.IsTokenChar))
            throw ProblemException.BadRequest(Parameter, $"'{value}' is not a data version token (1 to {MaxLength} letters, digits, '.', '-' or '_', as /api/timeline gives in 'url_version')");
        return value;
    }

    /// <summary>
    /// The one ETag scheme of dated resources: a strong tag <c>"{kind}-{token}-k{knowledge}-s{state}{variant}"</c> of what the
    /// content depends on: the data token (<see cref="MapState.ETagToken"/>), the knowledge version, the timeline's state key
    /// (two dates with no change between them share a tag; <c>none</c> before any record) and the representation
    /// (<paramref name="variant"/>, e.g. <c>-places</c>, a layer set or a coding; empty for the default).
    /// </summary>
    /// <param name="kind">What the resource is, stable across versions (<c>mvt1</c>, <c>geojson</c>, <c>svg</c>).</param>
    /// <param name="at">The dated request (data token and knowledge).</param>
    /// <param name="stateKey">The timeline's state key at the request's day and knowledge (<see cref="DatedRequest.StateKey"/>).</param>
    /// <param name="variant">The representation's suffix, starting with '-' (or empty).</param>
    public static string ETag(string kind, DatedRequest at, long stateKey, string variant = "")
    {
        var state = stateKey == long.MinValue ? "none" : stateKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"\"{kind}-{at.State.ETagToken}-k{at.Knowledge}-s{state}{variant}\"";
    }

    /// <summary>
    /// The same scheme for a resource that no path date and no <c>v</c> pins (the OGC API's metadata, items pages and features:
    /// their query is what they show): <c>"{kind}-{token}-q{hash}{variant}"</c>, the data token (<see cref="MapState.ETagToken"/>)
    /// and a hash of the request's path and query (selection, page, date and knowledge as sent). <paramref name="weak"/> gives
    /// <c>W/"…"</c> for a body that is not byte-stable between two encodings of the same data (an OGC items page's
    /// <c>timeStamp</c> is the instant it was written), so that it stays revalidatable (<c>If-None-Match</c> compares weakly)
    /// without claiming byte equality.
    /// </summary>
    /// <param name="kind">What the resource is (<c>ogc</c>).</param>
    /// <param name="state">The map state answered from.</param>
    /// <param name="request">The request: its path and query are part of the tag.</param>
    /// <param name="variant">The representation's suffix, starting with '-' (e.g. <c>-json</c>, <c>-html</c>).</param>
    /// <param name="weak">True for a body that differs byte for byte between encodings.</param>
    public static string ETag(string kind, MapState state, HttpRequest request, string variant = "", bool weak = false)
    {
        var text = $"{request.Path}{request.QueryString}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
        var tag = $"\"{kind}-{state.ETagToken}-q{hash}{variant}\"";
        return weak ? "W/" + tag : tag;
    }

    /// <summary>
    /// The one Cache-Control policy of dated resources: <see cref="Immutable"/> when <c>v</c> pins the URL
    /// (<see cref="DatedRequest.Pinned"/>), except for <c>latest</c> while the log is empty (then "latest" means today); else
    /// <see cref="ShortLived"/>.
    /// </summary>
    public static string CacheControl(DatedRequest at) =>
        at.Pinned && !(at.Latest && at.State.Timeline.LastDate is null) ? Immutable : ShortLived;

    /// <summary>
    /// Sets a dated response's validators: <c>ETag</c> = <paramref name="etag"/> (see <see cref="ETag"/>) and
    /// <c>Cache-Control</c> by <see cref="CacheControl(DatedRequest)"/>; true when the request's <c>If-None-Match</c> names the
    /// tag, and the handler should answer <c>304 Not Modified</c> (<see cref="NotModified"/>) without encoding anything.
    /// </summary>
    public static bool IsCurrent(HttpContext context, DatedRequest at, string etag)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl(at);
        headers.ETag = etag;
        return Conditional.IfNoneMatch(context.Request, etag);
    }

    /// <summary>
    /// Sets the validators of a resource no URL pins (<see cref="ETag(string, MapState, HttpRequest, string, bool)"/>):
    /// <c>ETag</c> = <paramref name="etag"/> and <see cref="ShortLived"/>, the policy of every dated response without <c>v</c>;
    /// true when the request's <c>If-None-Match</c> names the tag (answer <see cref="NotModified"/>).
    /// </summary>
    public static bool IsCurrent(HttpContext context, string etag)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = ShortLived;
        headers.ETag = etag;
        return Conditional.IfNoneMatch(context.Request, etag);
    }

    /// <summary>The <c>304 Not Modified</c> answer to a request <see cref="IsCurrent"/> found current.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult NotModified => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    /// <summary>The query of a versioned URL: <c>v=TOKEN</c>, then the given parameters (values escaped), joined with '&amp;'.</summary>
    public static string Query(MapState state, params (string Name, string? Value)[] parameters)
    {
        var parts = new List<string> { $"{Parameter}={state.ETagToken}" };
        foreach (var (name, value) in parameters)
            if (value is not null) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        return string.Join('&', parts);
    }

    /// <summary>The request's path-absolute URL with <c>v</c> set to <paramref name="token"/>; every other parameter kept as sent.</summary>
    internal static string WithVersion(HttpRequest request, string token)
    {
        var parts = new List<string>();
        var replaced = false;
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString((part.Split('=', 2)[0]).Replace('+', ' '));
            if (name != Parameter) parts.Add(part);
            else if (!replaced)
            {
                parts.Add($"{Parameter}={token}");
                replaced = true;
            }
        }
        if (!replaced) parts.Add($"{Parameter}={token}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', parts)}";
    }
}
