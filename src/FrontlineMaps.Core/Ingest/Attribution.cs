using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Who says what: "according to X", "X said/claimed/reported", "\"...\", said X", "media close to X" and hedges
/// (allegedly, reportedly) make a statement claimed, with the claimant when one is named.
/// </summary>
internal static partial class Attribution
{
    [GeneratedRegex(@"\baccording\s+to\s+(?:the\s+|an?\s+)?(?:(?:reports?|statements?|claims?|sources?|data)\s+(?:by|of|from)\s+(?:the\s+)?)?(?<c>[^,.;:“”""]{2,60}?)(?=\s*[,.;:]|\s+(?:the|a)\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AccordingTo();

    [GeneratedRegex(@"(?<c>(?:\b[\p{L}'’-]+\s+){0,4}?[\p{L}'’-]+)(?:\s*\([^)]{1,20}\))?\s+(?:(?:has|have|had)\s+)?(?:said|say|says|saying|claim|claimed|claims|reported|reports|announced|announces|stated|states|alleged|alleges|insisted|denied|denies|acknowledged|told\s+[\p{L}-]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpeakerBefore();

    [GeneratedRegex(@"[”""]\s*,?\s*(?:said|says|claimed|reported|told\s+\w+)\s+(?<c>[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3})|,\s*(?:said|says)\s+(?<c>[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3})", RegexOptions.None)]
    private static partial Regex SpeakerAfter();

    [GeneratedRegex(@"\b(?:allegedly|reportedly|purportedly|supposedly|reported\s+to|said\s+to|believed\s+to|unconfirmed|claim(?:s|ed)?|rumou?r\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hedge();

    [GeneratedRegex(@"\bmedia\s+close\s+to\s+(?:the\s+)?[\p{L}'’ -]{2,30}?(?=\s+(?:reported|said|claimed))", RegexOptions.IgnoreCase)]
    private static partial Regex MediaCloseTo();

    private static readonly HashSet<string> NotClaimants = new(StringComparer.OrdinalIgnoreCase) { "it", "he", "she", "they", "which", "who", "that", "this", "and", "also", "was", "were", "is" };

    public static (bool Claimed, string? Claimant) Claim(string sentence)
    {
        if (MediaCloseTo().Match(sentence) is { Success: true } mc) return (true, mc.Value.Trim());
        if (AccordingTo().Match(sentence) is { Success: true } at) return (true, Clean(at.Groups["c"].Value));
        if (SpeakerAfter().Match(sentence) is { Success: true } sa) return (true, Clean(sa.Groups["c"].Value));
        if (SpeakerBefore().Match(sentence) is { Success: true } sb) return (true, Clean(sb.Groups["c"].Value));
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
}
