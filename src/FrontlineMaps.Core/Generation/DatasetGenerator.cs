using System.Collections.Immutable;
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
public static class DatasetGenerator
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

    // ---- the moving-seed field -------------------------------------------------------------------------------------------

    /// <summary>The seeds of the field: a home position, a drift, a wobble; positions are folded back into the extent.</summary>
    private sealed class SeedSet
    {
        public required int Count, Factions;
        public required float Width, Height, Spacing;
        public required float[] HomeX, HomeY, DriftX, DriftY, Amp, FreqX, FreqY, PhaseX, PhaseY;

        public int FactionOf(int seed) => seed % Factions;

        public static SeedSet Create(int count, int factions, float width, float height, SplitMix64 rng)
        {
            float spacing = MathF.Sqrt(width * height / count);
            var s = new SeedSet
            {
                Count = count, Factions = factions, Width = width, Height = height, Spacing = spacing,
                HomeX = new float[count], HomeY = new float[count], DriftX = new float[count], DriftY = new float[count],
                Amp = new float[count], FreqX = new float[count], FreqY = new float[count], PhaseX = new float[count], PhaseY = new float[count],
            };
            for (int i = 0; i < count; i++)
            {
                s.HomeX[i] = (float)(rng.NextDouble() * width);
                s.HomeY[i] = (float)(rng.NextDouble() * height);
                double angle = rng.NextDouble() * 2 * Math.PI, speed = spacing * (0.3 + 0.4 * rng.NextDouble());
                s.DriftX[i] = (float)(Math.Cos(angle) * speed);
                s.DriftY[i] = (float)(Math.Sin(angle) * speed);
                s.Amp[i] = (float)(spacing * (0.3 + 0.4 * rng.NextDouble()));
                s.FreqX[i] = (float)(2 + 4 * rng.NextDouble());
                s.FreqY[i] = (float)(2 + 4 * rng.NextDouble());
                s.PhaseX[i] = (float)(rng.NextDouble() * 2 * Math.PI);
                s.PhaseY[i] = (float)(rng.NextDouble() * 2 * Math.PI);
            }
            return s;
        }

        /// <summary>Positions of all seeds at field time <paramref name="tau"/>.</summary>
        public void PositionsAt(double tau, Span<float> x, Span<float> y)
        {
            for (int i = 0; i < Count; i++)
            {
                x[i] = Fold(HomeX[i] + DriftX[i] * tau + Amp[i] * Math.Cos(FreqX[i] * tau + PhaseX[i]), Width);
                y[i] = Fold(HomeY[i] + DriftY[i] * tau + Amp[i] * Math.Sin(FreqY[i] * tau + PhaseY[i]), Height);
            }
        }

        // Mirror folding keeps the path continuous: a seed bounces off the edges of the extent.
        private static float Fold(double v, float size)
        {
            double period = 2.0 * size;
            v %= period;
            if (v < 0) v += period;
            return (float)(v > size ? period - v : v);
        }
    }

    /// <summary>Seed positions at each grid day, with a uniform bucket grid per grid day for nearest-seed queries.</summary>
    private sealed class FieldFrames
    {
        public required int Steps, SeedCount, Gx, Gy;
        public required float Cell;
        public required int[] StepDay;      // [Steps + 1]
        public required float[] X, Y;       // [(Steps + 1) * SeedCount]
        public required int[] CellStart;    // [(Steps + 1) * (Gx * Gy + 1)]
        public required int[] CellSeeds;    // [(Steps + 1) * SeedCount]

        public static FieldFrames Build(SeedSet seeds, double speed, int days)
        {
            // Keep each seed's move per grid step under half its spacing (see SeedSet.Create for the speeds): a boundary that
            // passes a place and comes back within one step is missed, which the calibration of the speed absorbs.
            int steps = Math.Max(1, Math.Clamp((int)Math.Ceiling(speed * 12), Math.Min(32, days - 1), Math.Max(1, days - 1)));
            int s = seeds.Count;
            float cell = seeds.Spacing;
            int gx = Math.Max(1, (int)Math.Ceiling(seeds.Width / cell)), gy = Math.Max(1, (int)Math.Ceiling(seeds.Height / cell));
            int g = gx * gy;
            var f = new FieldFrames
            {
                Steps = steps, SeedCount = s, Gx = gx, Gy = gy, Cell = cell,
                StepDay = new int[steps + 1], X = new float[(steps + 1) * s], Y = new float[(steps + 1) * s],
                CellStart = new int[(steps + 1) * (g + 1)], CellSeeds = new int[(steps + 1) * s],
            };
            var cellOf = new int[s];
            var fill = new int[g];
            for (int k = 0; k <= steps; k++)
            {
                f.StepDay[k] = (int)((long)k * (days - 1) / steps);
                var x = f.X.AsSpan(k * s, s);
                var y = f.Y.AsSpan(k * s, s);
                seeds.PositionsAt(speed * f.StepDay[k] / Math.Max(1, days - 1), x, y);
                var start = f.CellStart.AsSpan(k * (g + 1), g + 1);
                var members = f.CellSeeds.AsSpan(k * s, s);
                for (int i = 0; i < s; i++)
                {
                    int c = Math.Min(gy - 1, (int)(y[i] / cell)) * gx + Math.Min(gx - 1, (int)(x[i] / cell));
                    cellOf[i] = c;
                    start[c + 1]++;
                }
                for (int c = 0; c < g; c++) start[c + 1] += start[c];
                start[..g].CopyTo(fill);
                for (int i = 0; i < s; i++) members[fill[cellOf[i]]++] = i;
            }
            return f;
        }

        /// <summary>Index of the seed nearest to (px, py) at grid step <paramref name="k"/>.</summary>
        public int Nearest(int k, float px, float py)
        {
            int g = Gx * Gy, gx = Gx, gy = Gy;
            int startBase = k * (g + 1), seedBase = k * SeedCount;
            int[] start = CellStart, members = CellSeeds;
            float[] x = X, y = Y;
            float cell = Cell;
            int cx = Math.Clamp((int)(px / cell), 0, gx - 1), cy = Math.Clamp((int)(py / cell), 0, gy - 1);
            float best = float.MaxValue;
            int bestSeed = -1;
            int maxRing = Math.Max(gx, gy);
            for (int r = 0; r <= maxRing; r++)
            {
                int y0 = Math.Max(0, cy - r), y1 = Math.Min(gy - 1, cy + r);
                for (int yy = y0; yy <= y1; yy++)
                {
                    bool edgeRow = yy == cy - r || yy == cy + r;
                    int step = edgeRow || r == 0 ? 1 : 2 * r;
                    for (int xx = cx - r; xx <= cx + r; xx += step)
                    {
                        if ((uint)xx >= (uint)gx) continue;
                        int c = startBase + yy * gx + xx;
                        for (int j = start[c], end = start[c + 1]; j < end; j++)
                        {
                            int sIdx = members[seedBase + j];
                            float ddx = x[seedBase + sIdx] - px, ddy = y[seedBase + sIdx] - py, d = ddx * ddx + ddy * ddy;
                            if (d < best || (d == best && sIdx < bestSeed)) { best = d; bestSeed = sIdx; }
                        }
                    }
                }
                // Every cell of ring r + 1 is at least r cells away from the point's own cell.
                float reach = r * cell;
                if (bestSeed >= 0 && best <= reach * reach) break;
            }
            return bestSeed;
        }

        /// <summary>
        /// First day in (StepDay[k-1], StepDay[k]] on which seed <paramref name="b"/> is nearer to the point than seed
        /// <paramref name="a"/>, seed positions being interpolated linearly between the two grid days.
        /// </summary>
        public int CrossingDay(int k, int a, int b, float px, float py)
        {
            int t0 = StepDay[k - 1], t1 = StepDay[k];
            int o0 = (k - 1) * SeedCount, o1 = k * SeedCount;
            float ax0 = X[o0 + a], ay0 = Y[o0 + a], ax1 = X[o1 + a], ay1 = Y[o1 + a];
            float bx0 = X[o0 + b], by0 = Y[o0 + b], bx1 = X[o1 + b], by1 = Y[o1 + b];
            int lo = t0, hi = t1;
            while (hi - lo > 1)
            {
                int mid = (lo + hi) >>> 1;
                float f = (float)(mid - t0) / (t1 - t0);
                float ax = ax0 + (ax1 - ax0) * f - px, ay = ay0 + (ay1 - ay0) * f - py;
                float bx = bx0 + (bx1 - bx0) * f - px, by = by0 + (by1 - by0) * f - py;
                if (bx * bx + by * by < ax * ax + ay * ay) hi = mid; else lo = mid;
            }
            return hi;
        }
    }

    /// <summary>A change of controller found in the field: place, day index, new faction index.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Crossing(int Place, int Day, int Faction);

    /// <summary>The field's result: each place's initial faction and its crossings, grouped by place, in day order.</summary>
    private sealed class Crossings
    {
        public required int[] Initial;
        public required Crossing[] Items;
        public int Count => Items.Length;
    }

    private static Crossings Simulate(SeedSet seeds, double speed, int days, float[] px, float[] py, int count)
    {
        var frames = FieldFrames.Build(seeds, speed, days);
        var initial = new int[count];
        const int chunk = 2048;
        int chunks = (count + chunk - 1) / chunk;
        var parts = new List<Crossing>[chunks];
        void Run(int ci)
        {
            var list = new List<Crossing>();
            int end = Math.Min(count, (ci + 1) * chunk);
            for (int p = ci * chunk; p < end; p++)
            {
                float x = px[p], y = py[p];
                int seed = frames.Nearest(0, x, y);
                int faction = seeds.FactionOf(seed);
                initial[p] = faction;
                for (int k = 1; k <= frames.Steps; k++)
                {
                    int next = frames.Nearest(k, x, y);
                    int nf = seeds.FactionOf(next);
                    if (nf != faction)
                    {
                        list.Add(new Crossing(p, frames.CrossingDay(k, seed, next, x, y), nf));
                        faction = nf;
                    }
                    seed = next;
                }
            }
            parts[ci] = list;
        }
        Parallel.For(0, chunks, Run);

        int total = 0;
        foreach (var part in parts) total += part.Count;
        var items = new Crossing[total];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(items, at);
            at += part.Count;
        }
        return new Crossings { Initial = initial, Items = items };
    }

    // ---- records ---------------------------------------------------------------------------------------------------------

    private enum RecType : byte { Capture, Confirmation, Contested, Claimed }

    [StructLayout(LayoutKind.Auto)]
    private struct Rec
    {
        public int Place;
        public int Day;
        public int Faction;
        public RecType Type;
    }

    private static Rec[] BuildRecords(Crossings crossings, int n, int nInit, int nCap, int nConf, int nCont, int nClaim, int days, SplitMix64 rng)
    {
        // Keep exactly nCap crossings; the dropped ones are reports that never came.
        var items = crossings.Items;
        int c = items.Length;
        var dropped = new bool[c];
        if (c > nCap)
        {
            var order = new int[c];
            for (int i = 0; i < c; i++) order[i] = i;
            for (int i = 0; i < c - nCap; i++)
            {
                int j = i + rng.Next(c - i);
                (order[i], order[j]) = (order[j], order[i]);
                dropped[order[i]] = true;
            }
        }

        // Base records per place: the initial state, then the kept crossings (a crossing back to the current holder,
        // after a dropped one, is a confirmation).
        int baseCount = nInit + Math.Min(c, nCap);
        var recs = new Rec[baseCount + nConf + nCont + nClaim];
        var placeStart = new int[n + 1];
        int at = 0, ci = 0;
        for (int p = 0; p < n; p++)
        {
            placeStart[p] = at;
            int holder = -1;
            if (p < nInit)
            {
                holder = crossings.Initial[p];
                recs[at++] = new Rec { Place = p, Day = 0, Faction = holder, Type = RecType.Capture };
            }
            for (; ci < c && items[ci].Place == p; ci++)
            {
                if (dropped[ci]) continue;
                var it = items[ci];
                recs[at++] = new Rec { Place = p, Day = it.Day, Faction = it.Faction, Type = it.Faction == holder ? RecType.Confirmation : RecType.Capture };
                holder = it.Faction;
            }
        }
        placeStart[n] = at;

        // Extras. The gap after base record i (days strictly between it and the next record of its place) is split in two:
        // a confirmation goes in the first half, a contested record or claim before the next capture in the second half.
        var gapUsedByConfirmation = new bool[Math.Max(1, baseCount)];
        var usedBeforeCapture = new bool[Math.Max(1, baseCount)];
        int NextDay(int i) => i + 1 < placeStart[recs[i].Place + 1] ? recs[i + 1].Day : days;

        int added = baseCount;
        int wantConf = nConf, wantPre = nCont + nClaim, preAdded = 0;
        if (baseCount > 0)
        {
            for (int tries = 0; wantConf > 0 && tries < 64 * nConf; tries++)
            {
                int i = rng.Next(baseCount);
                int a = recs[i].Day, gap = NextDay(i) - a - 1;
                if (gapUsedByConfirmation[i] || gap < 2) continue;
                gapUsedByConfirmation[i] = true;
                recs[added++] = new Rec { Place = recs[i].Place, Day = a + 1 + rng.Next(gap / 2), Faction = HolderAfter(recs, i), Type = RecType.Confirmation };
                wantConf--;
            }
            for (int tries = 0; wantPre > 0 && tries < 64 * (nCont + nClaim); tries++)
            {
                int i = rng.Next(baseCount);
                if (usedBeforeCapture[i] || recs[i].Type != RecType.Capture || i == placeStart[recs[i].Place]) continue;
                int a = recs[i - 1].Day, b = recs[i].Day, gap = b - a - 1;
                if (gap < 2) continue;
                usedBeforeCapture[i] = true;
                int lo = Math.Max(a + gap / 2 + 1, b - MaxLeadDays);
                var type = preAdded < nCont ? RecType.Contested : RecType.Claimed;
                recs[added++] = new Rec { Place = recs[i].Place, Day = lo + rng.Next(b - lo), Faction = recs[i].Faction, Type = type };
                preAdded++;
                wantPre--;
            }
        }

        // Whatever could not be placed at random becomes a confirmation on the first free day of a gap.
        int leftover = wantConf + wantPre;
        for (int i = 0; leftover > 0 && i < baseCount; i++)
        {
            int a = recs[i].Day, b = NextDay(i), gap = b - a - 1;
            bool nextHasLead = i + 1 < placeStart[recs[i].Place + 1] && usedBeforeCapture[i + 1];
            if (gapUsedByConfirmation[i] || gap < (nextHasLead ? 2 : 1)) continue;
            gapUsedByConfirmation[i] = true;
            recs[added++] = new Rec { Place = recs[i].Place, Day = a + 1, Faction = HolderAfter(recs, i), Type = RecType.Confirmation };
            leftover--;
        }
        if (leftover > 0)
            throw new InvalidOperationException($"Cannot place {leftover} more changes at one per place and day; use fewer changes or a longer date range.");
        return recs;
    }

    // The holder after base record i: its faction (base records are captures or confirmations by the holder).
    private static int HolderAfter(Rec[] recs, int i) => recs[i].Faction;

    private static ControlChange[] MakeChanges(Rec[] recs, Place[] places, Faction[] factions, GeneratorOptions options)
    {
        var changes = new ControlChange[recs.Length];
        ImmutableArray<Citation> citations = [new Citation(SourceId)];
        // Transaction time: a fixed instant after the valid-time range, derived from the seed, plus one second per record,
        // so record order follows valid-time order.
        var recordedBase = new DateTimeOffset(options.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            .AddSeconds((int)((uint)options.Seed % 86_400));
        int digits = Math.Max(7, Digits(recs.Length));
        int fromDay = options.From.DayNumber;
        Parallel.For(0, (recs.Length + 65_535) / 65_536, chunk =>
        {
            int end = Math.Min(recs.Length, (chunk + 1) * 65_536);
            for (int i = chunk * 65_536; i < end; i++)
            {
                ref readonly var r = ref recs[i];
                (ChangeKind kind, ChangeStatus status) = r.Type switch
                {
                    RecType.Capture => (ChangeKind.Capture, ChangeStatus.Held),
                    RecType.Confirmation => (ChangeKind.Confirmation, ChangeStatus.Held),
                    RecType.Contested => (ChangeKind.Capture, ChangeStatus.Contested),
                    _ => (ChangeKind.Capture, ChangeStatus.Claimed),
                };
                string id = "c" + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                changes[i] = new ControlChange(id, places[r.Place].Id, factions[r.Faction].Id, new GroundTime(DateOnly.FromDayNumber(fromDay + r.Day)),
                    kind, status, citations, recordedBase.AddSeconds(i), RecordedBy);
            }
        });
        return changes;
    }
}
