using System.Globalization;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>Spellings of enum values, dates and instants in the file format (schema 1); shared by both stores.</summary>
internal static partial class FormatValues
{
    public static readonly IReadOnlyDictionary<string, PlaceKind> PlaceKinds = new Dictionary<string, PlaceKind>(StringComparer.Ordinal)
    {
        ["city"] = PlaceKind.City, ["town"] = PlaceKind.Town, ["village"] = PlaceKind.Village, ["hamlet"] = PlaceKind.Hamlet,
        ["hill"] = PlaceKind.Hill, ["base"] = PlaceKind.Base, ["other"] = PlaceKind.Other,
    };

    public static readonly IReadOnlyDictionary<string, ChangeKind> ChangeKinds = new Dictionary<string, ChangeKind>(StringComparer.Ordinal)
    {
        ["capture"] = ChangeKind.Capture, ["confirmation"] = ChangeKind.Confirmation, ["retraction"] = ChangeKind.Retraction,
    };

    public static readonly IReadOnlyDictionary<string, ChangeStatus> Statuses = new Dictionary<string, ChangeStatus>(StringComparer.Ordinal)
    {
        ["held"] = ChangeStatus.Held, ["contested"] = ChangeStatus.Contested, ["claimed"] = ChangeStatus.Claimed,
    };

    public static readonly IReadOnlyDictionary<string, ChangeStatus> ClaimOfValues = new Dictionary<string, ChangeStatus>(StringComparer.Ordinal)
    {
        ["held"] = ChangeStatus.Held, ["contested"] = ChangeStatus.Contested,
    };

    public static readonly IReadOnlyDictionary<string, ReviewVerdict> Verdicts = new Dictionary<string, ReviewVerdict>(StringComparer.Ordinal)
    {
        ["confirmed"] = ReviewVerdict.Confirmed, ["disputed"] = ReviewVerdict.Disputed,
    };

    public static string Name(ReviewVerdict verdict) => verdict.ToString().ToLowerInvariant();

    public static string Name(PlaceKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(ChangeKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(ChangeStatus status) => status.ToString().ToLowerInvariant();

    public static string FormatDate(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseDate(string text, out DateOnly day)
    {
        day = default;
        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary><c>YYYY-MM-DD</c> or <c>YYYY-MM-DDTHH:MMZ</c>.</summary>
    public static string FormatValidFrom(GroundTime time) => time.TimeOfDay is { } t
        ? FormatDate(time.Day) + "T" + t.ToString("HH:mm", CultureInfo.InvariantCulture) + "Z"
        : FormatDate(time.Day);

    public static bool TryParseValidFrom(string text, out DateOnly day, out TimeOnly? timeOfDay)
    {
        timeOfDay = null;
        if (text.Length == 10)
            return TryParseDate(text, out day);
        day = default;
        if (text.Length != 17 || text[10] != 'T' || text[16] != 'Z' || !TryParseDate(text[..10], out day))
            return false;
        if (!TimeOnly.TryParseExact(text.AsSpan(11, 5), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return false;
        timeOfDay = t;
        return true;
    }

    /// <summary>RFC 3339 in UTC: <c>2020-01-02T03:04:05Z</c>, with a fraction only when the instant has one.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    public static bool IsColor(string text) => Color().IsMatch(text);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Color();
}
