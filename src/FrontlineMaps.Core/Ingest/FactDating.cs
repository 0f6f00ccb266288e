using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// The date of a fact: the event date in its clause (before a speech date), else the narrative date carried from earlier
/// sentences, else the days before publication. A state told in the present ("the rebel-held town", "remains under A's
/// control") with no date of its own holds from the narrative date to publication.
/// </summary>
internal static partial class FactDating
{
    private static readonly HashSet<string> StateCues = new(StringComparer.Ordinal) { "remains-under", "under-control-of", "participle", "adjective", "holds", "in-control-of", "stronghold" };

    /// <summary>Whether a cue tells a state in the present (a hold, not in a past tense), which is true on the day the report is written.</summary>
    public static bool IsPresentState(Trigger trigger, string cue) => StateCues.Contains(trigger.Name) && !PastTense().IsMatch(cue);

    public static (DateOnly From, DateOnly To, string Basis) Of(List<DateMention> sDates, int triggerStart, (DateOnly From, DateOnly To, string Basis)? carried, DateOnly published, string sentence, int local, bool presentState = false)
    {
        (DateOnly From, DateOnly To, string Basis) d;
        // the dateline dates the writing: an event of its sentence is dated like one with no date of its own
        sDates = [.. sDates.Where(x => !x.IsDateline)];
        var own = sDates.Where(x => x.Start <= triggerStart && !x.IsSpeech).LastOrDefault() ?? sDates.FirstOrDefault(x => !x.IsSpeech)
            ?? sDates.LastOrDefault(x => x.Start <= triggerStart) ?? sDates.FirstOrDefault();
        if (own is not null) d = (own.From, own.To, own.IsExact ? "explicit" : "vague");
        // a present state holds from the narrative date (if recent) to the day of writing
        else if (presentState) d = carried is { } n && n.From <= published && published.DayNumber - n.From.DayNumber <= 9 ? (n.From, published, n.Basis) : (published.AddDays(-1), published, "publication");
        else if (carried is { } c) d = c;
        else d = (published.AddDays(-3), published, "publication");
        // the dateline's date bounds an undated event from above: it may have happened the day before
        if (d.From == d.To && own is null && d.From == published)
            d = (d.From.AddDays(-1), d.To, d.Basis);
        var after = CameAfter().Match(sentence);
        if (after.Success && after.Index < local && own is null) d = (d.From.AddDays(-3), d.To, "before-context");
        return d;
    }

    [GeneratedRegex(@"\b(?:was|were|had|remained)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastTense();

    [GeneratedRegex(@"\b(?:came|comes|come)\s+(?:after|on\s+the\s+heels\s+of)\b|\bfollow(?:ed|s|ing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CameAfter();
}
