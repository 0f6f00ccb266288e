using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Finds the place names of a sentence: capitalised spans matched in the gazetteer, longest first; a governorate's name
/// used as a region ("southern Idlib", "Hama province") is marked as one; a whole span no gazetteer knows is kept unresolved.
/// </summary>
internal sealed partial class PlaceMentionFinder(PlaceMatcher matcher, IReadOnlyDictionary<string, string> governorateByKey)
{
    // outlets and groups whose names look like places ("Al Arabiya", "al-Qaeda"), and site words that name no place alone ("Brigade", "Base", "Tal")
    private static readonly HashSet<string> NamesOfNoPlace = new(StringComparer.OrdinalIgnoreCase) { "qaeda", "qaida", "arabiya", "jazeera", "hadath", "manar", "anadolu", "rudaw", "hawar", "baladi", "sputnik" };
    private static readonly HashSet<string> NotAlone = new(StringComparer.OrdinalIgnoreCase) { "tal", "tel", "tell", "base", "brigade", "regiment", "battalion", "division", "airport", "airbase", "camp", "dam", "hill", "mount", "jabal", "jebel", "neighbourhood", "neighborhood", "district" };

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "on", "in", "at", "of", "and", "or", "but", "then", "since", "after", "before", "as", "so", "however", "meanwhile",
        "according", "also", "earlier", "later", "last", "this", "that", "these", "those", "there", "it", "its", "they", "their", "we", "he", "she",
        "syria", "syrian", "turkish", "turkey", "russian", "russia", "iranian", "iran", "kurdish", "arab", "american", "us", "u.s", "nato", "un", "israeli",
        "army", "forces", "force", "front", "state", "national", "islamic", "government", "military", "police", "air", "aerospace", "ministry",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "video", "photo", "photos", "support", "source",
        "news", "agency", "reports", "report", "read", "more", "watch", "click", "note", "disclaimer", "articles", "logo", "wide",
        "helpful", "keywords", "reuters", "telegram", "twitter", "media", "activists", "sources", "pro", "highway", "international",
        "province", "governorate", "countryside", "region", "city", "town", "village", "villages", "towns", "north", "south", "east", "west",
        "northern", "southern", "eastern", "western", "greater", "central", "desert", "euphrates", "party", "group", "council", "units",
        "god", "allah", "shia", "shiite", "shi'ite", "shi’ite", "shi'a", "shi’a", "sunni", "alawite", "christian", "druze", "yazidi", "turkmen", "circassian", "levant", "president", "minister", "foreign", "commander", "emir", "leader", "head", "team", "humanitarian", "response",
        "iraq", "iraqi", "lebanon", "lebanese", "jordan", "jordanian", "israel", "saudi", "arabia", "egypt", "egyptian", "qatar", "qatari",
        "baghdad", "mosul", "ramadi", "fallujah", "tikrit",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "centre", "center", "research", "globalization", "global", "wire", "century", "files", "member", "southfront", "front's",
    };


    public List<PlaceMention> Find(string text, Sentence s, List<FactionMention> factions)
    {
        var result = new List<PlaceMention>();
        foreach (var (a, b) in ReportText.NameSpans(s.Text))
        {
            var start = s.Start + a;
            var words = WordSpans(text, start, s.Start + b);
            if (Site(text, s, words, factions) is { } site) { result.Add(site); continue; }
            var i = 0;
            while (i < words.Count)
            {
                var matched = false;
                for (var j = words.Count; j > i; j--)
                {
                    var (ws, we) = (words[i].Start, words[j - 1].End);
                    var phrase = text[ws..we];
                    var ww = words.Skip(i).Take(j - i).Select(w => text[w.Start..w.End]).ToList();
                    if (ww.All(w => StopWords.Contains(TrimArticle(w)) || StopWords.Contains(w))) continue;
                    if (factions.Any(f => ws < f.End && we > f.Start)) continue;
                    if (ww.Count == 1 && ww[0].Length < 3) continue;
                    if (ww.Count == 1 && AllCapitals(ww[0])) continue; // a dateline (BEIRUT) or an acronym (SOHR) is no place
                    if (StopWords.Contains(ww[0])) continue;
                    if (ww.Any(w => NamesOfNoPlace.Contains(TrimArticle(w)) || NamesOfNoPlace.Contains(w))) continue;
                    if (ww.Count == 1 && NotAlone.Contains(ww[0])) continue;
                    var before = text[Math.Max(0, ws - 40)..ws];
                    var after = text[we..Math.Min(text.Length, we + 40)];
                    var gov = governorateByKey.GetValueOrDefault(NameKey.Of(phrase));
                    // a governorate's name is its capital only when it stands alone ("the city of Idlib", "captured Raqqa."),
                    // not as a modifier ("Hama villages", "the Idlib offensive") or a region ("in Idlib", "southern Idlib")
                    var region = gov is not null && !CityOfBefore().IsMatch(before)
                        && (RegionWordAfter().IsMatch(after) || RegionWordBefore().IsMatch(before)
                            || InOrAcrossBefore().IsMatch(before)
                            || !NameEndsAfter().IsMatch(after));
                    region |= gov is null && RegionWordAfter().IsMatch(after) && !AreaWordAfter().IsMatch(after);
                    var matches = matcher.Match(phrase, 0.82).ToList();
                    if (matches.Count == 0 && gov is null)
                    {
                        if (j - i == 1 || j < words.Count || ww.Any(w => StopWords.Contains(w) || StopWords.Contains(TrimArticle(w)))) continue; // an unresolved name must be the whole span
                        result.Add(new PlaceMention(ws, we, phrase, s.Index) { IsRegion = region });
                        matched = true;
                        i = j;
                        break;
                    }
                    result.Add(new PlaceMention(ws, we, phrase, s.Index) { Matches = matches, IsRegion = region, Governorate = gov });
                    matched = true;
                    i = j;
                    break;
                }
                if (!matched)
                {
                    // A whole capitalised span that is no known place and no stop word: keep it as an unresolved name.
                    if (i == 0 && words.Count > 0)
                    {
                        var (ws, we) = (words[0].Start, words[^1].End);
                        var ww = words.Select(w => text[w.Start..w.End]).ToList();
                        var verbLike = ww.Count == 1 && (ws == s.Start || VerbLikeEnding().IsMatch(ww[0]) || AllCapitals(ww[0]));
                        if (!verbLike && !ww.Any(w => StopWords.Contains(w) || StopWords.Contains(TrimArticle(w))) && !factions.Any(f => ws < f.End && we > f.Start) && we - ws >= 4)
                            result.Add(new PlaceMention(ws, we, text[ws..we], s.Index) { IsRegion = RegionWordAfter().IsMatch(text[we..Math.Min(text.Length, we + 40)]) });
                        break;
                    }
                    i++;
                }
            }
        }
        return SitePhrases(text, s, result, factions);
    }

    private static bool AllCapitals(string w) => w.Count(char.IsLetter) >= 2 && w.All(c => !char.IsLetter(c) || char.IsUpper(c));

    private static string TrimArticle(string w)
    {
        var dash = w.IndexOfAny(['-', '‑']);
        return dash is > 0 and <= 3 ? w[(dash + 1)..] : w;
    }

    private static List<(int Start, int End)> WordSpans(string text, int start, int end)
    {
        var list = new List<(int, int)>();
        var i = start;
        while (i < end)
        {
            while (i < end && char.IsWhiteSpace(text[i])) i++;
            var s = i;
            while (i < end && !char.IsWhiteSpace(text[i])) i++;
            if (i > s)
            {
                // a possessive ends the name: "Morek's capture", "al-Shadadi’s fall"
                if (i - s > 3 && text[i - 1] == 's' && text[i - 2] is '\'' or '’') { list.Add((s, i - 2)); break; }
                list.Add((s, i));
            }
        }
        // a leading "The" or an adjective ("Regime-held", "Turkish-backed") is not part of the name
        while (list.Count > 1 && (text[list[0].Item1..list[0].Item2] is "The" or "the"
            || AdjectivalPrefix().IsMatch(text[list[0].Item1..list[0].Item2])))
            list.RemoveAt(0);
        return list;
    }

    [GeneratedRegex(@"\b(?:city|town)\s+of\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex CityOfBefore();

    [GeneratedRegex(@"^\s*(?:province|governorate|countryside|region|area|areas|desert|plain|plains|suburbs|district|canton|pocket|enclave|sector|de-escalation zone)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegionWordAfter();

    [GeneratedRegex(@"(?:(?:provinces|governorates|regions)\s+of\s+(?:the\s+)?(?:[\p{L}'’-]+\s*(?:,|and)\s*)*|province\s+of|governorate\s+of|(?:areas|parts|swathes|swaths|much|most|territory|territories|villages|towns)\s+of|countryside\s+of|region\s+of|outskirts\s+of|greater|(?:north|south|east|west|central)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionWordBefore();

    [GeneratedRegex(@"\b(?:in|across)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex InOrAcrossBefore();

    [GeneratedRegex(@"^\s*(?:[.,;:!?)(]|$|and\b|or\b|on\b|in\b|from\b|after\b|before\b|when\b|itself\b|was\b|is\b|has\b|had\b|remains?\b|fell\b|city\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NameEndsAfter();

    [GeneratedRegex(@"^\s*(?:areas?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AreaWordAfter();

    [GeneratedRegex(@"(?:ed|ing|ly|s)$")]
    private static partial Regex VerbLikeEnding();

    [GeneratedRegex(@"[-‑](?:held|controlled|occupied|dominated|run|backed|led|linked|affiliated|based|allied)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdjectivalPrefix();
}
