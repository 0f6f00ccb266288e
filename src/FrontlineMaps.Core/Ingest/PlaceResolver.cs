using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Chooses among namesakes: each candidate scores its name match, a bonus for a city or town, the governorates the report
/// names (more when named nearby) and closeness to the places resolved unambiguously in the same report.
/// </summary>
internal sealed class PlaceResolver(IReadOnlyDictionary<string, (double Lon, double Lat)> governorateCentre, PlaceMatcher matcher)
{
    public void Resolve(List<PlaceMention> mentions, List<(string Governorate, int Sentence)> regions)
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
                    var near = regions.Where(r => governorateCentre.ContainsKey(r.Governorate))
                        .Select(r => GeoDistance.Km(governorateCentre[r.Governorate].Lon, governorateCentre[r.Governorate].Lat, c.Place.Lon, c.Place.Lat)).Min();
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

    /// <summary>
    /// A site no gazetteer holds gets a hint: the place its own name matches ("Kuweires" of "Kuweires airport"), else the
    /// nearest resolved place of its sentence, else the last one before.
    /// </summary>
    public void HintSites(List<PlaceMention> places)
    {
        static PlaceCandidate Of(PlaceMatch m) => new(m.Place.Id, m.Place.Name, m.Place.Lon, m.Place.Lat, m.Place.Admin.Governorate, Math.Round(m.Score, 3));
        var resolved = places.Where(p => p.Chosen is not null && !p.IsSite).ToList();
        foreach (var site in places.Where(p => p.IsSite && p.Chosen is null))
        {
            if (site.SiteName is { } name && matcher.Match(name, 0.9).FirstOrDefault() is { } own) { site.Near = Of(own); continue; }
            var near = resolved.Where(p => p.Sentence == site.Sentence).MinBy(p => Math.Abs(p.Start - site.Start))
                ?? resolved.LastOrDefault(p => p.End <= site.Start);
            site.Near = near?.Chosen;
        }
    }
}
