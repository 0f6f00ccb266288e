using System.Globalization;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// The date of a fact: the event date in its clause (before a speech date), else the narrative date carried from earlier
/// sentences, else the days before publication. Tense and subordination refine it: a state told in the present ("the
/// rebel-held town", "remains under A's control") or an event in the present perfect ("have taken") with no date of its own
/// runs from the narrative date to the day of writing; an event told in an "after" clause happened before its sentence's
/// date; "came two days after" counts back; fighting "since Wednesday" ended in a capture on or after Wednesday.
/// </summary>
internal static partial class FactDating
{
    private static readonly HashSet<string> StateCues = new(StringComparer.Ordinal) { "remains-under", "under-control-of", "participle", "adjective", "holds", "in-control-of", "stronghold" };

    /// <summary>Whether a cue tells a state in the present (a hold, not in a past tense), which is true on the day the report is written.</summary>
    public static bool IsPresentState(Trigger trigger, string cue) => StateCues.Contains(trigger.Name) && !PastTense().IsMatch(cue);

    /// <summary>The dates of the fact a cue (<paramref name="trigger"/>, words <paramref name="cue"/> at <paramref name="local"/> in <paramref name="sentence"/>) states.</summary>
    public static (DateOnly From, DateOnly To, string Basis) Of(List<DateMention> sDates, int triggerStart, (DateOnly From, DateOnly To, string Basis)? carried,
        DateOnly published, string sentence, int local, Trigger trigger, string cue)
    {
        (DateOnly From, DateOnly To, string Basis) d;
        var sentenceStart = triggerStart - local;
        var before = sentence[..local];
        // the dateline dates the writing: an event of its sentence is dated like one with no date of its own
        sDates = [.. sDates.Where(x => !x.IsDateline)];
        var own = sDates.Where(x => x.Start <= triggerStart && !x.IsSpeech).LastOrDefault() ?? sDates.FirstOrDefault(x => !x.IsSpeech)
            ?? sDates.LastOrDefault(x => x.Start <= triggerStart) ?? sDates.FirstOrDefault();
        // "after they seized P" in a sentence dated Sunday: the event came before the main clause's date
        var afterClause = AfterClauseBefore().Match(before);
        if (own is not null && afterClause.Success && own.End - sentenceStart <= afterClause.Index && trigger.Kind != "hold")
            return (own.From.AddDays(-3), own.To, "before-context");
        // fighting "since Wednesday" that ends in a capture: on that day or after it
        if (own is not null && trigger.Kind != "hold" && SinceRightBefore().IsMatch(sentence[..Math.Max(0, own.Start - sentenceStart)]))
            return (own.From, Min(published, own.To.AddDays(9)), "vague");
        if (own is not null) d = (own.From, own.To, own.IsExact ? "explicit" : "vague");
        // a present state, or an event in the present perfect, runs from the narrative date (if recent) to the day of writing
        else if ((IsPresentState(trigger, cue) || trigger.Kind != "hold" && (PresentPerfect().IsMatch(before) || PresentPerfect().IsMatch(cue)))
            && carried is { } n && n.From <= published && published.DayNumber - n.From.DayNumber <= 9)
            d = (n.From, published, n.Basis);
        // a state is true on the day of writing (or the day before, for a dateline)
        else if (IsPresentState(trigger, cue)) d = (published.AddDays(-1), published, "publication");
        else if (carried is { } c) d = c;
        else d = (published.AddDays(-3), published, "publication");
        // the dateline's date bounds an undated event from above: it may have happened the day before
        if (d.From == d.To && own is null && d.From == published)
            d = (d.From.AddDays(-1), d.To, d.Basis);
        var after = CameAfter().Match(sentence);
        // "the capture of P comes one day after A took the checkpoints on Sunday": a day after that date
        if (after.Success && after.Index > local && own is not null && own.Start - sentenceStart > after.Index && Count(after.Groups["n"].Value) is > 0 and var days
            && own.IsExact)
            return (own.From.AddDays(days * Unit(after)), own.To.AddDays(days * Unit(after)), "explicit");
        if (after.Success && after.Index < local && own is null)
        {
            // "the advance came a day after the troops took P": count back from the narrative date
            var back = Count(after.Groups["n"].Value) * Unit(after);
            d = back > 0 && d.Basis != "publication" ? (d.From.AddDays(-back), d.To.AddDays(-back), d.Basis) : (d.From.AddDays(-3), d.To, "before-context");
        }
        return d;
    }

    /// <summary>
    /// Whether a fact is background: dated only by a month, a season or a year (a range of four weeks or more) that ended
    /// three weeks or more before publication ("which the rebels captured in 2015", "when the army took it in March 2016").
    /// Such history is told to explain the news; a report's own events carry a day or a recent range.
    /// </summary>
    public static bool IsBackground((DateOnly From, DateOnly To, string Basis) date, DateOnly published) =>
        date.To.DayNumber - date.From.DayNumber >= 27 && published.DayNumber - date.To.DayNumber >= 21;

    /// <summary>
    /// A nominalised capture with no date of its own ("the initial capture of the village", "Afrin's capture") refers to
    /// the capture of that place by that side the report has already told: it takes that fact's dates.
    /// </summary>
    public static CandidateFact ReferBack(CandidateFact fact, List<CandidateFact> earlier)
    {
        if (fact.DateBasis is not ("context" or "publication") || fact.Kind != "capture") return fact;
        var key = fact.Place?.Id ?? Gazetteer.NameKey.Of(fact.PlaceText);
        var told = earlier.LastOrDefault(e => e.Kind == "capture" && e.FactionId == fact.FactionId && (e.Place?.Id ?? Gazetteer.NameKey.Of(e.PlaceText)) == key);
        return told is null ? fact : fact with { DateFrom = told.DateFrom, DateTo = told.DateTo, DateBasis = told.DateBasis };
    }

    private static int Count(string n) => n.ToLowerInvariant() switch
    {
        "" => 0, "a" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5,
        var s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0,
    };

    private static int Unit(Match after) => after.Groups["u"].Value.StartsWith("week", StringComparison.OrdinalIgnoreCase) ? 7 : 1;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    [GeneratedRegex(@"\b(?:was|were|had|remained)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastTense();

    // "has taken", "have now captured", "has reportedly entered": the cue's auxiliary right before it or in its own words
    [GeneratedRegex(@"\b(?:has|have)\s+(?:(?:now|also|already|reportedly|finally|just|fully|since)\s+)?(?:(?:been\s+)?\w+\s+)?$|^(?:has|have)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PresentPerfect();

    // an "after" clause still open before the cue (no comma or full stop since): "... on Sunday after they seized"
    [GeneratedRegex(@"\b(?:after|following)\s+(?:[^,.;:]{0,80})$", RegexOptions.IgnoreCase)]
    private static partial Regex AfterClauseBefore();

    [GeneratedRegex(@"\bsince\s+(?:the\s+)?(?:early\s+|late\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SinceRightBefore();

    [GeneratedRegex(@"\b(?:came|comes|come)\s+(?:(?:just|only)\s+)?(?:(?<n>a|one|two|three|four|five|\d+)\s+(?<u>days?|weeks?)\s+|hours\s+|shortly\s+)?(?:after|on\s+the\s+heels\s+of)\b|\bfollow(?:ed|s|ing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CameAfter();
}
