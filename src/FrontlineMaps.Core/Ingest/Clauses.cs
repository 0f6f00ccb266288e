using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Clause boundaries inside a sentence: coordination with a new verb, subordinators (but, while, after, before...),
/// relative clauses (", which ..."), dashes and punctuation (not the colon that opens a list: "took the following villages: P, Q").
/// A cue's roles are looked for inside its clause.
/// </summary>
internal static partial class Clauses
{
    public static bool RelativeClauseAround(Sentence s, int local)
    {
        var before = s.Text[..Math.Max(0, local)];
        var m = OpenRelativeClause().Match(before);
        return m.Success;
    }

    public static int Start(Sentence s, int local)
    {
        var start = 0;
        foreach (Match m in ClauseBoundary().Matches(s.Text[..local]))
            if (!m.Value.StartsWith(',')) start = m.Index + m.Length;
        return start;
    }

    public static int End(Sentence s, int localEnd, bool allowComma = false)
    {
        var m = ClauseBoundary().Match(s.Text, Math.Min(localEnd, s.Text.Length));
        while (m.Success && allowComma && m.Value.StartsWith(',') && !RelativeOrParticipleComma().IsMatch(m.Value)) m = m.NextMatch();
        return m.Success ? m.Index : s.Text.Length;
    }

    [GeneratedRegex(@"[.;!?]|(?<!\bfollowing\s+(?:[\w-]+\s+){0,2}[\w-]+\s*):|\s(?:and|then)\s+(?:then\s+|also\s+|later\s+)?(?:broke|began|went|took|lost|left|made|won|fled|withdrew|moved|launched|pushed|shelled|bombed|struck|killed|seized|captured|entered|advanced|attacked|repelled|reached|besieged|surrounded|cut|blocked|destroyed|announced|said|claimed|declared)\b|,\s*(?:but|while|which|who|whereas|although|and\s+then|after|before|as|when|causing|killing|leaving)\b|\s(?:but|before|after|while|whereas|although|as\s+long\s+as|because|since|amid|where)\s|\s[—–]\s?|—", RegexOptions.IgnoreCase)]
    public static partial Regex ClauseBoundary();

    [GeneratedRegex(@",\s*(?:which|that)\s+(?:\S+\s+){0,5}$", RegexOptions.IgnoreCase)]
    public static partial Regex RelativeBefore();

    [GeneratedRegex(@",\s*(?:which|where|who|that)\b[^,;.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenRelativeClause();

    [GeneratedRegex(@"\b(?:which|who|while|causing|killing)\b")]
    private static partial Regex RelativeOrParticipleComma();
}
