using System.Globalization;

namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The knowledge cut-off of a query on the recorded-time axis ("the map as published then"), as the server's <c>known_at</c>
/// and the CLI's <c>--known-at</c> both read it: one parser, so that one text means one instant everywhere.
/// </summary>
public static class KnownAt
{
    /// <summary>
    /// Parses <paramref name="value"/>: a date <c>YYYY-MM-DD</c> (a trailing <c>T</c> allowed) means by the end of that day, UTC
    /// (its last tick; 9999-12-31 is <see cref="DateTimeOffset.MaxValue"/>); an RFC 3339 date-time is that instant, in UTC when
    /// it names no offset. Surrounding white space is ignored. False for anything else.
    /// </summary>
    public static bool TryParse(string value, out DateTimeOffset instant)
    {
        var v = value.Trim();
        if (DateOnly.TryParseExact(v.TrimEnd('T'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            instant = day == DateOnly.MaxValue
                ? DateTimeOffset.MaxValue
                : new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
            return true;
        }
        if (v.Length > 10 && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
            return true;
        instant = default;
        return false;
    }
}
