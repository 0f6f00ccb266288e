using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The parameters every dated resource shares, bound once with <c>[AsParameters]</c>: the <c>{date}</c> path segment, the
/// optional <c>known_at</c> ("the map as published then") and <c>v</c> (the data token that pins the URL, see
/// <see cref="DatedCaching"/>), and the one <see cref="MapState"/> the request reads. Only <c>[FromQuery]</c> members count as
/// the endpoint's query parameters (<see cref="DeclaredQuery"/>). Checked in one place, <see cref="Resolve"/>.
/// </summary>
/// <example><code>
/// group.MapGet("/{date}.geojson", (
///     [AsParameters] DatedQuery query) => { var at = query.Resolve(); ... });
/// </code></example>
/// <param name="Date">The <c>{date}</c> path segment: <c>YYYY-MM-DD</c> or an RFC 3339 date-time (and <c>latest</c> where allowed).</param>
/// <param name="KnownAt">The <c>known_at</c> query value, as sent.</param>
/// <param name="V">The <c>v</c> query value, as sent.</param>
/// <param name="State">The map state of the request (one per request, see <see cref="MapSource.Current"/>).</param>
public sealed record DatedQuery(
    [FromRoute(Name = "date")] string Date,
    [FromQuery(Name = "known_at")] string? KnownAt,
    [FromQuery(Name = DatedCaching.Parameter)] string? V,
    [FromServices] MapState State)
{
    /// <summary>
    /// Parses and checks the date and <c>known_at</c> against the data, and computes the knowledge version once:
    /// <list type="bullet">
    /// <item>the date: 400 naming <paramref name="dateParameter"/> when malformed, 422 outside the span the data answers;
    /// <c>latest</c> (when <paramref name="allowLatest"/>) is the last day with data;</item>
    /// <item><c>known_at</c>: 400 naming it when malformed or not representable;</item>
    /// <item><c>v</c>: 400 naming it when malformed (a stale one was redirected before, by <see cref="StaleVersion"/>).</item>
    /// </list>
    /// </summary>
    /// <param name="allowLatest">True where <c>latest</c> may stand for the date (tiles, TileJSON).</param>
    /// <param name="dateParameter">The name errors give the date (<c>datetime</c> on the OGC tile path).</param>
    public DatedRequest Resolve(bool allowLatest = false, string dateParameter = "date") =>
        Resolve(State, Date, KnownAt, V, allowLatest, dateParameter);

    /// <summary><see cref="Resolve(bool, string)"/> for values bound otherwise (a date from another parameter).</summary>
    public static DatedRequest Resolve(MapState state, string date, string? knownAt, string? v, bool allowLatest = false, string dateParameter = "date")
    {
        var latest = allowLatest && date == "latest";
        var (first, last) = state.DateRange;
        DateOnly day;
        if (latest) day = last;
        else
        {
            day = QueryParsing.ParseDay(dateParameter, date);
            QueryParsing.RequireWithinData(dateParameter, day, first, last);
        }
        var instant = ParseKnownAt(knownAt);
        var token = DatedCaching.Version(v);
        return new DatedRequest(state, day, latest, instant, knownAt, state.Timeline.VersionOf(instant), token is not null && token == state.ETagToken);
    }

    /// <summary>Parses an optional <c>known_at</c> (400 naming it when malformed or outside the representable instants).</summary>
    public static DateTimeOffset? ParseKnownAt(string? value)
    {
        if (value is null) return null;
        try
        {
            return QueryParsing.ParseKnownAt("known_at", value);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw ProblemException.BadRequest("known_at", $"'{value}' is outside the range of representable instants");
        }
    }
}

/// <summary>
/// A dated request, checked (<see cref="DatedQuery.Resolve(bool, string)"/>): what every dated handler, ETag and cache key needs,
/// computed once per request and passed down.
/// </summary>
/// <param name="State">The map state the request reads.</param>
/// <param name="Day">The valid-time day shown.</param>
/// <param name="Latest">True when the URL said <c>latest</c> rather than a date.</param>
/// <param name="KnownAt">The recorded-time cut-off, or null for everything recorded.</param>
/// <param name="KnownAtText"><c>known_at</c> as sent (for links that carry it on), or null.</param>
/// <param name="Knowledge">The knowledge version of <see cref="KnownAt"/> (<c>ControlTimeline.VersionOf</c>), computed once.</param>
/// <param name="Pinned">True when <c>v</c> names the data served now: the response may be cached as immutable.</param>
public readonly record struct DatedRequest(MapState State, DateOnly Day, bool Latest, DateTimeOffset? KnownAt, string? KnownAtText, int Knowledge, bool Pinned)
{
    /// <summary>The timeline's state key at <see cref="Day"/> and <see cref="KnownAt"/>: equal keys, equal maps.</summary>
    public long StateKey() => State.Timeline.StateKeyAt(Day, Knowledge);
}
