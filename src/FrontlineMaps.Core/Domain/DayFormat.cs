using System.Globalization;

namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The one date format of every contract (API, GeoJSON, tiles, feeds, CLI): ISO 8601 calendar dates, <c>YYYY-MM-DD</c>, in the
/// invariant culture. Say <c>DayFormat.Of(d)</c> rather than spelling the pattern.
/// </summary>
public static class DayFormat
{
    /// <summary>The .NET format pattern of a contract date.</summary>
    public const string Pattern = "yyyy-MM-dd";

    /// <summary><paramref name="day"/> as <c>YYYY-MM-DD</c>.</summary>
    public static string Of(DateOnly day) => day.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary><paramref name="instant"/> as RFC 3339 UTC to the second (<c>YYYY-MM-DDTHH:MM:SSZ</c>), as every contract writes one.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Pattern + "'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses exactly <c>YYYY-MM-DD</c> (nothing around it).</summary>
    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
