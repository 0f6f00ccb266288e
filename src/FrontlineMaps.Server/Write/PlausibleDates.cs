using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// The dates a write may state: from <c>Write:EarliestDate</c> (default 1900-01-01) to <c>Write:LatestDate</c> (default: a day
/// after today, UTC, so that a record dated in another time zone's today passes). A record dated in year 1 or 9999 is a typo,
/// and one such record would stretch <c>/api/timeline</c>, the area statistics and the viewer's time slider over millennia.
/// Checked for every date of every record a write adds (a change's <c>valid_from</c> and <c>valid_to_approx</c>, a source's
/// <c>published</c>, a place's <c>valid_from</c>, a faction's <c>valid_from</c>, <c>valid_to</c> and its alliances'
/// <c>from</c>/<c>to</c>); a retraction or a review restates its target's dates and is not checked, so a mistaken record can
/// always be withdrawn. Outside: 422 naming the field.
/// </summary>
public sealed class PlausibleDates(IConfiguration configuration)
{
    /// <summary>The first day a record may name.</summary>
    public DateOnly Earliest { get; } = Parse(configuration, "Write:EarliestDate") ?? new DateOnly(1900, 1, 1);

    private readonly DateOnly? _latest = Parse(configuration, "Write:LatestDate");

    /// <summary>The last day a record may name (now: a day after today, UTC, unless configured).</summary>
    public DateOnly Latest => _latest ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);

    /// <summary>Throws a 422 naming the first date of <paramref name="additions"/> outside the range.</summary>
    internal void Check(DatasetAdditions additions, bool batch)
    {
        string Prefix(string set, int i) => batch ? $"{set}[{i}]." : "";
        for (var i = 0; i < additions.Changes.Count; i++)
        {
            var c = additions.Changes[i];
            if (c.Retracts is not null || c.Reviews is not null) continue;
            Day(Prefix("changes", i) + "valid_from", c.ValidTime.Day);
            Day(Prefix("changes", i) + "valid_to_approx", c.ValidTime.ApproxTo);
        }
        for (var i = 0; i < additions.Sources.Count; i++)
            Day(Prefix("sources", i) + "published", additions.Sources[i].Published);
        for (var i = 0; i < additions.Places.Count; i++)
            Day(Prefix("places", i) + "valid_from", additions.Places[i].ValidFrom);
        for (var i = 0; i < additions.Factions.Count; i++)
        {
            var f = additions.Factions[i];
            var prefix = Prefix("factions", i);
            Day(prefix + "valid_from", f.ValidFrom);
            Day(prefix + "valid_to", f.ValidTo);
            var allies = f.Allies.IsDefault ? [] : f.Allies;
            for (var j = 0; j < allies.Length; j++)
            {
                Day($"{prefix}allies[{j}].from", allies[j].From);
                Day($"{prefix}allies[{j}].to", allies[j].To);
            }
        }
    }

    private void Day(string field, DateOnly? day)
    {
        if (day is not { } d) return;
        var latest = Latest;
        if (d < Earliest || d > latest)
            throw ProblemException.Unprocessable(field,
                $"{Format(d)} is outside the plausible dates of this dataset, {Format(Earliest)} to {Format(latest)} (Write:EarliestDate, Write:LatestDate)");
    }

    private static string Format(DateOnly d) => DayFormat.Of(d);

    private static DateOnly? Parse(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DayFormat.TryParse(text.Trim(), out var d)
            ? d
            : throw new InvalidOperationException($"configuration '{key}': expected a date YYYY-MM-DD, found '{text}'");
    }
}
