using System.Globalization;
using System.Runtime.InteropServices;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Generation;

/// <summary>
/// Generates a synthetic dataset with contiguous, drifting fronts, the in-process twin of the PostGIS benchmark
/// dataset (<c>../shared/bench/postgis/clustered.sql</c>).
/// </summary>
/// <remarks>
/// <para>
/// Places are uniform in the extent, as in <c>schema.sql</c>. Control comes from a moving-seed Voronoi field: a set of
/// seeds (about one per <see cref="GeneratorOptions.PlacesPerRegion"/> places), each owned by one faction, drift across
/// the extent (a straight drift plus a wobble, folded back at the edges). A place belongs to the faction of its nearest
/// seed, so factions hold contiguous regions and a place changes hands exactly when a drifting boundary passes over it.
/// The field is sampled on a coarse time grid; each change found between two grid days is placed on the exact day the
/// bisector of the two competing seeds crosses the place.
/// </para>
/// <para>
/// The drift speed is calibrated on a sample of places so that the boundary crossings slightly exceed the capture
/// budget; surplus crossings are dropped at random (a report that never came: the place's state lags, as in
/// <c>clustered.sql</c>). Around the captures the generator adds confirmations by the holder (~10% of all changes),
/// contested records (~3%) and claims (~3%) by the attacker in the days before a capture.
/// </para>
/// </remarks>
public static partial class DatasetGenerator
{
    /// <summary>Id of the single source every generated change cites.</summary>
    public const string SourceId = "synthetic";

    /// <summary>Editor named in <see cref="ControlChange.RecordedBy"/> of every generated change.</summary>
    public const string RecordedBy = "generator";

    private const double ConfirmationShare = 0.10, ContestedShare = 0.03, ClaimedShare = 0.03;
    private const double Oversample = 1.03;
    private const int MaxLeadDays = 30;

    private static readonly string[] Palette =
    [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
        "#f032e6", "#bfef45", "#469990", "#9a6324", "#800000", "#000075",
    ];

    /// <summary>Generates a dataset. Deterministic: the same options give an equal dataset.</summary>
    /// <param name="options">Sizes, extent, date range, seed and an optional progress callback.</param>
    /// <returns>The dataset: factions <c>F1</c>..<c>Fk</c>, one source, the places and the changes sorted by valid time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="GeneratorOptions.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">The changes cannot all be placed at one per place and day.</exception>
    public static Dataset Generate(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var progress = options.Progress;
        progress?.Invoke(0);

        int n = options.Places, m = options.Changes, k = options.Factions;
        int days = options.To.DayNumber - options.From.DayNumber + 1;

        var factions = MakeFactions(k);
        var source = new Source(SourceId, "FrontlineMaps", $"synthetic generator, seed {options.Seed}", null, null);

        // Places: uniform in the extent. Plane coordinates: degrees with longitude scaled by cos(mid latitude).
        double cosMid = Math.Cos((options.MinLat + options.MaxLat) / 2 * Math.PI / 180);
        float width = (float)((options.MaxLon - options.MinLon) * cosMid), height = (float)(options.MaxLat - options.MinLat);
        var px = new float[n];
        var py = new float[n];
        var places = new Place[n];
        var placeRng = SplitMix64.Derive(options.Seed, 1);
        int idDigits = Math.Max(6, Digits(n));
        for (int i = 0; i < n; i++)
        {
            double lon = Math.Round(options.MinLon + placeRng.NextDouble() * (options.MaxLon - options.MinLon), 6);
            double lat = Math.Round(options.MinLat + placeRng.NextDouble() * (options.MaxLat - options.MinLat), 6);
            px[i] = (float)((lon - options.MinLon) * cosMid);
            py[i] = (float)(lat - options.MinLat);
            string id = "p" + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(idDigits, '0');
            places[i] = new Place(id, "Village " + (i + 1).ToString(CultureInfo.InvariantCulture), [], PlaceKind.Village, lon, lat, AdminUnits.None);
        }
        progress?.Invoke(0.05);

        // The change budget.
        int nInit = Math.Min(n, m);
        int rest = m - nInit;
        int nConf = Math.Min(rest, (int)Math.Round(ConfirmationShare * m));
        int nCont = Math.Min(rest - nConf, (int)Math.Round(ContestedShare * m));
        int nClaim = Math.Min(rest - nConf - nCont, (int)Math.Round(ClaimedShare * m));
        int nCap = rest - nConf - nCont - nClaim;

        // The field and its boundary crossings.
        int seedCount = Math.Max(2 * k, (int)Math.Round(n / options.PlacesPerRegion));
        var seeds = SeedSet.Create(seedCount, k, width, height, SplitMix64.Derive(options.Seed, 2));
        Crossings crossings;
        if (nCap > 0 && days > 1)
        {
            // Crossings grow linearly with the field's speed: one pilot run on a sample of places calibrates it.
            double perPlace = Oversample * nCap / n;
            int pilot = Math.Min(n, 4000);
            double speed = perPlace / 2;
            var sample = Simulate(seeds, speed, days, px, py, pilot);
            speed *= sample.Count > 0 ? Math.Clamp(perPlace * pilot / sample.Count, 0.1, 10) : 10;
            progress?.Invoke(0.2);
            crossings = Simulate(seeds, speed, days, px, py, n);
            for (int retry = 0; retry < 3 && crossings.Count < nCap; retry++)
            {
                speed *= 1.1 * nCap / Math.Max(1, crossings.Count);
                crossings = Simulate(seeds, speed, days, px, py, n);
            }
        }
        else
        {
            crossings = Simulate(seeds, 0, days, px, py, n);
        }
        progress?.Invoke(0.6);

        var recs = BuildRecords(crossings, n, nInit, nCap, nConf, nCont, nClaim, days, SplitMix64.Derive(options.Seed, 3));
        progress?.Invoke(0.75);

        // Sort by valid time (day, then place): at most one record per place-day, so the key is unique.
        var keys = new long[recs.Length];
        for (int i = 0; i < recs.Length; i++) keys[i] = (long)recs[i].Day * n + recs[i].Place;
        Array.Sort(keys, recs);
        progress?.Invoke(0.8);

        var changes = MakeChanges(recs, places, factions, options);
        progress?.Invoke(1);

        var info = new DatasetInfo($"Synthetic fronts ({n} places, {m} changes, seed {options.Seed})", []);
        return new Dataset(
            info,
            ImmutableCollectionsMarshal.AsImmutableArray(factions),
            ImmutableCollectionsMarshal.AsImmutableArray(places),
            [source],
            ImmutableCollectionsMarshal.AsImmutableArray(changes));
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    private static Faction[] MakeFactions(int k)
    {
        var result = new Faction[k];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < k; i++)
        {
            string color = i < Palette.Length ? Palette[i] : GoldenAngleColor(i, 0);
            for (int bump = 1; !used.Add(color); bump++) color = GoldenAngleColor(i, bump);
            string id = "F" + (i + 1).ToString(CultureInfo.InvariantCulture);
            result[i] = new Faction(id, "Faction " + (i + 1).ToString(CultureInfo.InvariantCulture), id, color, [], Allies: []);
        }
        return result;
    }

    private static string GoldenAngleColor(int i, int bump)
    {
        double h = (i * 137.508 + bump * 7.3) % 360 / 60, s = 0.55 + 0.4 * ((i / 7) % 2), v = 0.6 + 0.35 * ((i / 3) % 2);
        double c = v * s, x = c * (1 - Math.Abs(h % 2 - 1)), mm = v - c;
        (double r, double g, double b) = (int)h switch
        {
            0 => (c, x, 0.0), 1 => (x, c, 0.0), 2 => (0.0, c, x), 3 => (0.0, x, c), 4 => (x, 0.0, c), _ => (c, 0.0, x),
        };
        return string.Create(CultureInfo.InvariantCulture, $"#{(int)((r + mm) * 255):x2}{(int)((g + mm) * 255):x2}{(int)((b + mm) * 255):x2}");
    }
}
