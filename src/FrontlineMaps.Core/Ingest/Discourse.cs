using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// What a report has established so far, carried from sentence to sentence: the narrative date, the place of the last fact
/// ("it", "the town"), how often each faction is named (its sides), and who has been attacking recently, so that an
/// agentless event ("Saraqib fell on Friday", "troops withdrew from P") gets the side that was advancing.
/// </summary>
internal sealed partial class Discourse(Dictionary<string, (int Count, int First)> counts)
{
    private readonly List<(FactionMention Faction, int Sentence)> _attackers = [];

    /// <summary>How often each faction is named by alias or reference, and where first.</summary>
    public Dictionary<string, (int Count, int First)> Counts => counts;

    /// <summary>The place of the latest fact.</summary>
    public PlaceMention? LastFactPlace { get; set; }

    /// <summary>The place the report is about at this point, and the sentence that made it so.</summary>
    public (PlaceMention Place, int Sentence)? Topic { get; set; }

    /// <summary>Who each place was last said to be taken, held or contested by (by place name, as written or referred to).</summary>
    public Dictionary<string, FactionMention> LastFactionOf { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The date the narrative has reached.</summary>
    public (DateOnly From, DateOnly To, string Basis)? NarrativeDate { get; set; }

    /// <summary>Notes the factions a sentence shows advancing or attacking ("Rebels pushed into...", "an offensive by A").</summary>
    public void NoteAttackers(string text, Sentence s, IEnumerable<FactionMention> sFactions)
    {
        foreach (var f in sFactions)
        {
            if (f.Kind == FactionMentionKind.Adjective) continue;
            var after = text[f.End..Math.Min(s.End, f.End + 50)];
            var before = text[Math.Max(s.Start, f.Start - 30)..f.Start];
            if (AdvanceAfter().IsMatch(after) || OffensiveBy().IsMatch(before) || OffensiveOf().IsMatch(after)) _attackers.Add((f, s.Index));
        }
    }

    /// <summary>Notes the agent of a fact: whoever takes a place is on the offensive.</summary>
    public void NoteAgent(FactionMention f, int sentence) => _attackers.Add((f, sentence));

    /// <summary>The latest attacker named before <paramref name="offset"/> within the last five sentences, other than <paramref name="except"/> and its allies.</summary>
    public FactionMention? Attacker(Sentence s, int offset, Func<string, bool>? except = null)
    {
        for (var i = _attackers.Count - 1; i >= 0; i--)
        {
            var (f, sentence) = _attackers[i];
            if (sentence < s.Index - 5) break;
            if (f.Start >= offset) continue;
            if (except is not null && except(f.FactionId)) continue;
            return f;
        }
        return null;
    }

    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,40},\s*)?(?:[a-z]+\s+){0,2}?(?:counter[-‑]?)?(?:pushed|advanced|attacked|launched|stormed|entered|moved\s+(?:into|on|towards?)|assaulted|captured|recaptured|seized|took|retook|taken|retaken|regained|overran|swept|pressed|closed\s+in|broke\s+into|besieged|encircled|surrounded|marched|poured|raced|reached|began\s+(?:an?\s+)?(?:offensive|assault|attack|advance))\b", RegexOptions.IgnoreCase)]
    private static partial Regex AdvanceAfter();

    [GeneratedRegex(@"\b(?:offensive|assault|attack|advance|push|onslaught|campaign)\b[^.;,]{0,50}?\bby\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffensiveBy();

    // "the Syrian Army operation southeast of P", "the SDF's offensive", "Turkish-backed advances": the faction is on the offensive
    [GeneratedRegex(@"^(?:['’]s)?\s+(?:(?:military|ground|new|major|latest|ongoing)\s+)?(?:operations?|offensive|assault|campaign|advances?|advancements?|push|onslaught)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OffensiveOf();
}
