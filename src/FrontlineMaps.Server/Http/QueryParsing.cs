using FrontlineMaps.Core.Domain;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace FrontlineMaps.Server.Http;

/// <summary>A valid-time selection: an instant (a day) or an interval with open or closed ends, days inclusive.</summary>
/// <param name="Start">First day, or null for an open start (<c>..</c>).</param>
/// <param name="End">Last day (inclusive), or null for an open end.</param>
/// <param name="IsInterval">True when the parameter was an interval.</param>
public readonly record struct DateSelection(DateOnly? Start, DateOnly? End, bool IsInterval);

/// <summary>
/// Parsing of query values shared by every endpoint. Liberal in what real clients send (GDAL 3.6 sends
/// <c>datetime=2022-07-01T/2022-07-01T</c>), strict in what it accepts as meaning: anything else is a 400 naming the parameter.
/// </summary>
public static class QueryParsing
{
    /// <summary>Default <c>limit</c> of item requests.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Maximum <c>limit</c> of item requests.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>
    /// Parses a date: <c>YYYY-MM-DD</c>, a date with a bare trailing <c>T</c>, or an RFC 3339 date-time (its UTC day).
    /// </summary>
    public static DateOnly ParseDay(string parameter, string value)
    {
        var v = value.Trim();
        if (v.EndsWith('T') || v.EndsWith('t')) v = v[..^1];
        // RFC 3339 allows year 0000 (QGIS sends 0000-01-01T00:00:00Z for an open start); .NET's calendar starts at year 1.
        if (v.StartsWith("0000-", StringComparison.Ordinal) && v.Length >= 10
            && DayFormat.TryParse("0001" + v[4..10], out _))
            return DateOnly.MinValue;
        if (DayFormat.TryParse(v, out var d)) return d;
        if (v.Length > 10 && (v[10] == 'T' || v[10] == 't' || v[10] == ' ')
            && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return DateOnly.FromDateTime(t.UtcDateTime);
        throw ProblemException.BadRequest(parameter, $"'{value}' is not a date: expected YYYY-MM-DD or an RFC 3339 date-time");
    }

    /// <summary>Parses an RFC 3339 instant or a date (meaning the end of that day, UTC) for <c>known_at</c>.</summary>
    public static DateTimeOffset ParseKnownAt(string parameter, string value) =>
        Core.Domain.KnownAt.TryParse(value, out var instant)
            ? instant
            : throw ProblemException.BadRequest(parameter, $"'{value}' is not a date (YYYY-MM-DD) or an RFC 3339 date-time");

    /// <summary>Parses the OGC API <c>datetime</c> parameter: an instant, or <c>start/end</c> where either end may be <c>..</c> or empty.</summary>
    public static DateSelection ParseDateTime(string parameter, string value)
    {
        var parts = value.Split('/');
        if (parts.Length == 1) { var d = ParseDay(parameter, parts[0]); return new DateSelection(d, d, false); }
        if (parts.Length != 2) throw ProblemException.BadRequest(parameter, $"'{value}' is neither an instant nor an interval start/end");
        DateOnly? start = parts[0] is ".." or "" ? null : ParseDay(parameter, parts[0]);
        DateOnly? end = parts[1] is ".." or "" ? null : ParseDay(parameter, parts[1]);
        if (start is null && end is null) throw ProblemException.BadRequest(parameter, "an interval needs at least one closed end");
        if (start is { } s && end is { } e && e < s) throw ProblemException.BadRequest(parameter, $"the interval ends ({DayFormat.Of(e)}) before it starts ({DayFormat.Of(s)})");
        return new DateSelection(start, end, true);
    }

    /// <summary>
    /// Clamps an interval to the span the data can answer (<see cref="RequireWithinData"/>): an interval is a filter, not a demand
    /// for data, so a bound outside the span (QGIS sends 9999-12-31 or 0000-01-01 for an open end) becomes an open end. An interval
    /// wholly outside the span is a 422; an instant outside it too.
    /// </summary>
    public static DateSelection ClampToData(string parameter, DateSelection selection, DateOnly first, DateOnly last)
    {
        var (from, to) = DataSpan(first, last);
        if (!selection.IsInterval)
        {
            RequireWithinData(parameter, selection.Start!.Value, first, last);
            return selection;
        }
        if (selection.Start is { } s && s > to || selection.End is { } e && e < from)
            throw ProblemException.Unprocessable(parameter, $"the interval lies outside the data: dates from {DayFormat.Of(from)} to {DayFormat.Of(to)} can be answered");
        return selection with
        {
            Start = selection.Start is { } a && a < from ? null : selection.Start,
            End = selection.End is { } b && b > to ? null : selection.End,
        };
    }

    /// <summary>Parses <c>bbox</c>: 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with min/max height), CRS84.</summary>
    /// <param name="parameter">The parameter's name, for errors.</param>
    /// <param name="value">The text.</param>
    /// <param name="allowAntimeridian">True where a box whose west edge lies east of its east edge means one crossing the antimeridian (OGC API).</param>
    public static (double MinLon, double MinLat, double MaxLon, double MaxLat) ParseBbox(string parameter, string value, bool allowAntimeridian = false)
    {
        var parts = value.Split(',');
        if (parts.Length is not (4 or 6)) throw ProblemException.BadRequest(parameter, $"expected 4 or 6 comma-separated numbers, got {parts.Length}");
        var n = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out n[i]) || !double.IsFinite(n[i]))
                throw ProblemException.BadRequest(parameter, $"'{parts[i]}' is not a number");
        var (minLon, minLat, maxLon, maxLat) = parts.Length == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
        if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90 || minLon > 180 || maxLon < -180 || minLat > 90 || maxLat < -90)
            throw ProblemException.BadRequest(parameter, "coordinates must lie within -180..180 (longitude) and -90..90 (latitude)");
        if (minLat > maxLat) throw ProblemException.BadRequest(parameter, $"minimum latitude {minLat} is greater than maximum {maxLat}");
        if (minLon > maxLon && !allowAntimeridian) throw ProblemException.BadRequest(parameter, $"minimum longitude {minLon} is greater than maximum {maxLon} (antimeridian-crossing boxes are not supported)");
        if (parts.Length == 6 && n[2] > n[5]) throw ProblemException.BadRequest(parameter, "minimum height is greater than maximum height");
        return (minLon, minLat, maxLon, maxLat);
    }

    /// <summary>Parses <c>limit</c>: a whole number from 1, default <see cref="DefaultLimit"/>; above <see cref="MaxLimit"/> it is capped
    /// to it (OGC API – Features: a server may return fewer; the <c>next</c> link pages on).</summary>
    public static int ParseLimit(string parameter, string? value)
    {
        if (value is null) return DefaultLimit;
        if (value.Length > 0 && value.All(char.IsAsciiDigit) && value.TrimStart('0').Length > 9) return MaxLimit;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            throw ProblemException.BadRequest(parameter, $"'{value}' is not a whole number from 1 (at most {MaxLimit} are returned)");
        return Math.Min(limit, MaxLimit);
    }

    /// <summary>
    /// The offset of the page before the one at <paramref name="offset"/>: one page back, or, past the end, the last page that
    /// has items (so a <c>prev</c> link never leads to another empty page). Shared by the OGC items and the change feeds.
    /// </summary>
    public static int PreviousPageOffset(int offset, int limit, int count) =>
        offset >= count ? Math.Max(0, (count - 1) / limit * limit) : Math.Max(0, offset - limit);

    /// <summary>Parses a non-negative paging offset.</summary>
    public static int ParseOffset(string parameter, string? value)
    {
        if (value is null) return 0;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset < 0)
            throw ProblemException.BadRequest(parameter, $"'{value}' is not a non-negative whole number");
        return offset;
    }

    /// <summary>Rejects any query parameter not in <paramref name="allowed"/> (an unknown parameter is a 400, as OGC API asks).</summary>
    public static void RejectUnknown(IQueryCollection query, params string[] allowed)
    {
        foreach (var key in query.Keys)
            if (!allowed.Contains(key, StringComparer.Ordinal))
                throw ProblemException.BadRequest(key, $"unknown query parameter '{key}'; allowed: {string.Join(", ", allowed)}");
    }

    /// <summary>The single value of a query parameter, or null; a repeated parameter is a 400.</summary>
    public static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0) return null;
        if (values.Count > 1) throw ProblemException.BadRequest(name, $"'{name}' is given {values.Count} times");
        return values[0];
    }

    private static (DateOnly From, DateOnly To) DataSpan(DateOnly first, DateOnly last)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return (new DateOnly(first.Year, 1, 1), today > last ? today : last);
    }

    /// <summary>
    /// Checks that <paramref name="day"/> lies in the span the data can answer: from 1 January of the first record's year to
    /// the later of today and the last record. Outside it: 422 naming the parameter and the span.
    /// </summary>
    public static void RequireWithinData(string parameter, DateOnly day, DateOnly first, DateOnly last)
    {
        var (from, to) = DataSpan(first, last);
        if (day < from || day > to)
            throw ProblemException.Unprocessable(parameter, $"{DayFormat.Of(day)} is outside the data: dates from {DayFormat.Of(from)} to {DayFormat.Of(to)} can be answered");
    }
}
