using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Roles of states told in passing: strongholds ("the A stronghold of P", "P, the last stronghold of A", "P, A's main
/// bastion") and broken sieges ("A broke the siege of P": the besieged side holds P). Both are holds on the report's date.
/// </summary>
internal sealed partial class RoleAnalyzer
{
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
            if (!ListGap().IsMatch(text[places[^1].End..p.Start]) || !Usable(text, p, s, locative: false)) break;
            places.Add(p);
        }
        foreach (var p in places) result.Add((p, agent, trigger.Kind, text[ts..te].Trim(), trigger.Confidence));
    }

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
