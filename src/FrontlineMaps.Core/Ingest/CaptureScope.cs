using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// How much of a place an active capture or entry takes: the whole place (a capture), a part of it (a district, a
/// quarter, most of it: a contest), or only something that lies in or near it ("a gas field east of P", "a neighbourhood
/// in P": no fact for P); and whether an entry is told as done or as a fight.
/// </summary>
internal sealed partial class RoleAnalyzer
{
    /// <summary>The kind of fact an active cue gives for <paramref name="p"/>, or null when it gives none.</summary>
    private static string? ActiveKind(Trigger trigger, string cue, string text, Sentence s, int te, PlaceMention p, int clauseStart, int clauseEnd)
    {
        var kind = trigger.Kind;
        var k = kind;
        var between = p.Start > te ? text[te..p.Start] : "";
        // "captured several areas in the west, including the town of P": P is taken whole
        if (kind == "capture" && PartialBetween().IsMatch(between) && !IncludingRightBefore().IsMatch(between)) k = "contested";
        if (kind == "capture" && ReversedAfter().IsMatch(text[p.End..s.End])) k = "contested";
        // an entry is a capture when it is told as done; a re-entry, or one with fighting, parts or a developing situation around it, is a contest
        if (trigger.Name == "entered" && (cue.StartsWith("re", StringComparison.OrdinalIgnoreCase) || EntryContested().IsMatch(EntryContext(text, s, clauseStart, clauseEnd)))) k = "contested";
        if (kind == "hold" && PartialBetween().IsMatch(between)) return null;
        return k;
    }

    /// <summary>The words that tell how an entry went: its clause, and a clause after it that describes the place or the entry ("where fighting goes on", "before withdrawing").</summary>
    private static string EntryContext(string text, Sentence s, int clauseStart, int clauseEnd)
    {
        var clause = text[(s.Start + clauseStart)..(s.Start + clauseEnd)];
        var rest = s.Text[clauseEnd..];
        return EntryFollowUp().IsMatch(rest) ? clause + rest : clause;
    }

    [GeneratedRegex(@"\b(?<!\bthe\s)(?:large\s+|some\s+|several\s+|many\s+|parts?\s+|most\s+)?(?:areas|parts|neighbo(?:u)?rhoods|districts|positions|points|sectors|streets|outskirts|edges)\s+(?:in|of|inside|within)\b|\bmost\s+of\b|\bparts?\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartialBetween();

    [GeneratedRegex(@"^[^.;]{0,60}?\b(?:before\s+being\s+(?:pushed|driven|forced|repelled|expelled)|before\s+(?:they\s+were|being)\s+\w+\s+(?:back|out)|but\s+(?:were|was)\s+(?:later\s+)?(?:pushed|driven|forced|repelled|expelled))", RegexOptions.IgnoreCase)]
    private static partial Regex ReversedAfter();

    [GeneratedRegex(@"\b(?:fighting|clashes|battles?|raged?|raging|resistance|briefly|before\s+(?:withdraw\w*|pull\w*|retreat\w*|being)|parts?\s+of|outskirts|(?:district|neighbo(?:u)?rhood)s?\s+of|pockets?|developing|still\s+under\s+way|street\s+fights?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EntryContested();

    [GeneratedRegex(@"^\s*,?\s*(?:where|before\s+(?:withdraw|pull|retreat|being)|only\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EntryFollowUp();

    [GeneratedRegex(@"\b(?:including|such\s+as|among\s+them|notably)\s+(?:the\s+)?(?:(?:small|strategic|key|nearby|large)\s+)?(?:(?:towns?|villages?|city|hills?)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IncludingRightBefore();
}
