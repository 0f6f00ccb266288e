using System.Runtime.InteropServices;

namespace FrontlineMaps.Core.Generation;

// The moving-seed field: drifting, wobbling seeds owned by factions, sampled on a time grid, and the days its boundaries cross the places.
public static partial class DatasetGenerator
{
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
}
