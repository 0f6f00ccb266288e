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
        if (kind == "capture" && Partial(between) && !IncludingRightBefore().IsMatch(between)) k = "contested";
        if (kind == "capture" && ReversedAfter().IsMatch(text[p.End..s.End])) k = "contested";
        // "seized the town's northern districts", "seizing back Manbij city's silos": a part of the place
        if (kind == "capture" && PossessivePart().IsMatch(text[p.End..s.End])) k = "contested";
        // an entry is a capture when it is told as done; a re-entry, or one with fighting, parts or a developing situation around it, is a contest
        if (trigger.Name == "entered" && (cue.StartsWith("re", StringComparison.OrdinalIgnoreCase) || EntryContested().IsMatch(EntryContext(text, s, clauseStart, clauseEnd)))) k = "contested";
        // "advanced into P" tells a push, not its end, unless the place was left or handed over ("following the withdrawal of A")
        if (trigger.Name == "entered" && AdvanceInto().IsMatch(cue) && !EntryUnopposed().IsMatch(s.Text)) k = "contested";
        // "now in control of 70 percent of P", "holds half of P": the rest is still fought for
        if (kind == "hold" && PartOfSingular().Match(between) is { Success: true } part && !PartialBetween().IsMatch(between)
            && !ListOn().IsMatch(between[(part.Index + part.Length)..])) return "contested";
        if (kind == "hold" && Partial(between)) return null;
        return k;
    }

    /// <summary>
    /// Why the words before a cue in its clause say it tells no event, or null: a condition ("If the rebels capture P, ...",
    /// "Should the army capture P, ..."), a purpose ("moving toward capturing P", "aimed at capturing", "in preparation
    /// for seizing"), a participle used as an adjective ("towards the liberated areas", "newly-recaptured P").
    /// </summary>
    private static string? NotAnEvent(Trigger trigger, string cue, string clauseBefore)
    {
        if (trigger.Mode is CueMode.Adjective or CueMode.State or CueMode.Stronghold) return null;
        if (ConditionalOpening().IsMatch(clauseBefore)) return "a condition (if, unless, should), not an event";
        if (QuotedInfinitive().IsMatch(clauseBefore)) return "an infinitive (working to \"liberate\"), not an event";
        if (trigger.Mode is CueMode.Active or CueMode.Nominal && PurposeRightBefore().IsMatch(clauseBefore)) return "a purpose (aimed at, moving toward, in preparation for), not an event";
        if (trigger.Mode is CueMode.Active && trigger.Kind == "capture" && ParticipleEnding().IsMatch(cue) && DeterminerRightBefore().IsMatch(clauseBefore))
            return "a participle used as an adjective (the liberated areas), not an event";
        return null;
    }

    /// <summary>"P, 10 km south of Q, which was seized by A": a passive in a relative clause is about its antecedent (and the list ending in it) only, even in a locative phrase; null when the cue is not in one.</summary>
    private static List<PlaceMention>? RelativeAntecedent(string text, Sentence s, List<PlaceMention> sPlaces, int cueStart)
    {
        var last = sPlaces.LastOrDefault(p => p.End <= cueStart && p.Start >= s.Start);
        if (last is null || !RelativeRightBefore().IsMatch(text[last.End..cueStart]) || !Usable(text, last, s, locative: false)) return null;
        return [.. sPlaces.Where(p => p == last || p.Start >= s.Start && p.End <= last.Start && ListBetween().IsMatch(text[p.End..last.Start]) && Usable(text, p, s, locative: false))];
    }

    /// <summary>Whether the words between a cue and its place say only a part of the place is taken ("most of", "a district of", "the old quarter of", "70 percent of").</summary>
    private static bool Partial(string between) => PartialBetween().IsMatch(between) || PartOfSingular().IsMatch(between);

    /// <summary>
    /// Whether the words between a cue and the first place after it hold an object of their own that the place only
    /// locates: "captured a gas field east of the city of P", "seized a neighbourhood in P", "took several hills southwest
    /// of P", "the border crossing at the town of P". A part of the place ("a district of P") is not such a thing: it
    /// makes a contest. "Several villages in Hama, including P" ends in "including", so P is taken.
    /// </summary>
    private static bool ThingInPlace(string gap) => (LocatedThing().IsMatch(gap) || SomeOf().IsMatch(gap) || ThingThat().IsMatch(gap)) && !Partial(gap);

    /// <summary>The words that tell how an entry went: its clause, and a clause after it that describes the place or the entry ("where fighting goes on", "before withdrawing").</summary>
    private static string EntryContext(string text, Sentence s, int clauseStart, int clauseEnd)
    {
        var clause = text[(s.Start + clauseStart)..(s.Start + clauseEnd)];
        var rest = s.Text[clauseEnd..];
        // "entered P without any clashes" tells no fight
        return WithoutFighting().Replace(EntryFollowUp().IsMatch(rest) ? clause + rest : clause, " ");
    }

    [GeneratedRegex(@"\b(?<!\bthe\s)(?<!\ball\s)(?:large\s+|some\s+|several\s+|many\s+|parts?\s+|most\s+)?(?:areas|parts|neighbo(?:u)?rhoods|districts|positions|points|sectors|streets|outskirts|edges)\s+(?:in|of|inside|within)\b|\bmost\s+of\b|\bparts?\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartialBetween();

    [GeneratedRegex(@"^[^.;]{0,60}?\b(?:before\s+being\s+(?:pushed|driven|forced|repelled|expelled)|before\s+(?:they\s+were|being)\s+\w+\s+(?:back|out)|but\s+(?:were|was)\s+(?:later\s+)?(?:pushed|driven|forced|repelled|expelled))", RegexOptions.IgnoreCase)]
    private static partial Regex ReversedAfter();

    [GeneratedRegex(@"\b(?:fighting|clashes|battles?|raged?|raging|resistance|briefly|before\s+(?:withdraw\w*|pull\w*|retreat\w*|being)|parts?\s+of|outskirts|(?:district|neighbo(?:u)?rhood)s?\s+of|pockets?|developing|still\s+under\s+way|street\s+fights?|its\s+(?:\w+\s+)?(?:districts|neighbo(?:u)?rhoods|streets|quarters|(?:north|south)?-?(?:east|west)?(?:ern)?\s+(?:part|side|half)))\b", RegexOptions.IgnoreCase)]
    private static partial Regex EntryContested();

    [GeneratedRegex(@"^\s*,?\s*(?:where|amid|before\s+(?:withdraw|pull|retreat|being)|only\s+to|after\s+(?:\w+\s+){0,5}?(?:fighting|clashes|battles?))\b", RegexOptions.IgnoreCase)]
    private static partial Regex EntryFollowUp();

    [GeneratedRegex(@"\b(?:including|such\s+as|among\s+them|notably|namely)\s+(?:the\s+)?(?:(?:small|strategic|key|nearby|large)\s+)?(?:(?:towns?|villages?|city|hills?)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IncludingRightBefore();

    [GeneratedRegex(@"\b(?:(?:a|an|one|another|first|second|two|three|four|five|several|some|key|\d+)\s+(?:[\w-]+\s+){0,2}?(?:district|neighbo(?:u)?rhood|quarter|area|section|part|sector|block|side)s?\s+(?:of|in|inside|within)|(?:district|neighbo(?:u)?rhood|quarter|section|sector|block)s?\s+(?:in|inside|within)|(?:old|ancient|historic|(?:north|south)?-?(?:east|west)ern|northern|southern)\s+(?:quarter|part|side|half|districts?|neighbo(?:u)?rhoods?|sections?)\s+of|\d+\s*(?:percent|per\s+cent|%)\s+of|half\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartOfSingular();

    // a lower-case word (the thing taken), then a preposition that places it, then at most a few words before the place
    [GeneratedRegex(@"\b(?!(?:control|full|total|complete|back|over|the|an?|of|and|also|then|on|early|late|last|this|that|morning|night|evening|dawn|hours?|days?|weeks?|today|yesterday|finally|quickly|reportedly)\b)[a-z][\w'’-]+\s+(?:[^,;:.]{0,50}?\s)?(?:in|inside|within|at|on|near|outside(?:\s+of)?|around|off|between|across|along|towards?|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:[\w'’-]+\s+){0,5}$")]
    private static partial Regex LocatedThing();

    [GeneratedRegex(@",|\band\b")]
    private static partial Regex ListOn();

    [GeneratedRegex(@"\bwithout\s+(?:any\s+|much\s+|a\s+|serious\s+|significant\s+)*(?:\w+\s+)?(?:clashes|fighting|fight|resistance|battles?|opposition)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WithoutFighting();

    [GeneratedRegex(@"^(?:advanced|pushed)\s+into$", RegexOptions.IgnoreCase)]
    private static partial Regex AdvanceInto();

    [GeneratedRegex(@"\b(?:withdr[ae]w\w*|pull(?:ed|ing)?\s+out|evacuat\w+|agreement|deal|reconciliation|settlement|hand(?:ed|ing)?\s+over|handover|surrender\w*|raised\s+(?:the\s+|their\s+)?(?:\w+\s+)?flag|welcom\w+|without\s+(?:any\s+)?(?:\w+\s+)?(?:clashes|fighting|resistance))\b", RegexOptions.IgnoreCase)]
    private static partial Regex EntryUnopposed();

    [GeneratedRegex(@"^\W*(?:if|unless|should|whether)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ConditionalOpening();

    [GeneratedRegex(@"\b(?:aim\w*|geared|intended|designed|mov\w*|head\w*|step|steps|prelude|prepar\w*|way|bid|efforts?|drive)\s+(?:\w+\s+)?(?:at|toward|towards|for)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex PurposeRightBefore();

    [GeneratedRegex(@"(?:ed|en)$", RegexOptions.IgnoreCase)]
    private static partial Regex ParticipleEnding();

    [GeneratedRegex(@"(?<!\b(?:has|have|had|was|were|is|are|been|be)\s+)\b(?:the|a|an|its|their|his|these|those|newly|recently|previously|formerly)[\s-]+$", RegexOptions.IgnoreCase)]
    private static partial Regex DeterminerRightBefore();

    [GeneratedRegex(@"\b(?:from|out\s+of)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CueEndsInFrom();

    // "two villages of P", "the first village of P", "600 km² of P": some of what P has, not P
    [GeneratedRegex(@"\b(?:(?<!\b(?:the|these|those|its|their)\s+)(?:a|an|one|two|three|four|five|six|several|some|first|\d+)\s+(?:[\w-]+\s+){0,2}?(?:villages?|towns?|hamlets?|farms?|hills?|positions?|points?)\s+of|\d[\d,.]*\s*(?:km²|km2|sq\.?\s*km|square\s+kilomet\w+|kilomet\w+|km|hectares?)\s+of)\s+(?:[\w'’-]+\s+){0,4}$", RegexOptions.IgnoreCase)]
    private static partial Regex SomeOf();

    // "a town that lies near a highway leading to the capital, P": the place is in the object's relative clause
    [GeneratedRegex(@"\b(?:an?|the|several|some)\s+(?:[\w-]+\s+){0,2}?[a-z]+\s+(?:that|which|where)\s+\w+")]
    private static partial Regex ThingThat();

    [GeneratedRegex(@"\bto\s+[""“‘']\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedInfinitive();

    [GeneratedRegex(@"^['’]s\s+(?:[\w-]+\s+){0,4}?(?:districts?|neighbo(?:u)?rhoods?|quarters?|parts?|outskirts|sections?|silos|centre|center|edges?|suburbs)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PossessivePart();

    [GeneratedRegex(@"^\s*,?\s*(?:that|which)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeRightBefore();
}
