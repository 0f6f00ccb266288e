using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Gazetteer;

/// <summary>How one incoming place was merged.</summary>
/// <param name="IncomingId">Id of the place in the imported gazetteer.</param>
/// <param name="ResultId">Id of the place it became or was merged into.</param>
/// <param name="Outcome">merged, added or ambiguous.</param>
/// <param name="Candidates">For an ambiguous place, the existing places it could be (ids).</param>
public sealed record MergeDecision(string IncomingId, string ResultId, string Outcome, ImmutableArray<string> Candidates);

/// <summary>The places after a merge and what happened to each incoming one.</summary>
/// <param name="Places">Existing places (with new alternate names) followed by the added ones.</param>
/// <param name="Decisions">One decision per incoming place, in input order.</param>
public sealed record MergeResult(ImmutableArray<Place> Places, ImmutableArray<MergeDecision> Decisions)
{
    /// <summary>Incoming places merged into an existing one.</summary>
    public int Merged => Decisions.Count(d => d.Outcome == "merged");

    /// <summary>Incoming places added as new places.</summary>
    public int Added => Decisions.Count(d => d.Outcome == "added");

    /// <summary>Incoming places that matched several existing places equally well: added as new, with the candidates noted.</summary>
    public int Ambiguous => Decisions.Count(d => d.Outcome == "ambiguous");
}

/// <summary>
/// Merges a second gazetteer into a set of places: an incoming place whose name matches an existing place's (after
/// <see cref="NameKey"/> normalisation, score ≥ 0.85; ≥ 0.7 within half that distance) within <c>maxKm</c> is the same place and contributes its spellings as
/// alternate names; one near no namesake is added; one near several namesakes, none clearly nearest, is added and
/// reported as ambiguous. Existing places keep their ids, names and coordinates. Deterministic.
/// </summary>
public static class GazetteerMerger
{
    /// <summary>Merges <paramref name="incoming"/> into <paramref name="existing"/>.</summary>
    /// <param name="existing">The places already there.</param>
    /// <param name="incoming">The gazetteer being imported.</param>
    /// <param name="maxKm">How far apart two records of one place may be.</param>
    /// <param name="progress">Called with the fraction done, if given.</param>
    public static MergeResult Merge(IReadOnlyList<Place> existing, IReadOnlyList<Place> incoming, double maxKm = 3.0, Action<double>? progress = null)
    {
        var matcher = new PlaceMatcher(existing);
        var extraNames = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var fillAdmin = new Dictionary<string, AdminUnits>(StringComparer.Ordinal);
        var ids = new HashSet<string>(existing.Select(p => p.Id), StringComparer.Ordinal);
        var added = new List<Place>();
        var decisions = ImmutableArray.CreateBuilder<MergeDecision>(incoming.Count);
        for (var i = 0; i < incoming.Count; i++)
        {
            if (progress is not null && i % 256 == 0) progress((double)i / incoming.Count);
            var inc = incoming[i];
            var near = new Dictionary<Place, (double Score, double Km)>(ReferenceEqualityComparer.Instance);
            foreach (var name in inc.AllNames)
                foreach (var m in matcher.Match(name, 0.7))
                {
                    var km = GeoDistance.Km(inc, m.Place);
                    // a close spelling anywhere within maxKm; a looser one (a vowel or letter apart) only very near
                    if (km > maxKm || m.Score < 0.85 && km > maxKm / 2) continue;
                    if (!near.TryGetValue(m.Place, out var cur) || cur.Score < m.Score) near[m.Place] = (m.Score, km);
                }
            var ranked = near.OrderBy(kv => kv.Value.Km - 2 * kv.Value.Score).ThenBy(kv => kv.Key.Id, StringComparer.Ordinal).ToList();
            Place? target = null;
            if (ranked.Count == 1) target = ranked[0].Key;
            else if (ranked.Count > 1)
            {
                var (a, b) = (ranked[0].Value, ranked[1].Value);
                if (a.Km <= 0.5 * b.Km || a.Score - b.Score >= 0.05 && a.Km <= b.Km) target = ranked[0].Key;
            }
            if (target is not null)
            {
                if (!extraNames.TryGetValue(target.Id, out var l)) extraNames[target.Id] = l = [];
                l.AddRange(inc.AllNames);
                if (target.Admin.Governorate is null && inc.Admin.Governorate is not null && !fillAdmin.ContainsKey(target.Id)) fillAdmin[target.Id] = inc.Admin;
                decisions.Add(new MergeDecision(inc.Id, target.Id, "merged", []));
                continue;
            }
            var id = inc.Id;
            for (var n = 2; !ids.Add(id); n++) id = $"{inc.Id}-{n}";
            var candidates = ranked.Select(kv => kv.Key.Id).ToImmutableArray();
            var place = inc with { Id = id };
            if (candidates.Length > 0)
                place = place with { Note = Join(inc.Note, $"possibly the same as {string.Join(", ", candidates)} (ambiguous merge)") };
            added.Add(place);
            decisions.Add(new MergeDecision(inc.Id, id, candidates.Length > 0 ? "ambiguous" : "added", candidates));
        }
        var result = ImmutableArray.CreateBuilder<Place>(existing.Count + added.Count);
        foreach (var p in existing)
        {
            var q = p;
            if (extraNames.TryGetValue(p.Id, out var names))
            {
                var known = new HashSet<string>(p.AllNames, StringComparer.Ordinal);
                var alt = p.AlternateNames.IsDefault ? [] : p.AlternateNames;
                var more = names.Where(n => !string.IsNullOrWhiteSpace(n) && known.Add(n)).ToList();
                if (more.Count > 0) q = q with { AlternateNames = alt.AddRange(more) };
            }
            if (fillAdmin.TryGetValue(p.Id, out var admin)) q = q with { Admin = admin with { PCode = p.Admin.PCode ?? admin.PCode } };
            result.Add(q);
        }
        result.AddRange(added);
        progress?.Invoke(1);
        return new MergeResult(result.ToImmutable(), decisions.ToImmutable());
    }

    /// <summary>
    /// Gives every place without a governorate the governorate of the nearest place that has one, when that place is
    /// within <paramref name="maxKm"/> (the Wikipedia map has no admin units; OCHA and the embedded places do).
    /// </summary>
    public static ImmutableArray<Place> InferGovernorates(IReadOnlyList<Place> places, double maxKm = 15)
    {
        const double cell = 0.1;
        var grid = new Dictionary<(int, int), List<Place>>();
        foreach (var p in places.Where(p => p.Admin.Governorate is not null))
        {
            var k = ((int)Math.Floor(p.Lon / cell), (int)Math.Floor(p.Lat / cell));
            if (!grid.TryGetValue(k, out var l)) grid[k] = l = [];
            l.Add(p);
        }
        var reach = (int)Math.Ceiling(maxKm / 9.0) + 1;
        var result = ImmutableArray.CreateBuilder<Place>(places.Count);
        foreach (var p in places)
        {
            if (p.Admin.Governorate is not null) { result.Add(p); continue; }
            var (cx, cy) = ((int)Math.Floor(p.Lon / cell), (int)Math.Floor(p.Lat / cell));
            Place? best = null;
            var bestKm = maxKm;
            for (var dx = -reach; dx <= reach; dx++)
                for (var dy = -reach; dy <= reach; dy++)
                    if (grid.TryGetValue((cx + dx, cy + dy), out var l))
                        foreach (var q in l)
                        {
                            var km = GeoDistance.Km(p, q);
                            if (km < bestKm) (best, bestKm) = (q, km);
                        }
            result.Add(best is null ? p : p with { Admin = new AdminUnits(best.Admin.Governorate, best.Admin.District, best.Admin.Subdistrict, p.Admin.PCode) });
        }
        return result.ToImmutable();
    }

    private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : a + " " + b;
}
