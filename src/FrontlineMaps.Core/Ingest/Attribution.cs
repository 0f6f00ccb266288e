using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Who says what: "according to X", "X said/claimed/reported", "\"...\", said X", "media close to X" and hedges
/// (allegedly, reportedly, "could not be verified") make a statement claimed, with the claimant when one is named. A
/// claimant belongs to a side (the government and its media, the opposition and the monitors, the Kurdish-led forces,
/// Turkey, the Islamic State): the same fact claimed by two sides is confirmed. A denial turns a capture into a contest.
/// </summary>
internal static partial class Attribution
{
    [GeneratedRegex(@"\baccording\s+to\s+(?:the\s+|an?\s+)?(?:(?:reports?|statements?|claims?|sources?|data)\s+(?:by|of|from)\s+(?:the\s+)?)?(?<c>[^,.;:“”""]{2,60}?)(?=\s*[,.;:]|\s+(?:the|a)\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AccordingTo();

    // the speech verb alone; the speaker is read backwards from it (a regex trying every run of words before every word is slow)
    [GeneratedRegex(@"(?:\s*\([^)]{1,20}\))?\s+(?:(?:has|have|had)\s+)?\b(?:said|say|says|saying|claim|claimed|claims|reported|reports|announced|announces|declared|declares|stated|states|alleged|alleges|insisted|denied|denies|acknowledged|told\s+[\p{L}-]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpeechVerb();

    /// <summary>Up to eight words right before the first speech verb that has a word before it ("the Syrian Observatory for Human Rights said").</summary>
    private static string? SpeakerBefore(string sentence)
    {
        foreach (Match m in SpeechVerb().Matches(sentence))
        {
            var end = m.Index;
            var words = new List<string>();
            var i = end;
            while (words.Count < 8 && i > 0)
            {
                while (i > 0 && char.IsWhiteSpace(sentence[i - 1])) i--;
                var e = i;
                while (i > 0 && (char.IsLetter(sentence[i - 1]) || sentence[i - 1] is '\'' or '’' or '-')) i--;
                if (i == e) break; // punctuation: the speaker cannot reach across it
                words.Insert(0, sentence[i..e]);
            }
            if (words.Count > 0) return string.Join(' ', words);
        }
        return null;
    }

    [GeneratedRegex(@"[”""]\s*,?\s*(?:said|says|claimed|reported|told\s+\w+)\s+(?<c>[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3})|,\s*(?:said|says)\s+(?<c>[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3})", RegexOptions.None)]
    private static partial Regex SpeakerAfter();

    [GeneratedRegex(@"\b(?:allegedly|reportedly|purportedly|supposedly|reported\s+to|said\s+to|believed\s+to|unconfirmed|unverified|claim(?:s|ed)?|rumou?r\w*|could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)\w*|(?:has|have|had|is|are)\s+(?:still\s+|yet\s+)?to\s+be\s+(?:independently\s+)?(?:confirmed|verified)|not\s+(?:yet\s+|been\s+|independently\s+)*(?:confirmed|verified))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hedge();

    [GeneratedRegex(@"\bmedia\s+close\s+to\s+(?:the\s+)?[\p{L}'’ -]{2,30}?(?=\s+(?:reported|said|claimed))", RegexOptions.IgnoreCase)]
    private static partial Regex MediaCloseTo();

    private static readonly HashSet<string> NotClaimants = new(StringComparer.OrdinalIgnoreCase) { "it", "he", "she", "they", "which", "who", "that", "this", "and", "also", "was", "were", "is" };

    public static (bool Claimed, string? Claimant) Claim(string sentence)
    {
        if (MediaCloseTo().Match(sentence) is { Success: true } mc) return (true, mc.Value.Trim());
        if (AccordingTo().Match(sentence) is { Success: true } at) return (true, Clean(at.Groups["c"].Value));
        if (SpeakerAfter().Match(sentence) is { Success: true } sa) return (true, Clean(sa.Groups["c"].Value));
        if (SpeakerBefore(sentence) is { } sb) return (true, Clean(sb));
        if (Hedge().IsMatch(sentence)) return (true, null);
        return (false, null);

        static string? Clean(string raw)
        {
            var words = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            var cut = words.FindLastIndex(w => w is "that" or "and" or "but" or "," || w.EndsWith(',') || w.EndsWith('”') || w.EndsWith('"'));
            if (cut >= 0) words = words.Skip(cut + 1).ToList();
            while (words.Count > 0 && words[0] is "the" or "The" or "a" or "A" or "also" or "On" or "on" or "In" or "in") words.RemoveAt(0);
            while (words.Count > 0 && words[^1].ToLowerInvariant() is "also" or "had" or "has" or "have" or "reportedly") words.RemoveAt(words.Count - 1);
            var c = string.Join(' ', words).Trim(' ', ',', '“', '”', '"');
            return c.Length < 2 || NotClaimants.Contains(c) || c.All(ch => !char.IsLetter(ch)) ? null : c;
        }
    }

    /// <summary>The side a claimant speaks for, or null when it cannot be told.</summary>
    public static string? Side(string? claimant)
    {
        if (claimant is null) return null;
        foreach (var (side, pattern) in Sides)
            if (pattern.IsMatch(claimant)) return side;
        return null;
    }

    private static readonly (string Side, Regex Pattern)[] Sides =
    [
        ("monitor", new Regex(@"Observatory|SOHR|Rami\s+Abd|monitor|activists?|Enab\s+Baladi|residents|witness", RegexOptions.IgnoreCase)),
        ("government", new Regex(@"SANA|state\s+(?:media|TV|television|news|agency|radio)|Syrian\s+(?:army|military|state|government|media|television|TV)|military\s+source|army|Defen[cs]e\s+Ministry\s+of\s+Syria|regime|Sham\s+FM|Ikhbariya|TASS|Sputnik|Russian|Hezbollah|al-Manar|pro-government", RegexOptions.IgnoreCase)),
        ("kurdish", new Regex(@"\bSDF\b|\bYPG\b|Hawar|ANHA|Rudaw|Kurdish|Democratic\s+Forces|Military\s+Council", RegexOptions.IgnoreCase)),
        ("turkish", new Regex(@"Anadolu|Turkish|Turkey|Daily\s+Sabah|\bTRT\b|Ankara|\bSNA\b|National\s+Army", RegexOptions.IgnoreCase)),
        ("opposition", new Regex(@"rebels?|opposition|insurgents?|\bFSA\b|\bHTS\b|Tahrir|commander", RegexOptions.IgnoreCase)),
        ("isis", new Regex(@"Amaq|Islamic\s+State|\bISIS\b|\bIS\b", RegexOptions.None)),
    ];

    /// <summary>Whether two sides are independent witnesses of one fact (two distinct known sides).</summary>
    public static bool Independent(string? a, string? b) => Side(a) is { } x && Side(b) is { } y && x != y;

    /// <summary>"X and Y said": a claimant naming two independent sides confirms the fact by itself.</summary>
    public static bool Corroborated(string? claimant) =>
        claimant is not null && claimant.Split([" and ", ", "], StringSplitOptions.RemoveEmptyEntries) is { Length: >= 2 } parts
        && parts.Select(Side).OfType<string>().Distinct().Count() >= 2;

    /// <summary>The offset in <paramref name="sentence"/> of a denial ("denied", "dismissed the reports"), or -1.</summary>
    public static int DenialAt(string sentence) => Denial().Match(sentence) is { Success: true } m ? m.Index : -1;

    /// <summary>Whether a sentence only denies or doubts what came before ("The army denied this", "This could not be verified").</summary>
    public static bool RefersBack(string sentence) => BackReference().IsMatch(sentence);

    /// <summary>Whether a sentence hedges its statements (reportedly, could not be verified).</summary>
    public static bool Hedged(string sentence) => Hedge().IsMatch(sentence);

    [GeneratedRegex(@"\b(?:deni(?:ed|es)|deny(?:ing)?|refuted|dismissed\s+(?:the\s+|these\s+|such\s+)?(?:claims?|reports?)|rejected\s+(?:the\s+|these\s+|such\s+)?(?:claims?|reports?))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\b(?:this|that|these|it|the\s+(?:claims?|reports?|statement|news|account))\b|\b(?:losing|the\s+loss\s+of|the\s+fall\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BackReference();
}
