using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Roles of states told in passing, all holds on the sentence's date: strongholds ("the A stronghold of P", "P, the last
/// stronghold of A"), broken sieges ("A broke the siege of P": the besieged side holds P), sieges ("A besieged P": A's
/// adversary holds P; "B are besieged in P": B holds P), places held as a noun phrase or a relative clause says ("P, the
/// last town held by A", "P, which is under the control of A"), positions and bases ("attacks on A positions in the
/// villages of P and Q", "an A outpost in P"; not an observation post), where a side withdraws or is evacuated to ("A
/// withdrew to the nearby village of P") and control kept ("A retained control of P", "A's control over P, Q").
/// </summary>
internal sealed partial class RoleAnalyzer
{
    /// <summary>The cues of holds told in passing (after <see cref="EventCues.All"/>'s own).</summary>
    public static readonly Trigger[] PassingHolds =
    [
        new("besieged", Besieged(), "hold", CueMode.Besieged, 0.55),
        new("held-phrase", HeldPhrase(), "hold", CueMode.HeldPhrase, 0.6),
        new("positions-in", PositionsIn(), "hold", CueMode.Positions, 0.5),
        new("withdrew-to", WithdrewTo(), "hold", CueMode.WithdrewTo, 0.5),
        new("kept-control", KeptControl(), "hold", CueMode.Active, 0.7),
        new("control-over", ControlOver(), "hold", CueMode.Positions, 0.6),
    ];

    private static void Stronghold(Trigger trigger, string text, Sentence s, int ts, int te, int clauseStart, int clauseEnd, List<PlaceMention> sPlaces,
        List<FactionMention> sFactions, List<(PlaceMention, FactionMention, string, string, double)> result, Reason why)
    {
        // the holder: "the A stronghold", "A's (last) stronghold", or "stronghold(s) of A"
        var holder = sFactions.LastOrDefault(f => f.End <= ts && HolderBefore().IsMatch(text[f.End..ts]))
            ?? sFactions.FirstOrDefault(f => f.Start >= te && OfRightAfter().IsMatch(text[te..f.Start]));
        if (holder is null) { why.Text = "a stronghold of nobody named"; return; }
        // the place: "stronghold of P", "stronghold P", else the appositive's or copula's subject before ("P, the last A stronghold", "P is the A stronghold")
        var place = sPlaces.FirstOrDefault(p => p.Start >= te && p.End <= s.Start + clauseEnd && PlaceAfterStronghold().IsMatch(text[te..p.Start]) && (holder.Start < ts || p.Start > holder.End));
        var head = Math.Min(holder.Start, ts);
        place ??= sPlaces.LastOrDefault(p => p.End <= head && p.Start >= s.Start + clauseStart && StrongholdSubjectGap().IsMatch(text[p.End..head]));
        if (place is null || !Usable(text, place, s, locative: false)) { why.Text = "no place named as the stronghold"; return; }
        result.Add((place, holder, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    private static void SiegeBroken(Trigger trigger, string text, Sentence s, int ts, int te, int clauseEnd, List<PlaceMention> sPlaces,
        List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, Reason why)
    {
        var agent = subjectAgent();
        if (agent is null) { why.Text = "no agent breaking the siege"; return; }
        var places = sPlaces.Where(p => p.Start >= te && p.End <= s.Start + clauseEnd && SiegedPlaceGap().IsMatch(text[te..p.Start]) && Usable(text, p, s, locative: false)).Take(1).ToList();
        if (places.Count == 0) { why.Text = "no besieged place named"; return; }
        foreach (var p in sPlaces.Where(p => p.Start > places[0].End && p.End <= s.Start + clauseEnd).OrderBy(p => p.Start))
        {
            if (!ListGap().IsMatch(text[places[^1].End..p.Start]) || !Usable(text, p, s, locative: false, listed: SettlementList(text, s, places[0]))) break;
            places.Add(p);
        }
        foreach (var p in places) result.Add((p, agent, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    private void PassingHold(Trigger trigger, string text, Sentence s, int ts, int te, int clauseStart, int clauseEnd, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, Reason why)
    {
        switch (trigger.Mode)
        {
            case CueMode.Besieged: BesiegedRoles(trigger, text, s, ts, te, clauseStart, clauseEnd, sPlaces, sFactions, d, result, subjectAgent, why); break;
            case CueMode.HeldPhrase: HeldPhraseRoles(trigger, text, s, ts, te, sPlaces, sFactions, result, why); break;
            case CueMode.Positions: PositionRoles(trigger, text, s, ts, te, clauseEnd, sPlaces, sFactions, result, why); break;
            default: WithdrewToRoles(trigger, text, s, ts, te, clauseStart, clauseEnd, sPlaces, result, subjectAgent, why); break;
        }
    }

    /// <summary>"A besieged P", "A completed the siege on P, Q": A's adversary holds them; "B are besieged in P": B holds P; "P, besieged by A", "P is under siege by A".</summary>
    private void BesiegedRoles(Trigger trigger, string text, Sentence s, int ts, int te, int clauseStart, int clauseEnd, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, Reason why)
    {
        var cue = text[ts..te].Trim();
        var end = s.Start + clauseEnd;
        if (SiegeEndedBefore().IsMatch(text[Math.Max(s.Start, ts - 40)..ts])) { why.Text = "a siege broken or lifted is read by its own rule"; return; }
        // "P was besieged for two months": a siege of the past (a later sentence tells how it ended)
        if (PastPassiveBefore().IsMatch(text[Math.Max(s.Start, ts - 20)..ts])) { why.Text = "a siege told in the past passive"; return; }
        // "relieved the besieged P", "two besieged towns": an adjective names no besieger
        if (DeterminerBefore().IsMatch(text[Math.Max(s.Start, ts - 12)..ts])) { why.Text = "'besieged' as an adjective names no besieger"; return; }
        // the besieged side: whoever the report last said holds the place, unless that is the besieger's side; else its adversary
        string? HolderOf(PlaceMention p, FactionMention besieger)
        {
            var friends = allies.GetValueOrDefault(besieger.FactionId) ?? [];
            return d.LastFactionOf.TryGetValue((p.Antecedent ?? p).Text, out var last) && last.FactionId != besieger.FactionId && !friends.Contains(last.FactionId)
                ? last.FactionId : Adversary(besieger.FactionId, d.Counts);
        }
        void Add(IEnumerable<PlaceMention> places, FactionMention holder) { foreach (var p in places) result.Add((p, holder, trigger.Kind, cue, trigger.Confidence)); }
        FactionMention AdversaryOf(FactionMention besieger, string id) => new(besieger.Start, besieger.End, id, $"adversary of {besieger.Text}", FactionMentionKind.Generic);
        // "B are besieged in P" / "A besieged B in P": B holds P
        var inside = sPlaces.FirstOrDefault(p => p.Start >= te && p.End <= end && InsideGap().IsMatch(text[te..p.Start]));
        if (inside is not null)
        {
            var between = sFactions.FirstOrDefault(f => f.Start >= te && f.End <= inside.Start);
            var passive = sFactions.LastOrDefault(f => f.End <= ts && PassiveGap().IsMatch(text[f.End..ts]));
            var holder = between ?? passive;
            if (holder is not null && Usable(text, inside, s, locative: false)) { Add(ListFrom(text, s, inside, end, sPlaces), holder); return; }
        }
        // "P, besieged by A", "P is under (a government) siege": the subject before, the besieger after "by" or inside the cue
        var by = sFactions.FirstOrDefault(f => f.Start >= te && ByGap().IsMatch(text[te..f.Start]));
        var within = sFactions.FirstOrDefault(f => f.Start >= ts && f.End <= te);
        var subject = sPlaces.LastOrDefault(p => p.End <= ts && p.Start >= s.Start + clauseStart && BesiegedSubjectGap().IsMatch(text[p.End..ts]));
        if ((by ?? within) is { } besieger && subject is not null && (by is not null || cue.StartsWith("under", StringComparison.OrdinalIgnoreCase)))
        {
            if (HolderOf(subject, besieger) is not { } held) { why.Text = "no adversary of the besieger in the report"; return; }
            if (Usable(text, subject, s, locative: false)) Add([subject], AdversaryOf(besieger, held));
            return;
        }
        if (cue.StartsWith("under", StringComparison.OrdinalIgnoreCase) || PassiveRightBefore().IsMatch(text[Math.Max(s.Start, ts - 20)..ts])) { why.Text = "a siege with no besieger named"; return; }
        // "A besieged (the town of) P (and Q)"
        var agent = subjectAgent();
        if (agent is null) { why.Text = "no besieger in the clause"; return; }
        var first = sPlaces.FirstOrDefault(p => p.Start >= te && p.End <= end && BesiegedObjectGap().IsMatch(text[te..p.Start]));
        if (first is null || !Usable(text, first, s, locative: false)) { why.Text = "no besieged place right after the cue"; return; }
        if (HolderOf(first, agent) is not { } holderId) { why.Text = "no adversary of the besieger in the report"; return; }
        Add(ListFrom(text, s, first, end, sPlaces), AdversaryOf(agent, holderId));
    }

    /// <summary>"P, the last town held by A", "P, which is (located ... and is) under the control of A", "P is in A's hands".</summary>
    private static void HeldPhraseRoles(Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        List<(PlaceMention, FactionMention, string, string, double)> result, Reason why)
    {
        var holder = sFactions.FirstOrDefault(f => f.Start >= ts && f.End <= te) ?? sFactions.FirstOrDefault(f => f.Start >= te && HolderAfterGap().IsMatch(text[te..f.Start]));
        if (holder is null) { why.Text = "no holder named"; return; }
        if (PastRangeAfter().IsMatch(text[holder.End..Math.Min(s.End, holder.End + 20)]) || PastRangeAfter().IsMatch(text[te..Math.Min(s.End, te + 20)])) { why.Text = "a state of the past (from ... to, until)"; return; }
        var last = sPlaces.LastOrDefault(p => p.End <= ts && HeldSubjectGap().IsMatch(text[p.End..ts]));
        if (last is null || !Usable(text, last, s, locative: false)) { why.Text = "no place the phrase describes"; return; }
        foreach (var p in sPlaces.Where(p => p.End <= last.Start && Usable(text, p, s, locative: false) && ListBetween().IsMatch(text[p.End..last.Start])).Append(last))
            result.Add((p, holder, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    /// <summary>"A positions in (the villages of) P and Q", "an A outpost in P", "A's control over P, Q": the faction right before the cue holds them.</summary>
    private static void PositionRoles(Trigger trigger, string text, Sentence s, int ts, int te, int clauseEnd, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        List<(PlaceMention, FactionMention, string, string, double)> result, Reason why)
    {
        var holder = sFactions.LastOrDefault(f => f.End <= ts && HolderBeforeGap().IsMatch(text[f.End..ts]));
        if (holder is null) { why.Text = "no holder right before the cue"; return; }
        if (PositionsExcluded().IsMatch(text[Math.Max(s.Start, holder.Start - 40)..holder.Start]) || ObservationPost().IsMatch(text[Math.Max(s.Start, ts - 20)..te]))
        { why.Text = "control lost, sought or fought for, or an observation post"; return; }
        var end = s.Start + clauseEnd;
        var first = sPlaces.FirstOrDefault(p => p.Start >= te && p.End <= end && (string.IsNullOrWhiteSpace(text[te..p.Start]) || ArticleOnly().IsMatch(text[te..p.Start])));
        if (first is null || !Usable(text, first, s, locative: false)) { why.Text = "no place right after the cue"; return; }
        foreach (var p in ListFrom(text, s, first, end, sPlaces)) result.Add((p, holder, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    /// <summary>"A withdrew (from Q) to the nearby village of P", "A fled to P", "A were evacuated to P and R": A holds where it goes.</summary>
    private static void WithdrewToRoles(Trigger trigger, string text, Sentence s, int ts, int te, int clauseStart, int clauseEnd, List<PlaceMention> sPlaces,
        List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, Reason why)
    {
        var agent = subjectAgent();
        // "A held out, before they withdrew to P": the pronoun's antecedent may be anyone
        if (agent is null || agent.Start < s.Start + clauseStart || PronounSubject().IsMatch(text[agent.End..ts])) { why.Text = "no side withdrawing in the clause"; return; }
        var end = s.Start + clauseEnd;
        var first = sPlaces.FirstOrDefault(p => p.Start >= te && p.End <= end && (string.IsNullOrWhiteSpace(text[te..p.Start]) || ArticleOnly().IsMatch(text[te..p.Start])));
        if (first is null || !Usable(text, first, s, locative: false)) { why.Text = "no place right after the cue"; return; }
        foreach (var p in ListFrom(text, s, first, end, sPlaces)) result.Add((p, agent, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    /// <summary>The place and the list that follows it through commas and "and".</summary>
    private static List<PlaceMention> ListFrom(string text, Sentence s, PlaceMention first, int end, List<PlaceMention> sPlaces)
    {
        var list = new List<PlaceMention> { first };
        foreach (var p in sPlaces.Where(p => p.Start > first.End && p.End <= end).OrderBy(p => p.Start))
        {
            if (!ListGap().IsMatch(text[list[^1].End..p.Start]) || !Usable(text, p, s, locative: false, listed: SettlementList(text, s, list[0]))) break;
            list.Add(p);
        }
        return list;
    }

    [GeneratedRegex(@"\b(?:besieg(?:e|es|ed|ing)|encircl(?:e|es|ed|ing)|surround(?:s|ed)|trapped|(?:laid|lay|lays|laying|imposed|imposes|imposing|tightened|tightens|completed|completes|complete|completing)\s+(?:a\s+|the\s+|its\s+|their\s+)?(?:full\s+|complete\s+|total\s+|tight\s+)?(?:siege|blockade|encirclement)\s+(?:on|of|to|around)|under\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,2}?(?:siege|blockade))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Besieged();

    [GeneratedRegex(@"\b(?:(?:held|controlled|run|ruled|governed)\s+by|under\s+(?:the\s+)?(?:full\s+|firm\s+|complete\s+|total\s+)?(?:[\w'’-]+\s+){0,3}?control|in\s+the\s+hands\s+of|in\s+(?:[\w'’-]+\s+){1,2}hands)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HeldPhrase();

    [GeneratedRegex(@"\b(?:positions?|posts?|headquarters|bases?|outposts?|barracks|fortifications|strongholds|defen[cs]e\s+lines)\s+(?:in|inside|within|at)\s+(?:the\s+)?(?:(?:villages?|towns?|city|district|neighbou?rhoods?)\s+(?:of\s+)?)?", RegexOptions.IgnoreCase)]
    private static partial Regex PositionsIn();

    // only the destination: "withdrew (from Q) to", so the withdrawal's own cue keeps "withdrew from"
    [GeneratedRegex(@"(?<=\b(?:withdr(?:ew|awn|aw|awing)|retreat(?:ed|ing)?|pull(?:ed|ing)\s+back|fell\s+back|fled|redeploy(?:ed|ing)?|relocated|evacuated|bussed|transferred)\s+(?:[\w'’-]+\s+){0,4}?)(?:to|into)\s+(?:the\s+)?(?:(?:nearby|neighbou?ring|adjacent)\s+)?(?:(?:villages?|towns?|city|area)\s+(?:of\s+)?)?|\btook\s+refuge\s+in\s+(?:the\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex WithdrewTo();

    [GeneratedRegex(@"\b(?:retain(?:s|ed|ing)?|kept|keep(?:s|ing)?|maintain(?:s|ed|ing)?|preserv(?:e|es|ed|ing))\s+(?:full\s+|firm\s+|its\s+|their\s+)?(?:control|hold|grip)\s+(?:of|over|on)\s+|\bheld\s+on\s+to\s+", RegexOptions.IgnoreCase)]
    private static partial Regex KeptControl();

    [GeneratedRegex(@"(?<=\S)['’]s?\s+(?:full\s+|complete\s+|total\s+|firm\s+)?control\s+(?:over|of)\s+(?:the\s+)?(?:(?:villages?|towns?|city)\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ControlOver();

    [GeneratedRegex(@"\b(?:broke|break|breaks|breaking|broken|lift(?:ed|ing|s)?|end(?:ed|ing|s)?|ease[ds]?|easing)\s+(?:\S+\s+){0,3}$", RegexOptions.IgnoreCase)]
    private static partial Regex SiegeEndedBefore();

    [GeneratedRegex(@"^\s+(?:in|inside)\s+(?:the\s+)?(?:(?:town|city|village|district|area|pocket|enclave|neighbou?rhood)s?\s+of\s+)?(?:(?:al|el|ad|as|ar)-)?$|^\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}(?:in|inside)\s+(?:the\s+)?(?:(?:town|city|village|district|area|pocket|enclave|neighbou?rhood)s?\s+of\s+)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex InsideGap();

    [GeneratedRegex(@"^\s+(?:(?:fighters|militants|members|forces|units|troops|soldiers)\s+)?(?:(?:is|are|was|were|remains?|remained|being|been|have|has|had|still|now|effectively|completely|fully|reportedly)\s+){1,3}$", RegexOptions.IgnoreCase)]
    private static partial Regex PassiveGap();

    [GeneratedRegex(@"^\s+by\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ByGap();

    [GeneratedRegex(@"(?:\b(?:is|are|was|were|been|being|remains?|remained)\s+(?:\w+ly\s+)?|,\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PassiveRightBefore();

    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:(?:which|that)\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been|remains?|remained)\s+)?(?:(?:still|now|fully|completely|effectively|largely|reportedly)\s+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex BesiegedSubjectGap();

    [GeneratedRegex(@"^\s*(?:the\s+)?(?:[\p{L}'’]+-(?:held|controlled)\s+)?(?:(?:besieged|remaining|last|rebel|opposition|government|regime)\s+)?(?:(?:towns?|villages?|city|cities|districts?|areas?|neighbou?rhoods?|pocket|enclave)\s+(?:of\s+)?)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex BesiegedObjectGap();

    [GeneratedRegex(@"^\s+(?:of\s+)?(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,1}$", RegexOptions.IgnoreCase)]
    private static partial Regex HolderAfterGap();

    // the place a held-phrase describes: "P, (which is) (still) under", "P is the last major town held by", "P, a town near Q controlled by",
    // "P, which is located on the west bank and is under"
    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:(?:which|that)\s+(?:[^,.;]{0,80}?\s+and\s+)?)?(?:(?:is|are|remains?|has\s+been|have\s+been|lies|sits)\s+)?(?:(?:still|now|currently|largely|mostly|entirely|fully|firmly|already|also|all)\s+)*(?:(?:the|a|an|one\s+of\s+the)\s+(?:(?:last|only|main|largest|biggest|key|remaining|major|final|strategic|important|few|small|other|second)\s+)*(?:major\s+)?(?:towns?|villages?|cit(?:y|ies)|areas?|pockets?|districts?|subdistricts?|neighbou?rhoods?|regions?|enclaves?|crossings?|settlements?|localit(?:y|ies)|hubs?|junctions?)\s+(?:(?:in|of|near|on|along|south|north|east|west)\s+[^,.;]{0,60}?\s*)?(?:,\s*)?(?:(?:which|that)\s+(?:is|are|remains?)\s+)?(?:(?:still|now|currently|largely|mostly|entirely)\s+)*)?,?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HeldSubjectGap();

    [GeneratedRegex(@"^(?:\s+(?:units|forces|troops|fighters|militias?|militants))?['’]?s?\s*(?:(?:military|forward|defensive|main|remaining|last|new|key|fortified|front-?line)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HolderBeforeGap();

    [GeneratedRegex(@"\b(?:lost|los(?:e|es|ing)|loss|end(?:ed|ing|s)?|break|broke|challeng\w*|threat\w*|extend\w*|expand\w*|restor\w*|regain\w*|seek\w*|sought|for|against|attack\w*\s+on|toward\w*)\s+(?:\S+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex PositionsExcluded();

    [GeneratedRegex(@"\bobservation\s+(?:posts?|points?|towers?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ObservationPost();

    [GeneratedRegex(@"\b(?:the|a|an|its|their|two|three|both|several|other|besieged|of)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex DeterminerBefore();

    [GeneratedRegex(@"^\s*,?\s*(?:from|until|till|between|since)\s+(?:\w+\s+)?(?:\d{4}|early|late|mid)", RegexOptions.IgnoreCase)]
    private static partial Regex PastRangeAfter();

    [GeneratedRegex(@"\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PastPassiveBefore();

    [GeneratedRegex(@"\b(?:they|it|he|she|who|which)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PronounSubject();

    /// <summary>Whether a cue is one of <see cref="PassingHolds"/>.</summary>
    public static bool IsPassingHold(Trigger t) => Array.IndexOf(PassingHolds, t) >= 0;

    /// <summary>
    /// The date of a hold told in passing: a state holds from the narrative's date to the report's, so a date from the
    /// context runs to the publication (within ten days); a state dated only by a year or a month is background (none).
    /// </summary>
    public static (DateOnly From, DateOnly To, string Basis)? PassingHoldDate((DateOnly From, DateOnly To, string Basis) date, DateOnly published)
    {
        if (date.To.DayNumber - date.From.DayNumber > 27) return null;
        if (date.Basis is "explicit" || date.To >= published || published.DayNumber - date.From.DayNumber > 10) return date;
        return (date.From, published, date.Basis);
    }

    [GeneratedRegex(@"^\s*(?:the\s+)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleOnly();

    [GeneratedRegex(@"^(?:['’]s)?\s+(?:(?:last|main|key|major|remaining|final|largest|biggest|former|strategic|important|major)\s+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex HolderBefore();

    [GeneratedRegex(@"^\s+of\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex OfRightAfter();

    [GeneratedRegex(@"^(?:\s+of|\s*,|\s+in)?\s+(?:the\s+)?(?:(?:town|village|city|area|hill|district)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceAfterStronghold();

    [GeneratedRegex(@"^\s*(?:,\s*|\s+(?:is|was|remains|remained|has\s+been)\s+)(?:(?:which|that)\s+(?:is|was)\s+)?(?:still\s+)?(?:the|a|an|one\s+of\s+the)\s+(?:(?:last|only|main|largest|biggest|key|remaining|major|final|strategic|former|important)\s+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex StrongholdSubjectGap();

    [GeneratedRegex(@"^\s+(?:(?:imposed|laid)\s+)?(?:(?:by|of)\s+[^,.;]{0,50}?\s+)?(?:of|on|around|to)\s+(?:the\s+)?(?:(?:town|village|city|besieged|two|twin)\s+(?:of\s+|towns\s+of\s+)?)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SiegedPlaceGap();
}
