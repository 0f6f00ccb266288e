using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>Turns a cue's roles into candidate facts (confidence from rule, place, date and faction certainty) and merges duplicates.</summary>
internal static class FactAssembly
{
    public static CandidateFact Make(PlaceMention p, FactionMention f, string factionId, string kind, (DateOnly From, DateOnly To, string Basis) date,
        bool claimed, string? claimant, Sentence s, string cue, string rule, double confidence)
    {
        var placeFactor = p.Resolution switch { "resolved" => 1.0, "ambiguous" => 0.6, _ => 0.45 };
        var dateFactor = date.Basis switch { "explicit" => 1.0, "context" => 0.9, "vague" => 0.8, "before-context" => 0.7, _ => 0.6 };
        var factionFactor = f.Kind switch { FactionMentionKind.Alias or FactionMentionKind.Adjective => 1.0, FactionMentionKind.Reference => 0.9, _ => 0.75 };
        var factionText = f.Antecedent is { } a && !string.Equals(a, f.Text, StringComparison.OrdinalIgnoreCase) ? $"{f.Text} (= {a})" : f.Text;
        return new CandidateFact(p.Text, p.Start, p.End, p.Resolution, p.Chosen, p.Candidates, factionId, factionText, kind,
            date.From, date.To, date.Basis, claimed ? "claimed" : "confirmed", claimed ? claimant : null, s.Start, s.End, cue, rule,
            Math.Round(confidence * placeFactor * dateFactor * factionFactor, 3), p.Near);
    }

    private static readonly Dictionary<string, int> KindRank = new() { ["capture"] = 0, ["contested"] = 1, ["hold"] = 2 };

    /// <summary>
    /// One fact per place, faction and overlapping date; a capture by a faction subsumes its hold or contest of that place
    /// that day. The same fact claimed by two independent sides (the monitor and state TV) is confirmed.
    /// </summary>
    public static IEnumerable<CandidateFact> Deduplicate(List<CandidateFact> facts)
    {
        static string PlaceKey(CandidateFact f) => f.Place?.Id ?? NameKey.Of(f.PlaceText);
        var kept = new List<CandidateFact>();
        foreach (var f in facts)
        {
            var same = kept.FindIndex(k => PlaceKey(k) == PlaceKey(f) && k.FactionId == f.FactionId && k.DateFrom <= f.DateTo && f.DateFrom <= k.DateTo);
            if (same < 0) { kept.Add(f); continue; }
            var k = kept[same];
            var corroborated = f.Kind == k.Kind && f.Status == "claimed" && k.Status == "claimed" && Attribution.Independent(f.Claimant, k.Claimant);
            var both = $"{k.Claimant}; {f.Claimant}";
            if (KindRank[f.Kind] < KindRank[k.Kind] || f.Kind == k.Kind && f.Confidence > k.Confidence)
                kept[same] = k = f with { DateFrom = f.IsExactDate ? f.DateFrom : k.DateFrom, DateTo = f.IsExactDate ? f.DateTo : k.DateTo };
            if (corroborated) kept[same] = k with { Status = "confirmed", Claimant = both };
        }
        return kept.OrderBy(f => f.EvidenceStart).ThenBy(f => f.PlaceStart);
    }
}
