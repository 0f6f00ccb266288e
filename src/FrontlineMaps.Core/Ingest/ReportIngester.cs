using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Reads a plain-text news report and proposes the control facts it states: captures, holds (confirmations, repelled
/// attacks) and contested places, each with its place resolved in a gazetteer, its faction, its date resolved against
/// the publication date, its status (confirmed or claimed, and by whom), its evidence and a confidence. Pure and
/// deterministic: the same text, metadata and gazetteer give the same facts. See docs/ingest.md for the rules and limits.
/// </summary>
public sealed partial class ReportIngester
{
    private readonly PlaceMatcher _matcher;
    private readonly FactionMentions _factionFinder;
    private readonly IReadOnlyList<Faction> _factions;
    private readonly Dictionary<string, string> _governorateByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Lon, double Lat)> _governorateCentre = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _allies = new(StringComparer.Ordinal);

    /// <summary>Prepares an ingester over a faction list and a gazetteer.</summary>
    /// <param name="factions">Factions with the aliases reports use.</param>
    /// <param name="places">The gazetteer (for example the embedded places merged with OCHA and the Wikipedia map).</param>
    /// <param name="governorateAliases">Extra names of governorates (governorate as the places write it, alias).</param>
    public ReportIngester(IReadOnlyList<Faction> factions, IReadOnlyList<Place> places, IEnumerable<(string Governorate, string Alias)>? governorateAliases = null)
    {
        _factions = factions;
        _factionFinder = new FactionMentions(factions);
        _matcher = new PlaceMatcher(places);
        foreach (var g in places.Where(p => p.Admin.Governorate is not null).GroupBy(p => p.Admin.Governorate!, StringComparer.Ordinal))
        {
            _governorateCentre[g.Key] = (g.Average(p => p.Lon), g.Average(p => p.Lat));
            foreach (var k in NameKey.Variants(g.Key)) _governorateByKey.TryAdd(k, g.Key);
        }
        foreach (var (gov, alias) in governorateAliases ?? [])
        {
            var target = _governorateByKey.GetValueOrDefault(NameKey.Of(gov)) ?? gov;
            foreach (var k in NameKey.Variants(alias)) _governorateByKey.TryAdd(k, target);
        }
        foreach (var f in factions)
        {
            // Any alliance, dated or not, counts: a party allied at some time is not guessed as the adversary of a report.
            foreach (var a in f.Allies.OrEmpty().Select(x => x.Faction).Append(f.Parent).OfType<string>())
            {
                Ally(f.Id, a);
                Ally(a, f.Id);
            }
        }
    }

    private void Ally(string a, string b)
    {
        if (!_allies.TryGetValue(a, out var s)) _allies[a] = s = new(StringComparer.Ordinal);
        s.Add(b);
    }

    /// <summary>The place matcher over the gazetteer.</summary>
    public PlaceMatcher Matcher => _matcher;

    // ---- mentions -------------------------------------------------------------------------------------------------

    private sealed class PlaceMention(int start, int end, string text, int sentence)
    {
        public int Start { get; } = start;
        public int End { get; } = end;
        public string Text { get; } = text;
        public int Sentence { get; } = sentence;
        public List<PlaceMatch> Matches { get; init; } = [];
        public bool IsRegion { get; init; }
        public string? Governorate { get; init; }
        public PlaceCandidate? Chosen { get; set; }
        public ImmutableArray<PlaceCandidate> Candidates { get; set; } = [];
        public string Resolution { get; set; } = "unresolved";
    }

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
        "god", "allah", "shia", "shiite", "sunni", "alawite", "christian", "druze", "yazidi", "turkmen", "circassian", "levant", "president", "minister", "foreign", "commander", "emir", "leader", "head", "team", "humanitarian", "response",
        "centre", "center", "research", "globalization", "global", "wire", "century", "files", "member", "southfront", "front's",
    };

    private const string RegionWordsAfter = @"^\s*(?:province|governorate|countryside|region|area|areas|desert|plain|plains|suburbs|district|canton|pocket|enclave|sector|de-escalation zone)\b";
    private const string RegionWordsBefore = @"(?:(?:provinces|governorates|regions)\s+of\s+(?:the\s+)?(?:[\p{L}'’-]+\s*(?:,|and)\s*)*|province\s+of|governorate\s+of|countryside\s+of|region\s+of|outskirts\s+of|greater|(?:north|south|east|west|central)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?)\s+(?:the\s+)?$";

    private List<PlaceMention> FindPlaces(string text, Sentence s, List<FactionMention> factions)
    {
        var result = new List<PlaceMention>();
        foreach (var (a, b) in ReportText.NameSpans(s.Text))
        {
            var start = s.Start + a;
            var words = WordSpans(text, start, s.Start + b);
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
                    if (StopWords.Contains(ww[0])) continue;
                    var before = text[Math.Max(0, ws - 40)..ws];
                    var after = text[we..Math.Min(text.Length, we + 40)];
                    var gov = _governorateByKey.GetValueOrDefault(NameKey.Of(phrase));
                    // a governorate's name is its capital only when it stands alone ("the city of Idlib", "captured Raqqa."),
                    // not as a modifier ("Hama villages", "the Idlib offensive") or a region ("in Idlib", "southern Idlib")
                    var region = gov is not null && !Regex.IsMatch(before, @"\b(?:city|town)\s+of\s+$", RegexOptions.IgnoreCase)
                        && (Regex.IsMatch(after, RegionWordsAfter, RegexOptions.IgnoreCase) || Regex.IsMatch(before, RegionWordsBefore, RegexOptions.IgnoreCase)
                            || Regex.IsMatch(before, @"\b(?:in|of|across)\s+$", RegexOptions.IgnoreCase)
                            || !Regex.IsMatch(after, @"^\s*(?:[.,;:!?)(]|$|and\b|or\b|on\b|in\b|from\b|after\b|before\b|when\b|itself\b|was\b|is\b|has\b|had\b|remains?\b|fell\b)", RegexOptions.IgnoreCase));
                    region |= gov is null && Regex.IsMatch(after, RegionWordsAfter, RegexOptions.IgnoreCase) && !Regex.IsMatch(after, @"^\s*(?:areas?)\b", RegexOptions.IgnoreCase);
                    var matches = _matcher.Match(phrase, 0.82).ToList();
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
                        var verbLike = ww.Count == 1 && (ws == s.Start || Regex.IsMatch(ww[0], @"(?:ed|ing|ly|s)$"));
                        if (!verbLike && !ww.Any(w => StopWords.Contains(w) || StopWords.Contains(TrimArticle(w))) && !factions.Any(f => ws < f.End && we > f.Start) && we - ws >= 4)
                            result.Add(new PlaceMention(ws, we, text[ws..we], s.Index) { IsRegion = Regex.IsMatch(text[we..Math.Min(text.Length, we + 40)], RegionWordsAfter, RegexOptions.IgnoreCase) });
                        break;
                    }
                    i++;
                }
            }
        }
        return result;
    }

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
            if (i > s) list.Add((s, i));
        }
        // a leading "The" or an adjective ("Regime-held", "Turkish-backed") is not part of the name
        while (list.Count > 1 && (text[list[0].Item1..list[0].Item2] is "The" or "the"
            || Regex.IsMatch(text[list[0].Item1..list[0].Item2], @"[-‑](?:held|controlled|occupied|dominated|run|backed|led|linked|affiliated|based|allied)$", RegexOptions.IgnoreCase)))
            list.RemoveAt(0);
        return list;
    }

    // ---- namesakes -------------------------------------------------------------------------------------------------

    private void ResolvePlaces(List<PlaceMention> mentions, List<(string Governorate, int Sentence)> regions)
    {
        var anchors = new List<(double Lon, double Lat)>();
        PlaceCandidate ToCandidate(PlaceMatch m, double score) => new(m.Place.Id, m.Place.Name, m.Place.Lon, m.Place.Lat, m.Place.Admin.Governorate, Math.Round(score, 3));

        // Group candidates lying within 3 km of each other (one place in two gazetteers); keep the first (highest priority).
        List<PlaceMatch> Distinct(List<PlaceMatch> ms)
        {
            var kept = new List<PlaceMatch>();
            foreach (var m in ms)
                if (!kept.Any(k => GeoDistance.Km(k.Place, m.Place) < 3)) kept.Add(m);
            return kept;
        }

        var distinct = mentions.Where(m => m.Matches.Count > 0).Select(m => (Mention: m, Matches: Distinct(m.Matches))).ToList();
        foreach (var (m, d) in distinct)
        {
            if (d.Count == 1)
            {
                m.Chosen = ToCandidate(d[0], d[0].Score);
                m.Candidates = [m.Chosen];
                m.Resolution = "resolved";
                if (!m.IsRegion && d[0].Score >= 0.97) anchors.Add((d[0].Place.Lon, d[0].Place.Lat));
            }
        }
        foreach (var (m, d) in distinct.Where(x => x.Mention.Chosen is null))
        {
            var scored = new List<(PlaceMatch Match, double Score)>();
            foreach (var c in d)
            {
                var score = c.Score + c.Place.Kind switch { PlaceKind.City => 0.08, PlaceKind.Town => 0.03, _ => 0 };
                var gov = c.Place.Admin.Governorate;
                if (gov is not null)
                {
                    var w = regions.Where(r => r.Governorate == gov).Select(r => Math.Max(0.35, 1.0 / (1 + Math.Abs(r.Sentence - m.Sentence) / 4.0))).DefaultIfEmpty(0).Max();
                    score += 0.3 * w;
                }
                if (anchors.Count > 0)
                {
                    var dists = anchors.Select(a => GeoDistance.Km(a.Lon, a.Lat, c.Place.Lon, c.Place.Lat)).Order().ToList();
                    var median = dists[dists.Count / 2];
                    var nearest = dists[0];
                    score += 0.15 * Math.Exp(-median / 60) + 0.25 * Math.Exp(-nearest / 25);
                }
                else if (gov is null && regions.Count > 0)
                {
                    var near = regions.Where(r => _governorateCentre.ContainsKey(r.Governorate))
                        .Select(r => GeoDistance.Km(_governorateCentre[r.Governorate].Lon, _governorateCentre[r.Governorate].Lat, c.Place.Lon, c.Place.Lat)).Min();
                    score += 0.2 * Math.Exp(-near / 60);
                }
                scored.Add((c, score));
            }
            scored.Sort((a, b) => b.Score.CompareTo(a.Score) is var o && o != 0 ? o : string.CompareOrdinal(a.Match.Place.Id, b.Match.Place.Id));
            m.Candidates = [.. scored.Take(5).Select(x => ToCandidate(x.Match, x.Score))];
            if (scored.Count == 1 || scored[0].Score - scored[1].Score >= 0.08)
            {
                m.Chosen = m.Candidates[0];
                m.Resolution = "resolved";
                anchors.Add((m.Chosen.Lon, m.Chosen.Lat));
            }
            else m.Resolution = "ambiguous";
        }
    }

    // ---- rules -----------------------------------------------------------------------------------------------------

    private enum Mode { Active, Passive, State, Adjective, Participle, Repel, Attempt, FellTo }

    private sealed record Trigger(string Name, Regex Pattern, string Kind, Mode Mode, double Confidence);

    private static readonly Trigger[] Triggers =
    [
        new("remains-under", RemainsUnder(), "hold", Mode.State, 0.85),
        new("under-control-of", UnderControlOf(), "hold", Mode.State, 0.75),
        new("came-under", CameUnder(), "capture", Mode.State, 0.8),
        new("passive-capture", PassiveCapture(), "capture", Mode.Passive, 0.85),
        new("fell-to", FellTo(), "capture", Mode.FellTo, 0.85),
        new("participle", Participle(), "hold", Mode.Participle, 0.7),
        new("adjective", HeldAdjective(), "hold", Mode.Adjective, 0.7),
        new("repelled", Repel(), "hold", Mode.Repel, 0.7),
        new("attempt", Attempt(), "hold", Mode.Attempt, 0.45),
        new("capture", ActiveCapture(), "capture", Mode.Active, 0.85),
        new("entered", Entered(), "contested", Mode.Active, 0.65),
        new("holds", ActiveHold(), "hold", Mode.Active, 0.7),
    ];

    [GeneratedRegex(@"\b(?:remain(?:s|ed)?|is|are|was|were|stay(?:s|ed)?)\s+(?:still\s+|firmly\s+|fully\s+|now\s+)?(?:under|in)\s+(?:the\s+)?(?:full\s+|firm\s+|complete\s+)?(?:[^.;,]{0,40}?\s)?(?:control|hands)\b(?:\s+of\s+(?:the\s+)?[^.;,]{0,40})?", RegexOptions.IgnoreCase)]
    private static partial Regex RemainsUnder();

    [GeneratedRegex(@"\b(?:held|controlled)\s+by\b|\bunder\s+(?:the\s+)?(?:full\s+)?control\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnderControlOf();

    [GeneratedRegex(@"\b(?:came|come|comes|fell|has come|have come)\s+under\s+(?:the\s+)?(?:full\s+)?(?:control\s+of\b|[^.;,]{0,30}\bcontrol\b)", RegexOptions.IgnoreCase)]
    private static partial Regex CameUnder();

    [GeneratedRegex(@"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?(?:(?:re)?captured|(?:re)?taken(?:\s+over)?|seized|liberated|overrun|retaken|recaptured|regained|stormed)(?:\s+\w+ly)?\s+by\b", RegexOptions.IgnoreCase)]
    private static partial Regex PassiveCapture();

    [GeneratedRegex(@"\bfell\s+(?:in)?to\s+(?:the\s+hands\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex FellTo();

    [GeneratedRegex(@"\b(?:areas?|villages?|towns?|positions|territor(?:y|ies)|places|localities|settlements)\s+(?:\w+\s+)?(?:(?:re)?taken|(?:re)?captured|seized|held|controlled|liberated)\s+by\b", RegexOptions.IgnoreCase)]
    private static partial Regex Participle();

    [GeneratedRegex(@"(?<![\p{L}-])[\p{L}][\p{L}'’]*-(?:held|controlled|occupied|dominated|run)\s+(?:(?:town|village|city|hamlet|district|neighbo(?:u)?rhood)\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex HeldAdjective();

    [GeneratedRegex(@"(?<!\b(?:being|been|was|were|be)\s+)\b(?:repel(?:s|led|ling)?|repuls(?:e|ed|es|ing)|thwart(?:s|ed|ing)?|foil(?:s|ed|ing)?|fend(?:s|ed|ing)?\s+off|fought\s+off|beat\s+back|beaten\s+back|push(?:ed|es|ing)?\s+back|drove\s+back|held\s+off|defended|repelled)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Repel();

    [GeneratedRegex(@"\b(?:attempts?|tried|tries|trying|attempted|attempting|failed|fails|bid)\s+(?:by\s+[^.;,]{2,40}?\s+)?to\s+(?:advance\s+(?:on|into|towards?)|storm|capture|recapture|retake|take|seize|enter|regain|break\s+into)\b|\b(?:by\s+[^.;,]{2,40}?\s+)to\s+advance\s+(?:on|into)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attempt();

    [GeneratedRegex(@"\b(?:(?:took|take|takes|taking|taken|seized|seize|seizing|gained|gain|gaining|assumed|established|imposed|wrested|regained)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|(?:re)?captur(?:e|ed|es|ing)|(?:re)?took(?:\s+over)?|(?:re)?tak(?:e|es|ing)\s+over|retak(?:e|es|ing)|seiz(?:e|ed|es|ing)|liberat(?:e|ed|es|ing)|overr(?:an|un|uns|unning)|regain(?:ed|s|ing)?|(?:able|managed)\s+to\s+(?:control|capture|take|seize|retake|recapture|regain)|expel(?:led)?\s+[^.;,]{2,40}?\s+from|drove\s+[^.;,]{2,40}?\s+out\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveCapture();

    [GeneratedRegex(@"\b(?:re-?entered|entered|enter|stormed|broke\s+into|advanced\s+into|pushed\s+into|infiltrated\s+into)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Entered();

    [GeneratedRegex(@"\b(?:still\s+)?(?:holds?|controls?|held|controlled|occup(?:y|ies|ied))\s+(?:the\s+)?(?:(?:town|village|city|hamlet)\s+of\s+)?(?=(?:al-|el-|as-|ar-|ad-)?\p{Lu})")]
    private static partial Regex ActiveHold();

    [GeneratedRegex(@"\b(?:not|never|no\s+longer|n't|failed\s+to|fail\s+to|unable\s+to|without|before\s+(?:they\s+)?could|(?:prevent\w*|stop\w*|block\w*)\s+(?:\S+\s+){0,4}?from|(?:tr(?:y|ied|ies|ying)|attempt\w*|sought|seek\w*|aim\w*|plan\w*|prepar\w*|intend\w*|bid|hop\w*|want\w*|expect\w*|threat\w*|vow\w*|order\w*|push\w*)\s+(?:\S+\s+){0,5}?to(?:\s+\w+\s+and)?|will|would|could|may|might|should|must|as\s+long\s+as|if|unless|whether|in\s+order\s+to|to)\s+(?:\S+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedBefore();

    [GeneratedRegex(@"\b(?:near|nearby|around|outside|outskirts\s+of|vicinity\s+of|close\s+to|towards?|direction\s+of|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|km|kilomet(?:er|re)s?|miles|road\s+to|road\s+between|between|positions\s+(?:in|of|at)|at\s+the\s+gates\s+of|approaches\s+to|edge\s+of|by|against|from|on\s+the\s+(?:road|highway)|overlook\w*|toward)\s+(?:the\s+)?(?:(?:city|town|village|villages|towns|area|areas|countryside)\s+of\s+)?(?:[\p{L}'’-]+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex LocativeBefore();

    [GeneratedRegex(@"^(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+)(?:(?:al|el|ad|as|ar|ash|at|az|ez)-)?\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:al|el|ad|as|ar|ash|at|az|ez)-)?\p{Lu}[\p{L}'’-]*)*)*\s+(?:fronts?|axis|axes|front\s?lines?|frontlines?|battlefronts?|road|highway|crossing|dam|airport|airbase|base|junction|roundabout|bridge)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrontAfter();

    [GeneratedRegex(@"\b(?:large\s+|some\s+|several\s+|many\s+|parts?\s+|most\s+)?(?:areas|parts|neighbo(?:u)?rhoods|districts|positions|points|sectors|streets|outskirts|edges)\s+(?:in|of|inside|within)\b|\bmost\s+of\b|\bparts?\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartialBetween();

    [GeneratedRegex(@"^[^.;]{0,60}?\b(?:before\s+being\s+(?:pushed|driven|forced|repelled|expelled)|before\s+(?:they\s+were|being)\s+\w+\s+(?:back|out)|but\s+(?:were|was)\s+(?:later\s+)?(?:pushed|driven|forced|repelled|expelled))", RegexOptions.IgnoreCase)]
    private static partial Regex ReversedAfter();

    [GeneratedRegex(@"[.;:!?]|\s(?:and|then)\s+(?:then\s+|also\s+|later\s+)?(?:broke|began|went|took|lost|left|made|won|fled|withdrew|moved|launched|pushed|shelled|bombed|struck|killed|seized|captured|entered|advanced|attacked|repelled|reached|besieged|surrounded|cut|blocked|destroyed|announced|said|claimed|declared)\b|,\s*(?:but|while|which|who|whereas|although|and\s+then|after|before|as|when|causing|killing|leaving)\b|\s(?:but|before|after|while|whereas|although|as\s+long\s+as|because|since|amid|where)\s|\s[—–]\s?|—", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"\b(?:kill\w*|shell\w*|bomb\w*|struck|strik\w*|target\w*|hit|ambush\w*|wound\w*|destroy\w*|deploy\w*|establish\w*|sen[dt]|fled|flee\w*|displac\w*|evacuat\w*|besieg\w*|surround\w*|encircl\w*|shot|fir(?:e|ed|ing)\s+(?:at|on))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherVerb();

    [GeneratedRegex(@"\b(?:attack|assault|offensive|advance|push|raid|incursion|infiltration)\s+(?:\w+\s+){0,3}?(?:on|against|towards?|into)\s+(?:the\s+)?(?:(?:village|town|city|villages|towns)\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex AttackOn();

    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:is|are|was|were|remains?|remained|has\s+been|had\s+been)?\s*(?:still\s+|now\s+|firmly\s+|entirely\s+|fully\s+)?,?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DirectlyBefore();

    [GeneratedRegex(@"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+)(?:[^,.;]{0,40}?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*$", RegexOptions.IgnoreCase)]
    private static partial Regex ListBetween();

    [GeneratedRegex(@"\b(?:village|town|city|hamlet|settlement|locality|farm)s?\s+of\s+(?:[^.;:]{0,60}?(?:,|\band)\s+)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SettlementBefore();

    [GeneratedRegex(@"\b(?:attack|assault|offensive|advance|attempt|push|raid|incursion|infiltrat|storm)\w*\b", RegexOptions.IgnoreCase)]
    private static partial Regex AttackWord();

    [GeneratedRegex(@",\s*(?:which|that)\s+(?:\S+\s+){0,5}$", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeBefore();

    [GeneratedRegex(@"\b(?:came|comes|come)\s+(?:after|on\s+the\s+heels\s+of)\b|\bfollow(?:ed|s|ing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CameAfter();

    // ---- claims ----------------------------------------------------------------------------------------------------

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

    private static (bool Claimed, string? Claimant) Claim(string sentence)
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

    // ---- the pass --------------------------------------------------------------------------------------------------

    /// <summary>Reads <paramref name="text"/> and returns its candidate control facts.</summary>
    public IngestResult Ingest(string text, ReportInfo info)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = ReportText.Sentences(text);
        var factions = _factionFinder.Find(text);
        var dates = DateResolver.Find(text, info.Published);

        // mentions of places and regions
        var places = new List<PlaceMention>();
        var regions = new List<(string Governorate, int Sentence)>();
        foreach (var s in sentences)
        {
            var inSentence = factions.Where(f => f.Start < s.End && f.End > s.Start).ToList();
            var found = FindPlaces(text, s, inSentence);
            foreach (var p in found)
                if (p.Governorate is not null) regions.Add((p.Governorate, s.Index));
            places.AddRange(found);
        }
        ResolvePlaces(places, regions);

        var counts = factions.Where(f => f.Kind is FactionMentionKind.Alias or FactionMentionKind.Reference)
            .GroupBy(f => f.FactionId).ToDictionary(g => g.Key, g => (Count: g.Count(), First: g.Min(f => f.Start)));

        var facts = new List<CandidateFact>();
        (DateOnly From, DateOnly To, string Basis)? carried = null;
        var lastFactPlace = (PlaceMention?)null;
        foreach (var s in sentences)
        {
            var sDates = dates.Where(d => d.Start >= s.Start && d.End <= s.End).ToList();
            var sPlaces = places.Where(p => p.Sentence == s.Index).ToList();
            var sFactions = factions.Where(f => f.Start >= s.Start && f.End <= s.End).ToList();
            var sentenceFacts = new List<CandidateFact>();
            var covered = new List<(int Start, int End)>();
            foreach (var trigger in Triggers)
            {
                foreach (Match m in trigger.Pattern.Matches(s.Text))
                {
                    var ts = s.Start + m.Index;
                    var te = ts + m.Length;
                    if (covered.Any(c => ts < c.End && te > c.Start)) continue;
                    var produced = Apply(trigger, text, s, ts, te, sPlaces, sFactions, places, counts, ref lastFactPlace);
                    if (produced.Count == 0) continue;
                    covered.Add((ts, te));
                    // the date and the claim belong to the trigger, so every place it produced shares them
                    // a date counts for the trigger only when it lies in the trigger's clause (not in ", which ... in 2017")
                    var cs = s.Start + ClauseStart(s, ts - s.Start);
                    var ce = s.Start + ClauseEnd(s, te - s.Start);
                    var clauseDates = sDates.Where(d => d.Start >= cs && d.End <= ce).ToList();
                    if (clauseDates.Count == 0 && !RelativeBefore().IsMatch(s.Text[..(ts - s.Start)]))
                        clauseDates = sDates.Where(d => !RelativeClauseAround(s, d.Start - s.Start)).ToList();
                    var date = FactDate(clauseDates, ts, carried, info.Published, s.Text, ts - s.Start);
                    var (claimed, claimant) = Claim(s.Text);
                    if (claimant is not null && sFactions.FirstOrDefault(f => f.Antecedent is not null && f.Text.EndsWith(claimant, StringComparison.OrdinalIgnoreCase)) is { } referred)
                        claimant = referred.Antecedent;
                    foreach (var (place, faction, kind, cue, conf) in produced)
                    {
                        var fact = MakeFact(place, faction, kind, date, claimed, claimant, s, cue, trigger.Name, conf);
                        if (trigger.Mode == Mode.Attempt && sentenceFacts.Any(f => f.PlaceStart == fact.PlaceStart)) continue;
                        sentenceFacts.Add(fact);
                        lastFactPlace = place;
                    }
                }
            }
            facts.AddRange(sentenceFacts);
            if (sDates.Count > 0)
            {
                var d = sDates.LastOrDefault(x => !x.IsSpeech) ?? sDates[^1];
                carried = (d.From, d.To, "context");
            }
        }
        return new IngestResult(info, [.. Deduplicate(facts)]);
    }

    private List<(PlaceMention Place, FactionMention Faction, string Kind, string Cue, double Confidence)> Apply(
        Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        List<PlaceMention> allPlaces, Dictionary<string, (int Count, int First)> counts, ref PlaceMention? lastFactPlace)
    {
        var result = new List<(PlaceMention, FactionMention, string, string, double)>();
        var cue = text[ts..te].Trim();
        var local = ts - s.Start;
        var before = s.Text[..local];
        var negated = NegatedBefore().IsMatch(before) && trigger.Mode is not (Mode.Attempt or Mode.Repel or Mode.State or Mode.Participle);
        if (negated && trigger.Mode != Mode.Passive) return result;
        if (trigger.Mode == Mode.Passive && Regex.IsMatch(before, @"\b(?:not|never|no\s+longer)\s+(?:\S+\s+){0,1}$", RegexOptions.IgnoreCase)) return result;
        var clauseStart = ClauseStart(s, local);
        var clauseEnd = ClauseEnd(s, local + (te - ts));
        var kind = trigger.Kind;
        var conf = trigger.Confidence;

        FactionMention? Agent()
        {
            // the nearest faction before the trigger in the sentence that is not inside a prepositional phrase
            foreach (var f in sFactions.Where(f => f.End <= ts).Reverse())
            {
                var pre = text[Math.Max(s.Start, f.Start - 14)..f.Start];
                if (Regex.IsMatch(pre, @"\b(?:of|on|against|by|with|from|to|between|for|at|and)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)
                    && !Regex.IsMatch(pre, @"\band\s+(?:the\s+)?$", RegexOptions.IgnoreCase)) continue;
                if (f.Kind == FactionMentionKind.Adjective) continue;
                if (Regex.IsMatch(text[f.End..Math.Min(text.Length, f.End + 12)], @"^[-‑](?:backed|led|affiliated|linked|allied|supported)", RegexOptions.IgnoreCase)) continue;
                return f;
            }
            return null;
        }
        FactionMention? After(int from, int to) => sFactions.FirstOrDefault(f => f.Start >= from && f.Start < to);

        List<PlaceMention> Objects(int from, int to, bool requireNear)
        {
            var list = new List<PlaceMention>();
            foreach (var p in sPlaces.Where(p => p.Start >= from && p.End <= to).OrderBy(p => p.Start))
            {
                if (requireNear && list.Count == 0)
                {
                    var gap = text[from..p.Start];
                    if (gap.Length > 110 || OtherVerb().IsMatch(gap)) break;
                }
                if (!Usable(text, p, s)) continue;
                list.Add(p);
            }
            return list;
        }

        switch (trigger.Mode)
        {
            case Mode.Active:
            {
                var agent = Agent();
                if (agent is null) return result;
                var objectEnd = s.Start + clauseEnd;
                var objects = Objects(te, objectEnd, requireNear: true);
                if (objects.Count == 0 && Regex.IsMatch(text[te..Math.Min(objectEnd, te + 20)], @"^\s*(?:it|the\s+(?:town|village|city))\b", RegexOptions.IgnoreCase) && lastFactPlace is not null)
                    objects = [lastFactPlace];
                if (objects.Count == 0 && RelativeBefore().Match(s.Text[..local]) is { Success: true } rel)
                {
                    // "P and Q, which A captured ...": the relative pronoun's antecedents are the places just before it
                    var relStart = s.Start + rel.Index;
                    var last = sPlaces.LastOrDefault(p => p.End <= relStart && string.IsNullOrWhiteSpace(text[p.End..relStart]));
                    if (last is not null && Usable(text, last, s))
                        objects = [.. sPlaces.Where(p => p.End <= relStart && Usable(text, p, s) && (p == last || ListBetween().IsMatch(text[p.End..last.Start])))];
                    var subjectAgent = sFactions.LastOrDefault(f => f.End <= (objects.FirstOrDefault()?.Start ?? relStart) && f.Kind != FactionMentionKind.Adjective);
                    if (Regex.IsMatch(text[(relStart)..ts], @"\b(?:they|it|he|she)\s+(?:\S+\s+)?$", RegexOptions.IgnoreCase) && subjectAgent is not null) agent = subjectAgent;
                }
                foreach (var p in objects)
                {
                    var k = kind;
                    var between = p.Start > te ? text[te..p.Start] : "";
                    if (kind == "capture" && PartialBetween().IsMatch(between)) k = "contested";
                    if (kind == "capture" && ReversedAfter().IsMatch(text[p.End..s.End])) k = "contested";
                    if (kind == "hold" && PartialBetween().IsMatch(between)) continue;
                    result.Add((p, agent, k, cue, conf));
                }
                break;
            }
            case Mode.Passive or Mode.FellTo:
            {
                var agent = After(te - 3, s.End);
                if (agent is null) return result;
                var subject = Objects(s.Start + clauseStart, ts, requireNear: false);
                foreach (var p in subject) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case Mode.State:
            {
                var agent = After(ts, te + 30) ?? (sFactions.LastOrDefault(f => f.End <= ts && f.Kind == FactionMentionKind.Adjective));
                if (agent is null) return result;
                var subject = Objects(s.Start + clauseStart, ts, requireNear: false);
                if (trigger.Name == "under-control-of")
                {
                    // "P, held by A" / "P is under the control of A": the place (or list) right before; else "under the control of A: P"
                    var last = subject.LastOrDefault();
                    subject = last is not null && DirectlyBefore().IsMatch(text[last.End..ts]) ? subject.Where(p => p == last || ListBetween().IsMatch(text[p.End..last.Start])).ToList() : [];
                    if (subject.Count == 0 && Regex.IsMatch(text[ts..te], @"control\s+of$", RegexOptions.IgnoreCase))
                        subject = Objects(agent.End, s.Start + clauseEnd, requireNear: true).Where(p => Regex.IsMatch(text[agent.End..p.Start], @"^\s*(?:,|:|include|including|are|is|were)", RegexOptions.IgnoreCase)).ToList();
                }
                foreach (var p in subject) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case Mode.Participle:
            {
                var agent = After(te - 3, s.End);
                if (agent is null) return result;
                var after = Objects(agent.End, s.End, requireNear: false)
                    .Where(p => Regex.IsMatch(text[agent.End..p.Start], @"\b(?:include|includes|including|included|are|were|namely|such\s+as)\b|:", RegexOptions.IgnoreCase)).ToList();
                foreach (var p in after) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case Mode.Adjective:
            {
                var agent = sFactions.FirstOrDefault(f => f.Start >= ts && f.End <= te);
                if (agent is null) return result;
                var next = sPlaces.FirstOrDefault(p => p.Start == te || p.Start > te && string.IsNullOrWhiteSpace(text[te..p.Start]));
                if (next is not null && Usable(text, next, s)) result.Add((next, agent, kind, cue, conf));
                break;
            }
            case Mode.Repel:
            {
                var agent = Agent();
                if (agent is null) return result;
                var objects = Objects(te, s.Start + clauseEnd, requireNear: false)
                    .Where(p => AttackWord().IsMatch(text[te..p.Start]) && !OtherVerb().IsMatch(text[te..p.Start])).ToList();
                if (objects.Count == 0)
                {
                    // "repelled the attack": the place attacked in this or the previous two sentences
                    var target = allPlaces.Where(p => p.End <= ts && p.Sentence >= s.Index - 2 && Usable(text, p, null))
                        .LastOrDefault(p => AttackOn().IsMatch(text[Math.Max(0, p.Start - 60)..p.Start]) && Regex.IsMatch(text[Math.Max(0, p.Start - 60)..p.Start], AttackOn().ToString() + "$", RegexOptions.IgnoreCase));
                    if (target is not null && Regex.IsMatch(text[te..Math.Min(text.Length, te + 40)], @"^\s*(?:the|an?|this|that|their|its|multiple|several|repeated)?\s*(?:\w+\s+){0,2}(?:attack|assault|offensive|advance|attempt)", RegexOptions.IgnoreCase))
                        objects = [target];
                }
                foreach (var p in objects) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case Mode.Attempt:
            {
                var attacker = sFactions.LastOrDefault(f => f.Start >= ts && f.End <= te) ?? Agent();
                if (attacker is null) return result;
                var defender = Adversary(attacker.FactionId, counts);
                if (defender is null) return result;
                var objects = Objects(te, s.Start + ClauseEnd(s, te - s.Start, allowComma: true), requireNear: true);
                var mention = new FactionMention(attacker.Start, attacker.End, defender, $"adversary of {attacker.Text}", FactionMentionKind.Generic);
                foreach (var p in objects) result.Add((p, mention, kind, cue, conf));
                break;
            }
        }
        return result;
    }

    private string? Adversary(string attacker, Dictionary<string, (int Count, int First)> counts)
    {
        var allies = _allies.GetValueOrDefault(attacker) ?? [];
        return counts.Where(kv => kv.Key != attacker && !allies.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Select(kv => kv.Key).FirstOrDefault();
    }

    private static bool Usable(string text, PlaceMention p, Sentence? s)
    {
        if (p.IsRegion) return false;
        var lineStart = s?.Start ?? 0;
        var before = text[Math.Max(lineStart, p.Start - 60)..p.Start];
        // a name no gazetteer knows is taken for a place only when the report calls it one ("the village of Jehbel")
        if (p.Matches.Count == 0 && !SettlementBefore().IsMatch(text[Math.Max(lineStart, p.Start - 100)..p.Start])) return false;
        if (LocativeBefore().IsMatch(before)) return false;
        var after = text[p.End..Math.Min(text.Length, p.End + 120)];
        if (FrontAfter().IsMatch(after)) return false;
        if (Regex.IsMatch(after, @"^[-‑](?:backed|led|based|affiliated)", RegexOptions.IgnoreCase)) return false;
        if (Regex.IsMatch(after, @"^['’]s\b")) return false; // a possessive names an owner, not a place taken
        return true;
    }

    /// <summary>Whether a sentence position lies in a relative clause (", which ...", ", where ...").</summary>
    private static bool RelativeClauseAround(Sentence s, int local)
    {
        var before = s.Text[..Math.Max(0, local)];
        var m = Regex.Match(before, @",\s*(?:which|where|who|that)\b[^,;.]*$", RegexOptions.IgnoreCase);
        return m.Success;
    }

    private static int ClauseStart(Sentence s, int local)
    {
        var start = 0;
        foreach (Match m in ClauseBoundary().Matches(s.Text[..local]))
            if (!m.Value.StartsWith(',')) start = m.Index + m.Length;
        return start;
    }

    private static int ClauseEnd(Sentence s, int localEnd, bool allowComma = false)
    {
        var m = ClauseBoundary().Match(s.Text, Math.Min(localEnd, s.Text.Length));
        while (m.Success && allowComma && m.Value.StartsWith(',') && !Regex.IsMatch(m.Value, @"\b(?:which|who|while|causing|killing)\b")) m = m.NextMatch();
        return m.Success ? m.Index : s.Text.Length;
    }

    private static (DateOnly From, DateOnly To, string Basis) FactDate(List<DateMention> sDates, int triggerStart, (DateOnly From, DateOnly To, string Basis)? carried, DateOnly published, string sentence, int local)
    {
        (DateOnly From, DateOnly To, string Basis) d;
        var own = sDates.Where(x => x.Start <= triggerStart && !x.IsSpeech).LastOrDefault() ?? sDates.FirstOrDefault(x => !x.IsSpeech)
            ?? sDates.LastOrDefault(x => x.Start <= triggerStart) ?? sDates.FirstOrDefault();
        if (own is not null) d = (own.From, own.To, own.IsExact ? "explicit" : "vague");
        else if (carried is { } c) d = c;
        else d = (published.AddDays(-3), published, "publication");
        var after = CameAfter().Match(sentence);
        if (after.Success && after.Index < local && own is null) d = (d.From.AddDays(-3), d.To, "before-context");
        return d;
    }

    private static CandidateFact MakeFact(PlaceMention p, FactionMention f, string kind, (DateOnly From, DateOnly To, string Basis) date,
        bool claimed, string? claimant, Sentence s, string cue, string rule, double confidence)
    {
        var placeFactor = p.Resolution switch { "resolved" => 1.0, "ambiguous" => 0.6, _ => 0.45 };
        var dateFactor = date.Basis switch { "explicit" => 1.0, "context" => 0.9, "vague" => 0.8, "before-context" => 0.7, _ => 0.6 };
        var factionFactor = f.Kind switch { FactionMentionKind.Alias or FactionMentionKind.Adjective => 1.0, FactionMentionKind.Reference => 0.9, _ => 0.75 };
        var factionText = f.Antecedent is { } a && !string.Equals(a, f.Text, StringComparison.OrdinalIgnoreCase) ? $"{f.Text} (= {a})" : f.Text;
        return new CandidateFact(p.Text, p.Start, p.End, p.Resolution, p.Chosen, p.Candidates, f.FactionId, factionText, kind,
            date.From, date.To, date.Basis, claimed ? "claimed" : "confirmed", claimed ? claimant : null, s.Start, s.End, cue, rule,
            Math.Round(confidence * placeFactor * dateFactor * factionFactor, 3));
    }

    private static readonly Dictionary<string, int> KindRank = new() { ["capture"] = 0, ["contested"] = 1, ["hold"] = 2 };

    /// <summary>One fact per place, faction, kind and date; a capture by a faction subsumes its hold or contest of that place that day.</summary>
    private static IEnumerable<CandidateFact> Deduplicate(List<CandidateFact> facts)
    {
        static string PlaceKey(CandidateFact f) => f.Place?.Id ?? NameKey.Of(f.PlaceText);
        var kept = new List<CandidateFact>();
        foreach (var f in facts)
        {
            var same = kept.FindIndex(k => PlaceKey(k) == PlaceKey(f) && k.FactionId == f.FactionId && k.DateFrom <= f.DateTo && f.DateFrom <= k.DateTo);
            if (same < 0) { kept.Add(f); continue; }
            var k = kept[same];
            if (KindRank[f.Kind] < KindRank[k.Kind] || f.Kind == k.Kind && f.Confidence > k.Confidence)
                kept[same] = f with { DateFrom = f.IsExactDate ? f.DateFrom : k.DateFrom, DateTo = f.IsExactDate ? f.DateTo : k.DateTo };
        }
        return kept.OrderBy(f => f.EvidenceStart).ThenBy(f => f.PlaceStart);
    }
}
