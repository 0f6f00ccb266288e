using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// A <see cref="KnowledgeView"/> of an appended log made from the view of the log before the append: only the places the new
/// records touch (directly, or through the records whose retraction they change) are resolved again; every other place's segments
/// are block-copied, and the state keys are merged with the difference. The old view is not modified (a request may hold it).
/// Equal to <see cref="KnowledgeView.Build"/> on the whole log (the equivalence tests check it), except for the numbering of the
/// interned parties.
/// </summary>
internal static class KnowledgeViewUpdate
{
    /// <param name="old">The view of the first <c>old.Visible.Length</c> records.</param>
    /// <param name="log">The whole new log (the old one with records appended).</param>
    /// <param name="placeOffsets">The new log's grouping by place (places may have been appended).</param>
    /// <param name="byPlace">Log indices grouped by place, in (key, record) order within a place.</param>
    /// <param name="touched">The places to resolve again, ascending.</param>
    /// <param name="affected">The records whose retraction may have changed (the new ones and the targets their retractions reach), ascending.</param>
    /// <param name="retractors">Per record index, the later records that retract it.</param>
    /// <param name="factionIndex">Faction index by id.</param>
    public static KnowledgeView Apply(KnowledgeView old, IReadOnlyList<ControlChange> log, int[] placeOffsets, int[] byPlace,
        ReadOnlySpan<int> touched, ReadOnlySpan<int> affected, IReadOnlyDictionary<int, int[]> retractors, FactionTable factionIndex)
    {
        var n = log.Count;
        var n0 = old.Visible.Length;
        var visible = new bool[n];
        Array.Copy(old.Visible, visible, n0);
        for (var i = n0; i < n; i++) visible[i] = log[i].RecordedAt <= old.Cutoff;
        var retracted = new bool[n];
        Array.Copy(old.Retracted, retracted, n0);
        // The same rule as the backward pass of Build, for the records it can have changed: highest first, so that every retractor's
        // own state is settled (it is either unaffected or later in the log) before it counts.
        for (var a = affected.Length - 1; a >= 0; a--)
        {
            var r = affected[a];
            var on = false;
            if (retractors.TryGetValue(r, out var by))
                foreach (var x in by)
                    if (x > r && visible[x] && !retracted[x]) { on = true; break; }
            retracted[r] = on;
        }

        var places = placeOffsets.Length - 1;
        var oldPlaces = old.Offsets.Length - 1;
        var fresh = new SegmentBuilder(64, [.. old.PartiesTable], new Dictionary<string, int>(old.PartiesIndex, StringComparer.Ordinal));
        var freshStart = new int[touched.Length + 1];
        var facts = new int[16];
        for (var t = 0; t < touched.Length; t++)
        {
            freshStart[t] = fresh.Count;
            var p = touched[t];
            fresh.Resolve(log, byPlace.AsSpan(placeOffsets[p], placeOffsets[p + 1] - placeOffsets[p]), visible, retracted, factionIndex, ref facts);
        }
        freshStart[touched.Length] = fresh.Count;

        var total = old.Keys.Length + fresh.Count;
        foreach (var p in touched)
            if (p < oldPlaces) total -= old.Offsets[p + 1] - old.Offsets[p];
        var v = new Arrays(total);
        var offsets = new int[places + 1];
        var at = 0;
        var next = 0;
        var ti = 0;
        while (next < places)
        {
            var touchedPlace = ti < touched.Length ? touched[ti] : places;
            // The untouched places before it: one block copy (places appended without records have no segments).
            var blockEnd = Math.Min(touchedPlace, oldPlaces);
            if (next < blockEnd)
            {
                var from = old.Offsets[next];
                var length = old.Offsets[blockEnd] - from;
                v.CopyFrom(old, from, at, length);
                var shift = at - from;
                for (var q = next; q < blockEnd; q++) offsets[q] = old.Offsets[q] + shift;
                at += length;
                next = blockEnd;
            }
            for (; next < touchedPlace; next++) offsets[next] = at;
            if (ti < touched.Length)
            {
                offsets[touchedPlace] = at;
                var length = freshStart[ti + 1] - freshStart[ti];
                v.CopyFrom(fresh, freshStart[ti], at, length);
                at += length;
                next = touchedPlace + 1;
                ti++;
            }
        }
        offsets[places] = at;

        var (stateKeys, counts) = MergeStateKeys(old, fresh, touched, oldPlaces);
        return new KnowledgeView(offsets, v.Keys, v.Controller, v.Status, v.Since, v.LastConfirmed, v.PartiesId, v.Sources, v.LastChange,
            [.. fresh.PartiesTable], fresh.PartiesIndex, stateKeys, counts, visible, retracted, old.Cutoff);
    }

    /// <summary>
    /// The same view over a log with records appended that it does not see (all recorded after its cut-off): the segments are
    /// shared, the per-record flags extended.
    /// </summary>
    public static KnowledgeView Extend(KnowledgeView old, int records, int places)
    {
        var visible = new bool[records];
        Array.Copy(old.Visible, visible, old.Visible.Length);
        var retracted = new bool[records];
        Array.Copy(old.Retracted, retracted, old.Retracted.Length);
        var offsets = old.Offsets;
        if (places + 1 != offsets.Length)
        {
            offsets = new int[places + 1];
            Array.Copy(old.Offsets, offsets, old.Offsets.Length);
            for (var p = old.Offsets.Length; p <= places; p++) offsets[p] = old.Keys.Length;
        }
        return new KnowledgeView(offsets, old.Keys, old.Controller, old.Status, old.Since, old.LastConfirmed, old.PartiesId, old.Sources,
            old.LastChange, old.PartiesTable, old.PartiesIndex, old.StateKeys, old.StateKeyCounts, visible, retracted, old.Cutoff);
    }

    private static (long[] Keys, int[] Counts) MergeStateKeys(KnowledgeView old, SegmentBuilder fresh, ReadOnlySpan<int> touched, int oldPlaces)
    {
        var delta = new Dictionary<long, int>();
        foreach (var p in touched)
            if (p < oldPlaces)
                for (var s = old.Offsets[p]; s < old.Offsets[p + 1]; s++) delta[old.Keys[s]] = delta.GetValueOrDefault(old.Keys[s]) - 1;
        foreach (var key in fresh.Keys) delta[key] = delta.GetValueOrDefault(key) + 1;
        var changes = delta.Where(d => d.Value != 0).OrderBy(d => d.Key).ToArray();
        if (changes.Length == 0) return (old.StateKeys, old.StateKeyCounts);
        var keys = new long[old.StateKeys.Length + changes.Length];
        var counts = new int[keys.Length];
        int i = 0, j = 0, k = 0;
        while (i < old.StateKeys.Length || j < changes.Length)
        {
            long key;
            int count;
            if (j >= changes.Length || (i < old.StateKeys.Length && old.StateKeys[i] < changes[j].Key))
            {
                // A run of keys the update leaves alone: one block copy.
                var end = j < changes.Length ? LowerBound(old.StateKeys, i, changes[j].Key) : old.StateKeys.Length;
                Array.Copy(old.StateKeys, i, keys, k, end - i);
                Array.Copy(old.StateKeyCounts, i, counts, k, end - i);
                k += end - i;
                i = end;
                continue;
            }
            if (i < old.StateKeys.Length && old.StateKeys[i] == changes[j].Key)
            {
                key = old.StateKeys[i];
                count = old.StateKeyCounts[i++] + changes[j++].Value;
            }
            else
            {
                key = changes[j].Key;
                count = changes[j++].Value;
            }
            if (count < 0) throw new InvalidOperationException("a state key was removed more often than it was added");
            if (count == 0) continue;
            keys[k] = key;
            counts[k++] = count;
        }
        Array.Resize(ref keys, k);
        Array.Resize(ref counts, k);
        return (keys, counts);
    }

    private static int LowerBound(long[] a, int lo, long value)
    {
        var hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The segment arrays of the new view, filled by block copies.</summary>
    private sealed class Arrays(int total)
    {
        public readonly long[] Keys = new long[total];
        public readonly int[] Controller = new int[total];
        public readonly PlaceStatus[] Status = new PlaceStatus[total];
        public readonly int[] Since = new int[total];
        public readonly int[] LastConfirmed = new int[total];
        public readonly int[] PartiesId = new int[total];
        public readonly int[] Sources = new int[total];
        public readonly int[] LastChange = new int[total];

        public void CopyFrom(KnowledgeView v, int from, int to, int length)
        {
            Array.Copy(v.Keys, from, Keys, to, length);
            Array.Copy(v.Controller, from, Controller, to, length);
            Array.Copy(v.Status, from, Status, to, length);
            Array.Copy(v.Since, from, Since, to, length);
            Array.Copy(v.LastConfirmed, from, LastConfirmed, to, length);
            Array.Copy(v.PartiesId, from, PartiesId, to, length);
            Array.Copy(v.Sources, from, Sources, to, length);
            Array.Copy(v.LastChange, from, LastChange, to, length);
        }

        public void CopyFrom(SegmentBuilder b, int from, int to, int length)
        {
            for (var s = 0; s < length; s++)
            {
                Keys[to + s] = b.Keys[from + s];
                Controller[to + s] = b.Controller[from + s];
                Status[to + s] = b.Status[from + s];
                Since[to + s] = b.Since[from + s];
                LastConfirmed[to + s] = b.LastConfirmed[from + s];
                PartiesId[to + s] = b.PartiesId[from + s];
                Sources[to + s] = b.Sources[from + s];
                LastChange[to + s] = b.LastChange[from + s];
            }
        }
    }
}
