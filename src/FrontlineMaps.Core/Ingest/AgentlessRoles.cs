using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Roles of events whose agent is not the grammatical subject: nominalisations ("A's capture of P", "the capture of P by A",
/// "the fall of P", "P's capture"), agentless events ("P fell on Friday", "P was captured") and withdrawals ("troops
/// withdrew from P, leaving it to A"). When the clause names no agent, the side that was advancing in the last sentences
/// (<see cref="Discourse"/>) is the agent; when none was, nothing is emitted.
/// </summary>
internal sealed partial class RoleAnalyzer
{
    private delegate List<PlaceMention> ObjectFinder(int from, int to, bool requireNear);

    private void Nominal(Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, ObjectFinder objects, Reason why)
    {
        var before = text[Math.Max(s.Start, ts - 60)..ts];
        if (PurposeBefore().IsMatch(before)) { why.Text = "a capture aimed at, planned or fought for is not one"; return; }
        var possessivePlace = text[ts..te].TrimStart().StartsWith('\'') || text[ts..te].TrimStart().StartsWith('’');
        // "Its capture": the reference to the topic stands right before the cue
        var its = sPlaces.FirstOrDefault(p => p.Antecedent is not null && p.End <= ts && string.IsNullOrWhiteSpace(text[p.End..ts]) && text[p.Start..p.End].Equals("its", StringComparison.OrdinalIgnoreCase));
        List<PlaceMention> places;
        if (its is not null) places = [its];
        else if (possessivePlace)
        {
            // "P's capture": the place right before the cue
            var p = sPlaces.LastOrDefault(p => p.End == ts || p.End < ts && string.IsNullOrWhiteSpace(text[p.End..ts]));
            places = p is not null && !p.IsRegion && (p.Matches.Count > 0 || p.IsSite) ? [p] : [];
        }
        else
            places = [.. objects(te, s.End, true).TakeWhile((p, i) => i == 0 ? string.IsNullOrWhiteSpace(text[te..p.Start]) || SettlementWordsOnly().IsMatch(text[te..p.Start]) : true)];
        if (places.Count == 0) { why.Text = "no place right after the cue"; return; }
        // only the list directly after the cue ("the capture of A, B and C")
        places = [.. places.Where((p, i) => i == 0 || ListLink().IsMatch(text[places[i - 1].End..p.Start]))];
        var end = places[^1].End;
        if (HypotheticalAfter().IsMatch(text[end..Math.Min(s.End, end + 50)])) { why.Text = "a hypothetical capture (would, could, will)"; return; }

        FactionMention? agent = null;
        // "A's capture of P": the possessor; "the capture of P by A" / "the fall of P to A": the faction after
        agent = possessivePlace ? null : sFactions.LastOrDefault(f => f.End <= ts && PossessiveRightBefore().IsMatch(text[f.End..ts]));
        agent ??= sFactions.FirstOrDefault(f => f.Start >= end && ByOrToRightBefore().IsMatch(text[end..f.Start]));
        agent ??= subjectAgent();
        agent ??= d.Attacker(s, s.End);
        if (agent is null) { why.Text = "no agent: no possessor, no 'by A', no subject and no side advancing in the last sentences"; return; }
        foreach (var p in places) result.Add((p, agent, trigger.Kind, text[ts..te].Trim(), trigger.Confidence * (agent.Start < s.Start ? 0.85 : 1)));
    }

    private void Agentless(Trigger trigger, string text, Sentence s, int ts, int te, int clauseStart, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, ObjectFinder objects, Reason why)
    {
        // the subject: the place (or list) right before the cue in its clause
        var subject = objects(s.Start + clauseStart, ts, false);
        var last = subject.LastOrDefault();
        if (last is null || !SubjectGap().IsMatch(text[last.End..ts])) { why.Text = "no place as the subject right before the cue"; return; }
        // "Juqali village in western Afrin were cleared": Afrin only locates the subject
        if (InPlaceBefore().IsMatch(text[Math.Max(s.Start, last.Start - 40)..last.Start]) || ThingInPlace(text[(s.Start + clauseStart)..last.Start])) { why.Text = "the place before the cue only locates its subject"; return; }
        subject = [.. subject.Where(p => p == last || ListLink().IsMatch(text[p.End..last.Start]))];
        // "P was seized from A": the side that took it is not A nor its allies
        var from = sFactions.FirstOrDefault(f => f.Start >= te && FromRightBefore().IsMatch(text[te..f.Start]));
        var friends = from is null ? null : allies.GetValueOrDefault(from.FactionId);
        bool Loser(string id) => from is not null && (id == from.FactionId || friends?.Contains(id) == true);
        var agent = d.Attacker(s, ts, Loser);
        // "the YPG announced that P has been cleared of ISIS": a side telling its own liberation of a place is its agent
        if (agent is null && TakerVerb().IsMatch(text[ts..te]))
        {
            var claimant = Attribution.Claim(s.Text).Claimant;
            agent = sFactions.FirstOrDefault(f => f.Start >= te && ByRightBefore().IsMatch(text[te..f.Start]) && !Loser(f.FactionId))
                ?? sFactions.LastOrDefault(f => f.End <= ts && f.Kind != FactionMentionKind.Adjective && !Loser(f.FactionId)
                    && claimant is not null && claimant.Contains(f.Text, StringComparison.OrdinalIgnoreCase));
        }
        if (agent is null) { why.Text = "agentless, and no side advancing in the last five sentences"; return; }
        // "90 percent of the city had been cleared": a part of it
        var kind = PartBeforeSubject().IsMatch(text[Math.Max(s.Start, subject[0].Start - 30)..subject[0].Start]) ? "contested" : trigger.Kind;
        foreach (var p in subject) result.Add((p, agent, kind, text[ts..te].Trim(), trigger.Confidence));
    }

    private void Withdraw(Trigger trigger, string text, Sentence s, int ts, int te, int clauseEnd, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, ObjectFinder objects, Reason why)
    {
        var leaver = subjectAgent();
        if (leaver is null) { why.Text = "no faction withdrawing"; return; }
        // "from" is the cue's own preposition here, so a place right after it is the place left
        var places = sPlaces.Where(p => p.Start >= te && p.End <= s.Start + clauseEnd && UsableAfter(text, p, s, te)).OrderBy(p => p.Start).ToList();
        if (places.Count == 0 || !string.IsNullOrWhiteSpace(text[te..places[0].Start]) && !TownOfOnly().IsMatch(text[te..places[0].Start]))
        { why.Text = "no place right after 'from' (positions, posts and areas near a place are not the place)"; return; }
        places = [.. places.Where((p, i) => i == 0 || ListLink().IsMatch(text[places[i - 1].End..p.Start]))];
        // "..., leaving the town to A" / "handing it over to A"; else the side advancing; else the report's main adversary
        var friends = allies.GetValueOrDefault(leaver.FactionId);
        bool Friendly(string id) => id == leaver.FactionId || friends?.Contains(id) == true;
        var handedTo = trigger.Name == "handed-over" ? sFactions.FirstOrDefault(f => f.Start > places[^1].End && HandedTo().IsMatch(text[places[^1].End..f.Start]) && !Friendly(f.FactionId)) : null;
        var taker = handedTo ?? sFactions.FirstOrDefault(f => f.Start > places[^1].End && LeavingTo().IsMatch(text[places[^1].End..f.Start]) && !Friendly(f.FactionId))
            ?? d.Attacker(s, s.End, Friendly);
        if (taker is null && Adversary(leaver.FactionId, d.Counts) is { } adversary)
            taker = new FactionMention(leaver.Start, leaver.End, adversary, $"adversary of {leaver.Text}", FactionMentionKind.Generic);
        if (taker is null) { why.Text = "nobody named to take over what was left"; return; }
        foreach (var p in places) result.Add((p, taker, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    private void TakenList(Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Func<FactionMention?> subjectAgent, Reason why)
    {
        // the list right after the cue, through commas and "and"
        var places = new List<PlaceMention>();
        var listEnd = -1; // the end of the last list item, kept or not: an unknown name in the list does not end it
        foreach (var p in sPlaces.Where(p => p.Start >= te && !p.IsRegion).OrderBy(p => p.Start))
        {
            var gap = listEnd < 0 ? text[te..p.Start] : text[listEnd..p.Start];
            if (listEnd < 0 ? !TownOfOnly().IsMatch(gap) : !ListGap().IsMatch(gap)) break;
            listEnd = p.End;
            if (p.Matches.Count > 0 || p.IsSite) places.Add(p);
        }
        if (places.Count == 0) { why.Text = "no list of places after the cue"; return; }
        // "taken by A", the sentence's subject, else the side advancing
        var agent = sFactions.FirstOrDefault(f => f.Start >= ts && f.End <= te) ?? subjectAgent() ?? d.Attacker(s, ts);
        if (agent is null) { why.Text = "a list of places taken, and no side advancing in the last five sentences"; return; }
        foreach (var p in places) result.Add((p, agent, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    private static void Fighting(Trigger trigger, string text, Sentence s, int ts, int te, int clauseEnd, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        Discourse d, List<(PlaceMention, FactionMention, string, string, double)> result, Reason why)
    {
        // the place fought in: "in P", "inside (parts of) P", "within P" -- not "near P" or "around P"
        var place = sPlaces.Where(p => p.Start >= te && p.End <= s.Start + clauseEnd && !p.IsRegion && (p.Matches.Count > 0 || p.IsSite))
            .FirstOrDefault(p => InsideBefore().IsMatch(text[te..p.Start]));
        if (place is null) { why.Text = "no place fought inside (near, around or towards a place is not in it)"; return; }
        // "between A and B": A; else whoever was last said to hold or take it; else the side advancing
        var between = sFactions.FirstOrDefault(f => f.Start >= te && f.End <= place.Start && BetweenRightBefore().IsMatch(text[te..f.Start]));
        var faction = between ?? d.LastFactionOf.GetValueOrDefault((place.Antecedent ?? place).Text) ?? d.Attacker(s, te);
        if (faction is null) { why.Text = "nobody named as fighting for the place"; return; }
        result.Add((place, faction, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

    [GeneratedRegex(@"\b(?:in|inside|within|for\s+control\s+of)\s+(?:(?:parts|most|much|several\s+parts)\s+of\s+|the\s+(?:centre|center|heart|streets)\s+of\s+)?(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex InsideBefore();

    /// <summary>Whether a place right after a cue that ends in its own preposition ("withdrew from") may be the place: the usual checks on what follows it, and no locative between.</summary>
    private static bool UsableAfter(string text, PlaceMention p, Sentence s, int cueEnd)
    {
        if (p.IsRegion || p.Matches.Count == 0 && !p.IsSite) return false;
        if (LocativeBefore().IsMatch(text[cueEnd..p.Start]) && !string.IsNullOrWhiteSpace(text[cueEnd..p.Start])) return false;
        var after = text[p.End..Math.Min(s.End, p.End + 120)];
        return !FrontAfter().IsMatch(after) && !PossessiveOrBackedAfter().IsMatch(after);
    }

    [GeneratedRegex(@"\b(?:aim\w*|bid|plan\w*|attempt\w*|battle|fight\w*|campaign|operation|effort\w*|push\w*|offensive|prepar\w*|order\w*|call\w*|threat\w*|seek\w*|sought|vow\w*|goal|prevent\w*|stop\w*)\s+(?:\S+\s+){0,3}?(?:at|for|to|toward|towards|against)\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PurposeBefore();

    [GeneratedRegex(@"^[^.;]{0,30}?\b(?:would|could|will|might|may)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HypotheticalAfter();

    [GeneratedRegex(@"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+)(?:the\s+(?:towns?|villages?)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListLink();

    [GeneratedRegex(@"^\s*(?:in\s+(?:the\s+)?[^,;.]{0,40}?\b(?:region|district|countryside|area|province|governorate|subdistrict)\s*)?(?:\([^)]*\)\s*)?(?:,[^,]{0,60},\s*)?(?:(?:has|have|had|finally|also|then|itself|quickly|eventually|reportedly|now)\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex SubjectGap();

    [GeneratedRegex(@"\b(?:leaving|handing|ceding|abandoning|surrendering|giving)\b[^.;]{0,60}?\b(?:to|for)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LeavingTo();

    [GeneratedRegex(@"^\s*(?:the\s+)?(?:(?:strategic|key|nearby|rebel-held|government-held|\w+-held)\s+)?(?:town|village|city|district|hill|airbase|base)s?\s+(?:of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SettlementWordsOnly();

    [GeneratedRegex(@"^['’]s?\s+(?:\w+\s+){0,2}$")]
    private static partial Regex PossessiveRightBefore();

    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?,?\s*(?:by|to)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ByOrToRightBefore();

    [GeneratedRegex(@"^\s*(?:\w+\s+){0,3}?(?:from|of)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromRightBefore();

    [GeneratedRegex(@"^\s*(?:the\s+)?(?:(?:town|village|city|district)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex TownOfOnly();

    [GeneratedRegex(@"\bbetween\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex BetweenRightBefore();

    [GeneratedRegex(@"^['’]s\b|^[-‑](?:backed|led|based|affiliated)", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveOrBackedAfter();

    [GeneratedRegex(@"^\s*,?\s*(?:\w+\s+){0,2}?(?:to|for)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HandedTo();

    [GeneratedRegex(@"\b(?:liberated|cleared|freed|purged|recaptured|regained|retaken)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TakerVerb();

    [GeneratedRegex(@"^\s*(?:\w+\s+){0,2}?by\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ByRightBefore();

    [GeneratedRegex(@"\b(?:percent|per\s+cent|%|parts?|most|half|much)\s+of\s+(?:the\s+)?(?:(?:town|village|city)\s+(?:of\s+)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PartBeforeSubject();

    [GeneratedRegex(@"\b(?:villages?|towns?|hamlets?|areas?|positions|neighbo(?:u)?rhoods?|districts?|parts?)\s+(?:in|near|outside|around)\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex InPlaceBefore();
}
