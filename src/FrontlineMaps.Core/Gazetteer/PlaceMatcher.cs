using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Gazetteer;

/// <summary>A place whose name matched a query, and how well.</summary>
/// <param name="Place">The place.</param>
/// <param name="Score">1 for the same folded spelling, 0.97 for the same <see cref="NameKey"/>, 0.9 for the same variant key
/// (article glued, direction or type word dropped), below that a fuzzy <see cref="NameKey.Similarity"/> score.</param>
/// <param name="MatchedName">The place's name that matched.</param>
public sealed record PlaceMatch(Place Place, double Score, string MatchedName);

/// <summary>
/// Finds places by any spelling, transliteration-aware (see <see cref="NameKey"/>). Built once over a gazetteer; a lookup
/// touches only the places sharing a key or a consonant skeleton with the query. Namesakes are all returned, best first:
/// choosing between them is the caller's business (the report ingester weighs them by governorate and distance).
/// </summary>
public sealed class PlaceMatcher
{
    private readonly Dictionary<string, List<(Place Place, string Name)>> _fold = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Place Place, string Name, bool Main)>> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Place Place, string Name, string Key)>> _skeletons = new(StringComparer.Ordinal);

    /// <summary>Indexes every name of every place.</summary>
    public PlaceMatcher(IEnumerable<Place> places)
    {
        foreach (var p in places)
        {
            Places.Add(p);
            foreach (var name in p.AllNames.Distinct(StringComparer.Ordinal))
            {
                var fold = PlaceNameIndex.Fold(name);
                if (fold.Length > 0) Add(_fold, fold, (p, name));
                var variants = NameKey.Variants(name);
                for (var i = 0; i < variants.Count; i++)
                {
                    Add(_keys, variants[i], (p, name, i == 0));
                    if (NameKey.IsArabic(name)) continue;
                    var sk = NameKey.Skeleton(variants[i]);
                    if (sk.Length >= 3) Add(_skeletons, sk, (p, name, variants[i]));
                }
            }
        }
    }

    /// <summary>Every indexed place, in the order given.</summary>
    public List<Place> Places { get; } = [];

    /// <summary>
    /// The places one of whose names matches <paramref name="name"/> with a score of at least <paramref name="minScore"/>,
    /// best first, one entry per place.
    /// </summary>
    public IReadOnlyList<PlaceMatch> Match(string name, double minScore = 0.8)
    {
        var best = new Dictionary<Place, PlaceMatch>(ReferenceEqualityComparer.Instance);
        void Offer(Place p, double score, string matched)
        {
            if (score < minScore) return;
            if (!best.TryGetValue(p, out var m) || m.Score < score) best[p] = new PlaceMatch(p, score, matched);
        }

        var fold = PlaceNameIndex.Fold(name);
        if (_fold.TryGetValue(fold, out var exact))
            foreach (var (p, n) in exact) Offer(p, 1.0, n);
        var variants = NameKey.Variants(name);
        for (var i = 0; i < variants.Count; i++)
        {
            if (!_keys.TryGetValue(variants[i], out var l)) continue;
            foreach (var (p, n, main) in l) Offer(p, i == 0 && main ? 0.97 : 0.9, n);
        }
        if (!NameKey.IsArabic(name))
        {
            var key = variants[0];
            foreach (var v in variants)
            {
                var sk = NameKey.Skeleton(v);
                if (sk.Length < 3 || !_skeletons.TryGetValue(sk, out var l)) continue;
                foreach (var (p, n, k) in l) Offer(p, 0.9 * NameKey.Similarity(v, k) + (v == key ? 0 : -0.02), n);
            }
        }
        return [.. best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.Place.Id, StringComparer.Ordinal)];
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var l)) index[key] = l = [];
        l.Add(value);
    }
}

/// <summary>Great-circle distance.</summary>
public static class GeoDistance
{
    /// <summary>Distance in km between two lon/lat points (haversine, mean Earth radius).</summary>
    public static double Km(double lon1, double lat1, double lon2, double lat2)
    {
        const double R = 6371.0088;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Distance in km between two places.</summary>
    public static double Km(Place a, Place b) => Km(a.Lon, a.Lat, b.Lon, b.Lat);
}
