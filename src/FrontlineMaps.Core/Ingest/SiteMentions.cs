using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Sites: bases, airports, dams, prisons, crossings, oil and gas fields, citadels, checkpoints, hills and city quarters.
/// A site is named by a name and a site word ("Tishrin Dam", "the Taftanaz air base", "Mount Hermon"), by a number
/// ("Base 46", "the 80th Brigade base"), by a site word and the place it lies in ("the citadel of Palmyra", "an air base
/// in Deir ez-Zor") or by a possessive ("Qamishli's airport"). It resolves to the gazetteer's entry for the site when
/// there is one, under any word of its kind ("Kuweires airport" is the "Kuweires air base"), never to the town it is
/// named after; else it stays unresolved and gets a hint (<see cref="PlaceResolver.HintSites"/>).
/// </summary>
internal sealed partial class PlaceMentionFinder
{
    // the words one kind of site goes by: a site is looked up under each of them
    private static readonly string[][] SiteKinds =
    [
        ["air base", "airbase", "airport", "military airport", "military airbase", "airfield", "military air base"],
        ["base", "military base", "barracks"],
        ["dam"],
        ["border crossing", "crossing"],
        ["oil field", "gas field", "field"],
        ["prison", "central prison"],
        ["citadel", "castle"],
        ["hill", "mountain", "mount"],
        ["checkpoint"],
        ["old city"],
    ];

    /// <summary>A site named by a capitalised span and its site word, or by a number.</summary>
    private PlaceMention? Site(string text, Sentence s, List<(int Start, int End)> words, List<FactionMention> factions)
    {
        if (words.Count == 0) return null;
        var (ws, we) = (words[0].Start, words[^1].End);
        var span = text[ws..we];
        if (Numbered(text, s, ws, we) is { } n)
        {
            if (factions.Any(f => n.Start < f.End && n.UnitEnd > f.Start)) return null;
            var unit = SiteMatches(text[n.Start..n.End], "", "");
            if (unit.Count == 0) unit = SiteMatches(text[n.Start..n.UnitEnd], "", "");
            return new PlaceMention(n.Start, n.End, text[n.Start..n.End], s.Index) { IsSite = true, Matches = unit };
        }
        int nameStart = ws, nameEnd, siteEnd;
        string word;
        if (words.Count > 1 && SiteWordInside().Match(span) is { Success: true } inside) { nameEnd = ws + inside.Index; siteEnd = we; word = inside.Value.Trim(); }
        else if (words.Count > 1 && MountFirst().Match(span) is { Success: true } mount) { nameStart = ws + mount.Length; nameEnd = we; siteEnd = we; word = "mount"; }
        else if (SiteWordAfter().Match(text, we, Math.Min(s.End, we + 40) - we) is { Success: true } after && after.Index == we)
        {
            nameEnd = we;
            siteEnd = after.Groups["w"].Index + after.Groups["w"].Length;
            word = after.Groups["w"].Value;
        }
        else return null;
        var name = text[nameStart..nameEnd].Trim();
        if (name.Length < 3 || factions.Any(f => ws < f.End && siteEnd > f.Start)) return null;
        if (name.Split(' ').All(w => StopWords.Contains(w) || StopWords.Contains(TrimArticle(w)))) return null;
        var phrase = text[ws..siteEnd];
        var sites = SiteMatches(phrase, name, word);
        // a settlement so named ("Tell Dam" is a village, "Tell" no site word here) wins over an unknown site
        if (sites.Count == 0 && matcher.Match(phrase, 0.97).Any(m => !IsSitePlace(m.Place))) return null;
        return new PlaceMention(ws, siteEnd, phrase, s.Index) { IsSite = true, SiteName = name, Matches = sites };
    }

    /// <summary>"Base 46", "Brigade 93 military base", "the 80th Brigade (army) base", "the 137th Brigade Base": the phrase and where its unit and number end.</summary>
    private static (int Start, int UnitEnd, int End)? Numbered(string text, Sentence s, int ws, int we)
    {
        int start, unitEnd;
        var before = text[Math.Max(s.Start, ws - 8)..ws];
        if (UnitLast().Match(text[ws..we]) is { Success: true } last && NumberAfter().Match(text[we..Math.Min(s.End, we + 8)]) is { Success: true } number)
            (start, unitEnd) = (ws + last.Index, we + number.Length);
        else if (UnitFirst().Match(text[ws..we]) is { Success: true } first && OrdinalBefore().Match(before) is { Success: true } ordinal)
            (start, unitEnd) = (ws - (before.Length - ordinal.Index), ws + first.Length);
        else return null;
        var end = unitEnd;
        if (SiteWordAfter().Match(text, end, Math.Min(s.End, end + 40) - end) is { Success: true } more && more.Index == end) end = more.Groups["w"].Index + more.Groups["w"].Length;
        return (start, unitEnd, end);
    }

    /// <summary>Site phrases around the names found: "the citadel of P", "an air base in P", "P's airport". Each replaces its P.</summary>
    private List<PlaceMention> SitePhrases(string text, Sentence s, List<PlaceMention> found, List<FactionMention> factions)
    {
        var result = new List<PlaceMention>(found.Count);
        foreach (var p in found)
        {
            if (p.IsSite) { result.Add(p); continue; }
            var before = text[Math.Max(s.Start, p.Start - 80)..p.Start];
            var after = text[p.End..Math.Min(s.End, p.End + 40)];
            int start, end;
            string word;
            if (SiteOfPlace().Match(before) is { Success: true } of && SiteWordFits(of.Groups["w"].Value, of.Groups["m"].Value, of.Groups["p"].Value))
            {
                (start, end, word) = (p.Start - before.Length + of.Index, p.End, (of.Groups["m"].Value + of.Groups["w"].Value).Trim());
            }
            else if (PossessiveSite().Match(after) is { Success: true } own && SiteWordFits(own.Groups["w"].Value, own.Groups["m"].Value, "of"))
            {
                (start, end, word) = (p.Start, p.End + own.Length, (own.Groups["m"].Value + own.Groups["w"].Value).Trim());
            }
            else { result.Add(p); continue; }
            // the site word may already belong to a named site ("the Division 17 military base in Raqqa")
            if (found.Any(o => o != p && o.Start < end && start < o.End) || factions.Any(f => start < f.End && end > f.Start && !(f.Start >= p.Start && f.End <= p.End))) { result.Add(p); continue; }
            var phrase = text[start..end];
            var sites = SiteMatches(phrase, p.Text, word);
            result.Add(new PlaceMention(start, end, phrase, s.Index) { IsSite = true, SiteName = p.Text, Matches = sites });
        }
        return result;
    }

    // "city" is a site only as the old city, "school" only a military one, "base" only with a word that says whose or what kind
    private static bool SiteWordFits(string word, string modifiers, string preposition)
    {
        var w = word.ToLowerInvariant();
        var m = modifiers.ToLowerInvariant();
        if (w == "city") return m.Contains("old", StringComparison.Ordinal);
        if (w is "school" or "academy") return m.Length > 0;
        if (w == "base") return m.Length > 0 && preposition != "of";
        var p = preposition.ToLowerInvariant();
        var air = w.Contains("air", StringComparison.Ordinal) || w == "airport";
        return p is "of" or "in" || air || w is "prison" or "barracks";
    }

    /// <summary>
    /// The gazetteer's sites (not settlements) the phrase names: as written, under the other words of its kind, or by its
    /// own name with a word of that kind. A match must be of the same kind (a "Homs neighbourhood" is not "old Homs").
    /// </summary>
    private List<PlaceMatch> SiteMatches(string phrase, string name, string word)
    {
        var kind = SiteKinds.FirstOrDefault(k => k.Any(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase) || word.EndsWith(" " + w, StringComparison.OrdinalIgnoreCase)));
        bool SameKind(Place p) => kind is not null ? p.AllNames.Any(n => kind.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)))
            : word.Length == 0 || p.Kind == PlaceKind.Other;
        List<PlaceMatch> Sites(string n, double min) => [.. matcher.Match(n, min).Where(m => IsSitePlace(m.Place) && SameKind(m.Place))];
        // a quarter named after its city ("a Homs neighbourhood") is no quarter the gazetteer knows
        if (kind is null && name.Length > 0 && matcher.Match(name, 0.97).Any(m => m.Place.Kind is PlaceKind.City or PlaceKind.Town)) return [];
        var found = Sites(phrase, 0.82);
        if (found.Count > 0 || kind is null || name.Length == 0) return found;
        foreach (var w in kind)
        {
            found = Sites($"{name} {w}", 0.82);
            if (found.Count == 0) found = Sites($"{w} of {name}", 0.9);
            if (found.Count > 0) return found;
        }
        return Sites(name, 0.9);
    }

    /// <summary>
    /// "The base", "the airport", "the crossing", "the field": a site word with the article refers back to the last site of
    /// its kind named in the same or the five sentences before; the reference is a mention of that site.
    /// </summary>
    public static List<PlaceMention> SiteReferences(string text, IReadOnlyList<Sentence> sentences, List<PlaceMention> places)
    {
        var result = new List<PlaceMention>();
        var sites = places.Where(p => p.IsSite && p.Antecedent is null).OrderBy(p => p.Start).ToList();
        if (sites.Count == 0) return result;
        foreach (var s in sentences)
            foreach (Match m in SiteReference().Matches(s.Text))
            {
                var (start, end) = (s.Start + m.Groups["r"].Index, s.Start + m.Groups["r"].Index + m.Groups["r"].Length);
                if (places.Any(p => p.Start < end && start < p.End)) continue;
                var kind = SiteKinds.FirstOrDefault(k => k.Any(w => m.Groups["w"].Value.EndsWith(w, StringComparison.OrdinalIgnoreCase)));
                if (kind is null) continue;
                var site = sites.LastOrDefault(p => p.End <= start && p.Sentence >= s.Index - 5 && kind.Any(w => p.Text.Contains(w, StringComparison.OrdinalIgnoreCase)));
                if (site is null) continue;
                result.Add(new PlaceMention(start, end, site.Text, s.Index)
                {
                    Matches = site.Matches, Chosen = site.Chosen, Candidates = site.Candidates, Resolution = site.Resolution,
                    IsSite = true, SiteName = site.SiteName, Near = site.Near, Antecedent = site,
                });
            }
        return result;
    }

    [GeneratedRegex(@"(?<![\p{L}-])(?<r>[Tt]he\s+(?:(?:military|main|strategic|key|vast|nearby|adjacent|besieged|sprawling)\s+){0,2}(?<w>airport|air\s?base|airbase|airfield|base|dam|(?:border\s+)?crossing|prison|(?:oil\s+|gas\s+)?field|hill|mountain|citadel|barracks|checkpoint))\b(?!\s+(?:of|in|at|near)\b|['’-])")]
    private static partial Regex SiteReference();

    private static bool IsSitePlace(Place p) => p.Kind is PlaceKind.Base or PlaceKind.Other or PlaceKind.Hill;

    [GeneratedRegex(@"\s(?:(?:Military|Central|International)\s+)?(?:Air\s?[Bb]ase|Airbase|Airport|Air\s+Field|Airfield|Dam|Base|Barracks|Hill|Mountain|Academy|Oil\s+Field|Gas\s+Field|Oilfield|Gasfield|Prison|Border\s+Crossing|Crossing|Checkpoint|Citadel|Castle|Silos|Neighbou?rhood|Quarter)$")]
    private static partial Regex SiteWordInside();

    [GeneratedRegex(@"\G\s+(?<w>(?:(?:military|helicopter|international)\s+)?(?:air\s?base|airbase|airport|air\s+field|airfield)|dam|(?:(?:military|army|artillery|helicopter)\s+)?base|barracks|hill|mountain|(?:military\s+)?academy|(?:oil|gas)\s?field|(?:central\s+)?prison|(?:border\s+)?(?:crossing|checkpoint)|checkpoint|citadel|castle|silos|neighbou?rhood|quarter|district(?=\s+(?:of|in)\s+\p{Lu}))\b(?!['’-])", RegexOptions.IgnoreCase)]
    private static partial Regex SiteWordAfter();

    [GeneratedRegex(@"^(?:Mount|Mt\.?)\s+")]
    private static partial Regex MountFirst();

    [GeneratedRegex(@"\b(?:Base|Brigade|Division|Battalion|Regiment)$")]
    private static partial Regex UnitLast();

    [GeneratedRegex(@"^\s\d{1,3}\b(?![.,]\d)")]
    private static partial Regex NumberAfter();

    [GeneratedRegex(@"^(?:Brigade|Division|Battalion|Regiment)(?:\s+Base)?\b")]
    private static partial Regex UnitFirst();

    [GeneratedRegex(@"\b\d{1,3}(?:st|nd|rd|th)\s+$")]
    private static partial Regex OrdinalBefore();

    // "the citadel of", "an air base in", "the international airport in the city of", "a military base outside"
    [GeneratedRegex(@"(?<![\p{L}-])(?<m>(?:(?:military|army|artillery|international|civilian|main|helicopter|infantry|old|ancient|historic|central)\s+){0,2})(?<w>air\s?base|airbase|airport|air\s+field|airfield|base|barracks|dam|prison|citadel|castle|checkpoint|city|school|academy|(?:border\s+)?crossing|(?:oil|gas)\s?field)\s+(?<p>of|in|near|outside|at)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SiteOfPlace();

    // "P's airport", "P's main prison", "P's old city"
    [GeneratedRegex(@"^['’]s\s+(?<m>(?:(?:military|international|main|central|old|ancient)\s+){0,2})(?<w>air\s?base|airbase|airport|airfield|prison|citadel|castle|city|dam)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveSite();
}
