using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Words that name a faction only through the report's context: a second name ("the SNA, previously known as the Free
/// Syrian Army"), a foreign army's Syrian allies ("Turkish troops and allied Syrian forces"), a head noun referring back
/// ("the Front"), generic nouns ("the jihadists", "militants", "the army") and pronouns ("rebels said they captured P").
/// </summary>
public sealed partial class FactionMentions
{
    private static readonly HashSet<string> Jihadist = new(StringComparer.Ordinal) { "ISIS", "Nusra", "HTS" };

    private void ResolveReferences(string text, List<FactionMention> found, DateOnly published)
    {
        bool Free(int s, int e) => !found.Any(f => s < f.End && e > f.Start);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        // "A, previously known as B": B names A
        for (var i = 1; i < found.Count; i++)
            if (KnownAs().IsMatch(text[found[i - 1].End..found[i].Start]))
                found[i] = found[i] with { FactionId = found[i - 1].FactionId, Options = found[i - 1].Options, Kind = FactionMentionKind.Reference, Antecedent = found[i - 1].Text };
        // "allied Syrian forces" after a foreign army: the Syrians who hold its ground, not the Syrian army
        foreach (Match m in AlliedSyrians().Matches(text))
        {
            var sponsor = found.LastOrDefault(f => f.End <= m.Index && m.Index - f.End < 300 && _groundHolders.ContainsKey(f.FactionId));
            if (sponsor is null) continue;
            found.RemoveAll(f => f.Start < m.Index + m.Length && f.End > m.Index);
            var holders = _groundHolders[sponsor.FactionId];
            found.Add(new FactionMention(m.Index, m.Index + m.Length, FactionLexicon.On(holders, published)!, m.Value, FactionMentionKind.Reference, sponsor.Text, holders));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (Match m in HeadReference().Matches(text))
        {
            if (!Free(m.Index, m.Index + m.Length)) continue;
            var head = m.Groups["h"].Value;
            var earlier = found.LastOrDefault(f => f.End <= m.Index && f.Kind == FactionMentionKind.Alias && f.Text.Contains(head, StringComparison.OrdinalIgnoreCase));
            if (earlier is not null) found.Add(new FactionMention(m.Index, m.Index + m.Length, earlier.FactionId, m.Value, FactionMentionKind.Reference, earlier.Text, earlier.Options));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        var generic = new List<FactionMention>();
        // a name used as a modifier ("the Turkish military point", "Russian jets") does not make its army the one acting next
        bool Acting(FactionMention f) => !AttributiveAfter().IsMatch(text[f.End..Math.Min(text.Length, f.End + 30)]);
        // a headline opens with the bare noun, capitalised ("Army retakes P"); inside a line "Army" is part of a name
        foreach (Match m in GenericNoun().Matches(text))
        {
            if (!Free(m.Index, m.Index + m.Length)) continue;
            var state = m.Groups["s"].Success;
            // "the jihadists", "extremists" are the jihadist groups of the report (ISIS, Nusra, HTS) when it names one
            var earlier = (m.Groups["j"].Success ? found.LastOrDefault(f => f.End <= m.Index && Jihadist.Contains(f.FactionId)) : null)
                ?? found.LastOrDefault(f => f.End <= m.Index && IsState(f.FactionId) == state && (!state || Acting(f)));
            // "the army" of a report that has named no state's army yet: a group named an army ("the Syrian National Army"), else the Syrian government
            if (earlier is null && state)
                earlier = found.LastOrDefault(f => f.End <= m.Index && f.Kind == FactionMentionKind.Alias && f.Text.Contains("Army", StringComparison.OrdinalIgnoreCase));
            if (earlier is null && state && !_government.IsEmpty)
            {
                generic.Add(new FactionMention(m.Index, m.Index + m.Length, FactionLexicon.On(_government, published)!, m.Value, FactionMentionKind.Generic, null, _government));
                continue;
            }
            if (earlier is not null) generic.Add(new FactionMention(m.Index, m.Index + m.Length, earlier.FactionId, m.Value, FactionMentionKind.Generic, earlier.Antecedent ?? earlier.Text, earlier.Options));
        }
        found.AddRange(generic);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        // "Rebels said they captured P", "the group said it had seized P": the pronoun is the group that speaks or acts before it
        var pronouns = new List<FactionMention>();
        foreach (Match m in PronounAgent().Matches(text))
        {
            var g = m.Groups["p"];
            if (!Free(g.Index, g.Index + g.Length)) continue;
            var subject = found.LastOrDefault(f => f.End <= g.Index && g.Index - f.End < 200 && f.Kind != FactionMentionKind.Adjective
                && !text[f.End..g.Index].Contains('.', StringComparison.Ordinal) && SubjectAfter().IsMatch(text[f.End..Math.Min(text.Length, f.End + 40)]));
            if (subject is not null)
                pronouns.Add(new FactionMention(g.Index, g.Index + g.Length, subject.FactionId, g.Value, FactionMentionKind.Generic, subject.Antecedent ?? subject.Text, subject.Options));
        }
        found.AddRange(pronouns);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>
    /// The head of a coordinated agent: "rebels and the Nusra Front seized P", "Turkish troops and allied groups took P" are
    /// told of the first group named, which leads; <paramref name="f"/> itself when it is not the last of such a pair.
    /// </summary>
    public static FactionMention FirstConjunct(string text, List<FactionMention> mentions, FactionMention f)
    {
        var head = f;
        for (var i = mentions.IndexOf(f) - 1; i >= 0; i--)
        {
            var g = mentions[i];
            if (g.Kind == FactionMentionKind.Adjective || g.End > head.Start || !Conjunction().IsMatch(text[g.End..head.Start])) break;
            head = g;
        }
        return head;
    }

    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:and|as\s+well\s+as|along\s+with|together\s+with)\s+(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex Conjunction();

    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?,\s*(?:previously|formerly|also|once|now|better)\s+(?:known|called|named)\s+(?:as\s+)?(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex KnownAs();

    [GeneratedRegex(@"\b(?:(?:allied|affiliated|backed|proxy)\s+Syrian\s+(?:armed\s+)?(?:forces|fighters|rebels|groups|factions|militias|troops|opposition(?:\s+(?:forces|fighters|groups|factions))?)|(?:its|their)\s+(?:Syrian\s+)?(?:allies|proxies|backed\s+[\w-]+))\b", RegexOptions.IgnoreCase)]
    private static partial Regex AlliedSyrians();

    [GeneratedRegex(@"^\s+(?:observation\s+)?(?:point|post|outpost|base|convoy|positions?|checkpoints?|patrols?|vehicles?|drones?|jets?|warplanes?|aircraft|air\s*strikes?|artillery|shelling|tanks?|border)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AttributiveAfter();

    // a pronoun that is the subject of a capture told after the group ("said they", "claimed it had")
    [GeneratedRegex(@"\b(?<p>they|it)\s+(?:(?:have|has|had|also|then|later|now|reportedly|finally|successfully|had\s+also)\s+){0,2}(?:captured|seized|took|retook|recaptured|liberated|regained|overran|stormed|entered|gained\s+control|taken|seized\s+control)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PronounAgent();

    // the group is the subject: a verb follows it ("Rebels said", "the SDF announced", "ISIS fighters had")
    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?(?:,[^,]{0,40},\s*)?(?:(?:also|later|then|have|has|had)\s+)?(?:said|say|says|claimed|claim|claims|announced|announce|reported|stated|declared|insisted|confirmed|added|told|were|was|had|have|has|are|is)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SubjectAfter();

    [GeneratedRegex(@"\b[Tt]he\s+(?<h>Front|Army|Group|Movement|Brigades?|Units|Forces|Council|Party|Organi[sz]ation|Coalition)\b")]
    private static partial Regex HeadReference();

    [GeneratedRegex(@"\b(?:(?<j>(?:the\s+)?(?:jihadist|extremist)\s+(?:group|organi[sz]ation)|jihadists|extremists)|(?<n>(?:the\s+)?(?:militant|terrorist|insurgent)\s+(?:group|organi[sz]ation)|militants|terrorists|insurgents|fighters|gunmen|mercenaries|(?<=^[ \t]*)(?:Militants|Insurgents))|(?<s>army|troops|soldiers|(?<=^[ \t]*)(?:Army|Troops|Soldiers)))\b", RegexOptions.Multiline)]
    private static partial Regex GenericNoun();
}
