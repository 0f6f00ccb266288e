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
public sealed class ReportIngester
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
        _placeResolver = new PlaceResolver(_governorateCentre);
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
            var found = _placeFinder.Find(text, s, inSentence);
            foreach (var p in found)
                if (p.Governorate is not null) regions.Add((p.Governorate, s.Index));
            places.AddRange(found);
        }
        _placeResolver.Resolve(places, regions);

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
            foreach (var trigger in EventCues.All)
            {
                foreach (Match m in trigger.Pattern.Matches(s.Text))
                {
                    var ts = s.Start + m.Index;
                    var te = ts + m.Length;
                    if (covered.Any(c => ts < c.End && te > c.Start)) continue;
                    var produced = _roles.Apply(trigger, text, s, ts, te, sPlaces, sFactions, places, counts, ref lastFactPlace);
                    if (produced.Count == 0) continue;
                    covered.Add((ts, te));
                    // the date and the claim belong to the trigger, so every place it produced shares them
                    // a date counts for the trigger only when it lies in the trigger's clause (not in ", which ... in 2017")
                    var cs = s.Start + Clauses.Start(s, ts - s.Start);
                    var ce = s.Start + Clauses.End(s, te - s.Start);
                    var clauseDates = sDates.Where(d => d.Start >= cs && d.End <= ce).ToList();
                    if (clauseDates.Count == 0 && !Clauses.RelativeBefore().IsMatch(s.Text[..(ts - s.Start)]))
                        clauseDates = sDates.Where(d => !Clauses.RelativeClauseAround(s, d.Start - s.Start)).ToList();
                    var date = FactDating.Of(clauseDates, ts, carried, info.Published, s.Text, ts - s.Start);
                    var (claimed, claimant) = Attribution.Claim(s.Text);
                    if (claimant is not null && sFactions.FirstOrDefault(f => f.Antecedent is not null && f.Text.EndsWith(claimant, StringComparison.OrdinalIgnoreCase)) is { } referred)
                        claimant = referred.Antecedent;
                    foreach (var (place, faction, kind, cue, conf) in produced)
                    {
                        var fact = FactAssembly.Make(place, faction, kind, date, claimed, claimant, s, cue, trigger.Name, conf);
                        if (trigger.Mode == CueMode.Attempt && sentenceFacts.Any(f => f.PlaceStart == fact.PlaceStart)) continue;
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
        return new IngestResult(info, [.. FactAssembly.Deduplicate(facts)]);
    }
}
