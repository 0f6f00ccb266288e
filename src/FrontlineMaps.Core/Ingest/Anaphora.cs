using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// The place a report is about, and the words that refer back to it: "the town", "the village", "the city" (not "the town
/// of P", which introduces one), "it was captured", "its capture", "it fell". A place becomes the topic when a fact is about
/// it or when it is introduced as one ("The town of P", "P, a village ..."); it stays the topic for three sentences.
/// References become place mentions of the topic at their own offsets, so every cue reads them like names.
/// </summary>
internal static partial class Anaphora
{
    /// <summary>The place a sentence introduces as a settlement, if any: the new topic.</summary>
    public static PlaceMention? Introduced(string text, List<PlaceMention> sPlaces) =>
        sPlaces.LastOrDefault(p => !p.IsRegion && (p.Matches.Count > 0 || p.IsSite)
            && (IntroBefore().IsMatch(text[Math.Max(0, p.Start - 30)..p.Start]) || IntroAfter().IsMatch(text[p.End..Math.Min(text.Length, p.End + 50)])));

    /// <summary>Mentions of <paramref name="topic"/> made by the references in <paramref name="s"/>.</summary>
    public static List<PlaceMention> References(Sentence s, PlaceMention topic, List<PlaceMention> sPlaces)
    {
        var result = new List<PlaceMention>();
        foreach (Match m in Reference().Matches(s.Text))
        {
            var g = m.Groups["r"];
            // "it" is only the topic when no other place or region was named before it in the sentence ("in Raqqa before it was...")
            if (!g.Value.StartsWith("the", StringComparison.OrdinalIgnoreCase) && sPlaces.Any(p => p.Start < s.Start + g.Index)) continue;
            result.Add(new PlaceMention(s.Start + g.Index, s.Start + g.Index + g.Length, topic.Text, s.Index)
            {
                Matches = topic.Matches, Governorate = topic.Governorate, Chosen = topic.Chosen, Candidates = topic.Candidates,
                Resolution = topic.Resolution, IsSite = topic.IsSite, SiteName = topic.SiteName, Near = topic.Near, Antecedent = topic,
            });
        }
        return result;
    }

    [GeneratedRegex(@"\b(?:town|village|city|hamlet|district)\s+of\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex IntroBefore();

    [GeneratedRegex(@"^(?:,\s+an?\s+(?:\w+\s+){0,3}(?:town|village|city|hamlet)\b|\s+(?:is|lies|sits)\s+(?:located\s+|situated\s+)?(?:\d|about|some|around|north|south|east|west|on|in|near|along))", RegexOptions.IgnoreCase)]
    private static partial Regex IntroAfter();

    // "the town" (but not "the town of P" nor "the town's residents"), "it was/had been/fell", "its capture/fall"
    [GeneratedRegex(@"(?<![\p{L}-])(?<r>[Tt]he\s+(?:town|village|city))\b(?!\s+(?:of|council|centre|center|hall|square|limits|outskirts)\b|['’]s\s+(?!capture|fall|recapture))|(?<![\p{L}-])(?<r>[Ii]t)\s+(?=(?:was|had\s+been|has\s+been|fell|has\s+fallen)\b)|(?<![\p{L}-])(?<r>[Ii]ts)\s+(?=(?:capture|recapture|fall|liberation|seizure)\b)")]
    private static partial Regex Reference();
}
