using System.Globalization;
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
    private readonly Dictionary<string, string> _governorateByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Lon, double Lat)> _governorateCentre = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _allies = new(StringComparer.Ordinal);
    private readonly PlaceMentionFinder _placeFinder;
    private readonly PlaceResolver _placeResolver;
    private readonly RoleAnalyzer _roles;

    /// <summary>Prepares an ingester over a faction list and a gazetteer.</summary>
    /// <param name="factions">Factions with the aliases reports use.</param>
    /// <param name="places">The gazetteer (for example the embedded places merged with OCHA and the Wikipedia map).</param>
    /// <param name="governorateAliases">Extra names of governorates (governorate as the places write it, alias).</param>
    public ReportIngester(IReadOnlyList<Faction> factions, IReadOnlyList<Place> places, IEnumerable<(string Governorate, string Alias)>? governorateAliases = null)
    {
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
        _placeFinder = new PlaceMentionFinder(_matcher, _governorateByKey);
        _placeResolver = new PlaceResolver(_governorateCentre, _matcher);
        _roles = new RoleAnalyzer(_allies);
    }

    private void Ally(string a, string b)
    {
        if (!_allies.TryGetValue(a, out var s)) _allies[a] = s = new(StringComparer.Ordinal);
        s.Add(b);
    }

    /// <summary>The place matcher over the gazetteer.</summary>
    public PlaceMatcher Matcher => _matcher;

    // ---- the pass --------------------------------------------------------------------------------------------------

    /// <summary>Reads <paramref name="text"/> and returns its candidate control facts; <paramref name="explain"/>, when given, receives the analysis of every sentence.</summary>
    public IngestResult Ingest(string text, ReportInfo info, IngestExplanation? explain = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = ReportText.Sentences(text);
        var factions = _factionFinder.Find(text, info.Published);
        var dates = DateResolver.Find(text, info.Published);

        // mentions of places and regions
        var places = new List<PlaceMention>();
        var regions = new List<(string Governorate, int Sentence)>();
        foreach (var s in sentences)
        {
            var inSentence = factions.Where(f => f.Start < s.End && f.End > s.Start).ToList();
            var found = _placeFinder.Find(text, s, inSentence);
            foreach (var p in found)
                if (p.Governorate is not null) regions.Add((p.Governorate, s.Index));
            places.AddRange(found);
        }
        _placeResolver.Resolve(places, regions);
        _placeResolver.HintSites(places);
        places = [.. places.Concat(PlaceMentionFinder.SiteReferences(text, sentences, places)).OrderBy(p => p.Start)];

        var counts = factions.Where(f => f.Kind is FactionMentionKind.Alias or FactionMentionKind.Reference)
            .GroupBy(f => f.FactionId).ToDictionary(g => g.Key, g => (Count: g.Count(), First: g.Min(f => f.Start)));
        var discourse = new Discourse(counts);

        var facts = new List<CandidateFact>();
        List<CandidateFact> previous = [];
        foreach (var s in sentences)
        {
            var sDates = dates.Where(d => d.Start >= s.Start && d.End <= s.End).ToList();
            var sPlaces = places.Where(p => p.Sentence == s.Index).ToList();
            if (discourse.Topic is { } topic && topic.Sentence >= s.Index - 3)
            {
                var refs = Anaphora.References(s, topic.Place, sPlaces).Where(r => !sPlaces.Any(p => p.Start < r.End && r.Start < p.End)).ToList();
                sPlaces = [.. sPlaces.Concat(refs).OrderBy(p => p.Start)];
            }
            var sFactions = factions.Where(f => f.Start >= s.Start && f.End <= s.End).ToList();
            discourse.NoteAttackers(text, s, sFactions);
            var (claimed, claimant) = Attribution.Claim(s.Text);
            if (claimant is not null && sFactions.FirstOrDefault(f => f.Antecedent is not null && f.Text.EndsWith(claimant, StringComparison.OrdinalIgnoreCase)) is { } referred)
                claimant = referred.Antecedent;
            if (Attribution.Corroborated(claimant)) claimed = false;
            var denial = Attribution.DenialAt(s.Text);
            var analysis = explain is null ? null : Analyse(text, s, sFactions, sPlaces, sDates, claimed, claimant, discourse.NarrativeDate);
            var sentenceFacts = new List<CandidateFact>();
            var covered = new List<(int Start, int End)>();
            foreach (var trigger in EventCues.All)
            {
                foreach (Match m in trigger.Pattern.Matches(s.Text))
                {
                    var ts = s.Start + m.Index;
                    var te = ts + m.Length;
                    if (covered.Any(c => ts < c.End && te > c.Start)) continue;
                    var produced = _roles.Apply(trigger, text, s, ts, te, sPlaces, sFactions, places, discourse, out var why);
                    var cs = s.Start + Clauses.Start(s, ts - s.Start);
                    var ce = s.Start + Clauses.End(s, te - s.Start);
                    var cueFacts = new List<string>();
                    var cue = new CueAnalysis(trigger.Name, m.Value.Trim(), text[cs..Math.Max(cs, ce)], cueFacts, produced.Count == 0 ? why : null);
                    analysis?.Cues.Add(cue);
                    if (produced.Count == 0) continue;
                    covered.Add((ts, te));
                    // the date and the claim belong to the trigger, so every place it produced shares them
                    // a date counts for the trigger only when it lies in the trigger's clause (not in ", which ... in 2017")
                    var clauseDates = sDates.Where(d => d.Start >= cs && d.End <= ce).ToList();
                    if (clauseDates.Count == 0 && !Clauses.RelativeBefore().IsMatch(s.Text[..(ts - s.Start)]))
                        clauseDates = sDates.Where(d => !Clauses.RelativeClauseAround(s, d.Start - s.Start)).ToList();
                    var date = FactDating.Of(clauseDates, ts, discourse.NarrativeDate, info.Published, s.Text, ts - s.Start, trigger, m.Value);
                    var passing = RoleAnalyzer.IsPassingHold(trigger);
                    // a state the cue tells in its own words is dated by FactDating (tense); one told in passing runs to the report
                    if (passing) { if (RoleAnalyzer.PassingHoldDate(date, info.Published) is { } pd) date = pd; else continue; }
                    // "Rebels took the town in 2013": an event dated only by a month or year long past is background, not news;
                    // one told in a relative clause about a place of the news ("P, which A captured in 2017") still says who took it
                    if (FactDating.IsBackground(date, info.Published) && !Clauses.RelativeClauseAround(s, ts - s.Start)) { explain?.Notes.Add($"{m.Value.Trim()}: background (dated only {date.From:yyyy-MM-dd}..{date.To:yyyy-MM-dd})"); continue; }
                    // "held by A since late August": A took it then
                    var since = !passing && clauseDates.Any(x => x.From == date.From && x.To == date.To && SinceBefore(text, x));
                    foreach (var (place, faction, kind, cueWords, conf) in produced)
                    {
                        // "X denied that A captured P": a counter-claim, so the place is contested
                        var k = denial >= 0 && denial < ts - s.Start && kind == "capture" ? "contested" : since && kind == "hold" ? "capture" : kind;
                        var fact = FactAssembly.Make(place, faction, _factionFinder.Holder(faction, date.To, place.Chosen?.Governorate), k, date, claimed || k == "contested" && kind == "capture", claimant, s, cueWords, k == kind ? trigger.Name : trigger.Name + (since ? "+since" : "+denied"), conf);
                        if (trigger.Mode == CueMode.Nominal) fact = FactDating.ReferBack(fact, facts);
                        if (trigger.Mode == CueMode.Attempt && sentenceFacts.Any(f => f.PlaceStart == fact.PlaceStart)) continue;
                        // "A took P, the last town held by B": the description is of the state before the change
                        if (passing && sentenceFacts.Any(f => f.PlaceStart == fact.PlaceStart || f.Place is not null && f.Place.Id == fact.Place?.Id)) continue;
                        sentenceFacts.Add(fact);
                        cueFacts.Add($"{fact.PlaceText} [{fact.Place?.Id ?? fact.Resolution}{(fact.Near is { } n ? ", near " + n.Name : "")}] {fact.FactionId} ({fact.FactionText}) {fact.Kind} {Dates(fact)} ({fact.DateBasis}) {fact.Status}{(fact.Claimant is null ? "" : " by " + fact.Claimant)}");
                        discourse.LastFactPlace = place;
                        if (faction.Kind != FactionMentionKind.Generic || faction.Antecedent is not null) discourse.LastFactionOf[(place.Antecedent ?? place).Text] = faction;
                        if (kind == "capture" && faction.Kind != FactionMentionKind.Generic || faction.Kind == FactionMentionKind.Generic && faction.Antecedent is not null && !faction.Text.StartsWith("adversary", StringComparison.Ordinal))
                            discourse.NoteAgent(faction, s.Index);
                    }
                }
            }
            // a sentence that only denies or doubts the one before ("The army denied this.") turns its captures into contests or claims
            if (sentenceFacts.Count == 0 && previous.Count > 0 && Attribution.RefersBack(s.Text))
            {
                if (denial >= 0) Replace(facts, previous, f => f.Kind == "capture" ? f with { Kind = "contested", Status = "claimed", Rule = f.Rule + "+denied" } : f, explain, "denied in the next sentence");
                else if (Attribution.Hedged(s.Text)) Replace(facts, previous, f => f with { Status = "claimed", Claimant = f.Claimant ?? claimant }, explain, "doubted in the next sentence");
            }
            facts.AddRange(sentenceFacts);
            if (sentenceFacts.Count > 0) previous = sentenceFacts;
            if (Anaphora.Introduced(text, sPlaces) is { } introduced) discourse.Topic = (introduced.Antecedent ?? introduced, s.Index);
            if (discourse.LastFactPlace is { } lf && sentenceFacts.Count > 0) discourse.Topic = (lf.Antecedent ?? lf, s.Index);
            else if (discourse.Topic is { } t && sPlaces.Any(p => (p.Antecedent ?? p) == t.Place)) discourse.Topic = (t.Place, s.Index);
            if (analysis is not null) explain!.Sentences.Add(analysis);
            // the narrative moves on with the sentence's event date, not with background ("since 2014", ", which ... last year")
            // a year named in passing ("used in 2016") is background: the narrative keeps its day
            var narrative = sDates.Where(x => !x.IsSpeech && !x.IsDateline && !SinceBefore(text, x) && !Clauses.RelativeClauseAround(s, x.Start - s.Start) && x.To.DayNumber - x.From.DayNumber <= 31
                && !FactDating.IsBackground((x.From, x.To, ""), info.Published)).LastOrDefault()
                ?? (sDates.All(x => x.IsSpeech || x.IsDateline) ? sDates.LastOrDefault(x => !x.IsDateline) ?? sDates.LastOrDefault() : null);
            if (narrative is not null) discourse.NarrativeDate = (narrative.From, narrative.To, "context");
        }
        return new IngestResult(info, [.. FactAssembly.Deduplicate(facts)]);
    }

    private static bool SinceBefore(string text, DateMention d) =>
        SinceRightBefore().IsMatch(text[Math.Max(0, d.Start - 12)..d.Start]) || text[d.Start..d.End].StartsWith("since", StringComparison.OrdinalIgnoreCase);

    private static void Replace(List<CandidateFact> facts, List<CandidateFact> previous, Func<CandidateFact, CandidateFact> change, IngestExplanation? explain, string why)
    {
        for (var i = 0; i < previous.Count; i++)
        {
            var j = facts.IndexOf(previous[i]);
            var changed = change(previous[i]);
            if (j >= 0) facts[j] = changed;
            if (changed != previous[i]) explain?.Notes.Add($"{previous[i].PlaceText} {previous[i].FactionId} {previous[i].Kind} -> {changed.Kind} {changed.Status}: {why}");
            previous[i] = changed;
        }
    }

    private static string Dates(CandidateFact f) => f.IsExactDate ? f.DateFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{f.DateFrom:yyyy-MM-dd}..{f.DateTo:yyyy-MM-dd}";

    private static SentenceAnalysis Analyse(string text, Sentence s, List<FactionMention> sFactions, List<PlaceMention> sPlaces, List<DateMention> sDates,
        bool claimed, string? claimant, (DateOnly From, DateOnly To, string Basis)? narrative) =>
        new(s.Index, s.Text,
            [.. sFactions.Select(f => $"{f.Text} = {f.FactionId}{(f.Kind == FactionMentionKind.Alias ? "" : $" ({f.Kind.ToString().ToLowerInvariant()}{(f.Antecedent is null ? "" : " of " + f.Antecedent)})")}")],
            [.. sPlaces.Select(p => $"{p.Text} {(p.IsRegion ? "region" : p.IsSite ? $"site{(p.Near is null ? "" : " near " + p.Near.Name)}" : p.Chosen is { } c ? $"{p.Resolution} {c.Id}" : p.Resolution)}{(RoleAnalyzer.Usable(text, p, s) ? "" : " (not a place taken here)")}")],
            [.. sDates.Select(d => $"{text[d.Start..d.End]} = {(d.IsExact ? d.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{d.From:yyyy-MM-dd}..{d.To:yyyy-MM-dd}")}{(d.IsSpeech ? " (speech)" : d.IsDateline ? " (dateline)" : "")}")],
            claimed ? $"claimed{(claimant is null ? "" : " by " + claimant)}" : claimant is null ? "stated as fact" : $"confirmed (independent sides: {claimant})",
            narrative is { } n ? (n.From == n.To ? n.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{n.From:yyyy-MM-dd}..{n.To:yyyy-MM-dd}") : null, []);

    [GeneratedRegex(@"\bsince\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SinceRightBefore();
}
