using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Generation;

// The records: captures from the field's crossings, confirmations, contested records and claims around them, as control changes.
public static partial class DatasetGenerator
{
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
