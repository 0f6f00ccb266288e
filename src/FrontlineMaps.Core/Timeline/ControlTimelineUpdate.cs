using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// What a <see cref="ControlTimeline.Update"/> changed, so that caches of the previous data keep what it cannot have changed.
/// </summary>
/// <param name="Places">Indices of the places whose states may differ (the new records' places and those of every record whose
/// retraction they change), ascending.</param>
/// <param name="FirstKey">The earliest valid-time key at which any state or record flag may differ (<see cref="long.MaxValue"/>
/// when none can): every snapshot before it is unchanged, in every knowledge view.</param>
/// <param name="FirstRecordedAt">The earliest recording instant of the new records (null when none were added): a knowledge view
/// with an earlier cut-off sees none of them and is unchanged at every date.</param>
/// <param name="PlacesAdded">Whether places were appended (the place cells change).</param>
/// <param name="PreviousVersion">The data version of the timeline this one was updated from.</param>
public sealed record TimelineEdit(ImmutableArray<int> Places, long FirstKey, DateTimeOffset? FirstRecordedAt, bool PlacesAdded, string PreviousVersion)
{
    /// <summary>The first day whose map may differ (null when none can).</summary>
    public DateOnly? FirstDay => FirstKey == long.MaxValue ? null : TimeKey.DayOf(FirstKey);

    /// <summary>
    /// Whether what a cache holds for a map state of the previous timeline, <paramref name="stateKey"/> (a
    /// <see cref="Snapshot.StateKey"/>) as known at <paramref name="cutoff"/> (<see cref="ControlTimeline.KnowledgeCutoff"/>; null
    /// for everything recorded, the new records included), is unchanged: the states and every record flag at it, and the records of its day and the days
    /// before (which the tiles' changes layer shows), when its day is before <see cref="FirstDay"/>; everything, when the cut-off
    /// is before every new record.
    /// </summary>
    public bool Keeps(long stateKey, DateTimeOffset? cutoff) =>
        FirstKey == long.MaxValue || stateKey == long.MinValue || TimeKey.DayOf(stateKey) < TimeKey.DayOf(FirstKey)
        || FirstRecordedAt is null || (cutoff is { } c && c < FirstRecordedAt.Value);
}

public sealed partial class ControlTimeline
{
    /// <summary>
    /// The timeline of <paramref name="dataset"/>: when it is this timeline's dataset with records appended (the same factions, and
    /// this dataset's places and changes as the first ones, as stores return after an append), made from this one at the cost of
    /// what was appended (only the places the new records touch are resolved again; see <see cref="Edit"/>); otherwise built from
    /// scratch. Either way equal to <c>new ControlTimeline(dataset, dataVersion)</c> in every answer. This timeline is not changed.
    /// </summary>
    public ControlTimeline Update(Dataset dataset, string dataVersion) =>
        Extends(dataset) ? new ControlTimeline(this, dataset, dataVersion) : new ControlTimeline(dataset, dataVersion);

    /// <summary>
    /// The knowledge versions of this timeline under which what a cache holds for <paramref name="stateKey"/> at knowledge version
    /// <paramref name="version"/> of <paramref name="previous"/> (the timeline this one was updated from) is still right: the
    /// version of the same cut-off, and for the previous latest version also this latest one, each when <see cref="Edit"/> keeps
    /// it. Empty when this timeline was not updated from <paramref name="previous"/>.
    /// </summary>
    public IReadOnlyList<int> KeptVersions(ControlTimeline previous, int version, long stateKey)
    {
        if (Edit is not { } edit || edit.PreviousVersion != previous.DataVersion) return [];
        var kept = new List<int>(2);
        var cutoff = previous.KnowledgeCutoff(version);
        if (edit.Keeps(stateKey, cutoff)) kept.Add(VersionOf(cutoff));
        var latest = _recordInstants.Length;
        if (version >= previous._recordInstants.Length && edit.Keeps(stateKey, null) && !kept.Contains(latest)) kept.Add(latest);
        return kept;
    }

    /// <summary>
    /// Where what a cache holds for <paramref name="stateKey"/> at knowledge version <paramref name="version"/> of
    /// <paramref name="previous"/> (the timeline this one was updated from) can move in this timeline: the version of the same
    /// cut-off, and for the previous latest version also this latest one, each with whether <see cref="Edit"/> keeps the whole
    /// state there (<see cref="TimelineEdit.Keeps"/>; otherwise only what lies away from the edit's places is unchanged, see
    /// <see cref="Derivation.EditReach"/>). Empty when this timeline was not updated from <paramref name="previous"/>.
    /// </summary>
    public IReadOnlyList<(int Version, bool Whole)> CarriedVersions(ControlTimeline previous, int version, long stateKey)
    {
        if (Edit is not { } edit || edit.PreviousVersion != previous.DataVersion) return [];
        var cutoff = previous.KnowledgeCutoff(version);
        var same = VersionOf(cutoff);
        var result = new List<(int, bool)>(2) { (same, edit.Keeps(stateKey, cutoff)) };
        var latest = _recordInstants.Length;
        if (version >= previous._recordInstants.Length && same != latest) result.Add((latest, edit.Keeps(stateKey, null)));
        return result;
    }

    /// <summary>
    /// The state keys of knowledge version <paramref name="version"/> that version <paramref name="previousVersion"/> of
    /// <paramref name="previous"/> lacks (a write's own instants, where the map now changes), each with the state key that was in
    /// force there before. Only the edit's places can start a new segment, so only their segments are read.
    /// </summary>
    public IReadOnlyList<(long Key, long Previous)> NewStateKeys(ControlTimeline previous, int previousVersion, int version)
    {
        if (Edit is not { } edit || edit.PreviousVersion != previous.DataVersion || edit.PlacesAdded) return [];
        // A view that sees none of the new records has no new key (and is not built here only to find that out).
        if (edit.FirstRecordedAt is not { } first || (version < _recordInstants.Length && KnowledgeCutoff(version) < first)) return [];
        var view = ViewOf(version);
        var old = previous.ViewOf(previousVersion);
        var keys = new SortedSet<long>();
        foreach (var p in edit.Places)
            for (var seg = view.Offsets[p]; seg < view.Offsets[p + 1]; seg++)
                if (view.Keys[seg] >= edit.FirstKey && Array.BinarySearch(old.StateKeys, view.Keys[seg]) < 0) keys.Add(view.Keys[seg]);
        var result = new List<(long, long)>(keys.Count);
        foreach (var k in keys)
            if (StateKeyOf(view, k) == k) result.Add((k, previous.StateKeyOf(old, k)));
        return result;
    }

    /// <summary>The place index of every record (any knowledge) whose valid-time key is in [<paramref name="fromKey"/>, <paramref name="toKey"/>).</summary>
    public IEnumerable<int> PlacesWithRecords(long fromKey, long toKey)
    {
        var hi = LowerBound(_byKeyKeys, toKey);
        for (var k = LowerBound(_byKeyKeys, fromKey); k < hi; k++) yield return _placeIndex[_log[_byKey[k]].PlaceId];
    }

    private bool Extends(Dataset next)
    {
        if (next.Factions.Length != Factions.Length || next.Places.Length < Places.Length || next.Changes.Length < _log.Length) return false;
        for (var i = 0; i < Factions.Length; i++)
            if (!ReferenceEquals(next.Factions[i], Factions[i])) return false;
        for (var i = 0; i < Places.Length; i++)
            if (!ReferenceEquals(next.Places[i], Places[i])) return false;
        var changes = next.Changes.AsSpan();
        for (var i = 0; i < _log.Length; i++)
            if (!ReferenceEquals(changes[i], _log[i])) return false;
        return true;
    }

    private ControlTimeline(ControlTimeline previous, Dataset dataset, string dataVersion)
    {
        Dataset = dataset;
        DataVersion = dataVersion;
        Places = dataset.Places;
        Factions = dataset.Factions;
        _log = ImmutableCollectionsMarshal.AsArray(dataset.Changes) ?? [];
        _factionIndex = previous._factionIndex;
        _factionTable = previous._factionTable;
        _alliances = previous._alliances;
        int n0 = previous._log.Length, n = _log.Length, p0 = previous.Places.Length, places = Places.Length;

        _placeIndex = previous._placeIndex;
        if (places > p0)
        {
            _placeIndex = new Dictionary<string, int>(previous._placeIndex, StringComparer.Ordinal);
            for (var i = p0; i < places; i++) _placeIndex.Add(Places[i].Id, i);
        }
        var placeOf = new int[n - n0];
        for (var i = n0; i < n; i++)
            placeOf[i - n0] = _placeIndex.TryGetValue(_log[i].PlaceId, out var p)
                ? p
                : throw new ArgumentException($"change '{_log[i].Id}' names unknown place '{_log[i].PlaceId}'", nameof(dataset));

        (_placeOffsets, _byPlace) = AppendByPlace(previous._placeOffsets, previous._byPlace, placeOf, n0, places);
        (_byKey, _byKeyKeys) = AppendByKey(previous._byKey, previous._byKeyKeys, n0);
        _recordInstants = AppendInstants(previous._recordInstants, n0);
        if (n > 0)
        {
            FirstDate = TimeKey.DayOf(_byKeyKeys[0]);
            LastDate = TimeKey.DayOf(_byKeyKeys[n - 1]);
        }

        // Retractions: the targets and retractors the new records add, copied on first change (the previous timeline's stay as they are).
        var targets = previous._retractionTargets;
        var retractors = previous._retractors;
        var copied = false;
        void Copy()
        {
            if (copied) return;
            targets = new Dictionary<string, int>(previous._retractionTargets, StringComparer.Ordinal);
            retractors = new Dictionary<int, int[]>(previous._retractors);
            copied = true;
        }
        for (var i = n0; i < n; i++)
            if (targets.TryGetValue(_log[i].Id, out var pending) && pending < 0) { Copy(); targets[_log[i].Id] = i; }
        var affected = new SortedSet<int>();
        for (var i = n0; i < n; i++) affected.Add(i);
        for (var i = n0; i < n; i++)
        {
            if (_log[i].Retracts is not { } r) continue;
            if (!targets.TryGetValue(r, out var ri))
            {
                Copy();
                ri = FindRecord(r, placeOf[i - n0]);
                targets[r] = ri;
            }
            if (ri < 0 || ri >= i) continue;
            Copy();
            AddRetractor(retractors, ri, i);
            // The target's retraction may change, and with it what the target (if a retraction) withdraws, down the chain.
            for (var t = ri; t >= 0 && affected.Add(t);)
                t = _log[t].Retracts is { } next && targets.TryGetValue(next, out var nt) && nt >= 0 && nt < t ? nt : -1;
        }
        _retractionTargets = targets;
        _retractors = retractors;

        var touched = new SortedSet<int>();
        var firstKey = long.MaxValue;
        DateTimeOffset? firstRecorded = null;
        foreach (var a in affected)
        {
            touched.Add(_placeIndex[_log[a].PlaceId]);
            firstKey = Math.Min(firstKey, _log[a].ValidTime.Key);
        }
        for (var i = n0; i < n; i++)
            if (firstRecorded is null || _log[i].RecordedAt < firstRecorded) firstRecorded = _log[i].RecordedAt;
        var touchedPlaces = touched.ToArray();
        var affectedRecords = affected.ToArray();
        Edit = new TimelineEdit([.. touchedPlaces], firstKey, firstRecorded, places > p0, previous.DataVersion);

        var factionIndex = _factionTable;
        _latest = KnowledgeViewUpdate.Apply(previous._latest, _log, _placeOffsets, _byPlace, touchedPlaces, affectedRecords, _retractors, factionIndex);
        // Earlier knowledge views that were built: updated when first asked (most are never asked again).
        foreach (var (version, lazy) in previous._views)
        {
            if (!lazy.IsValueCreated) continue;
            var view = lazy.Value;
            if (firstRecorded is null || view.Cutoff < firstRecorded.Value)
            {
                // It sees none of the new records: the same segments, and the same knowledge version (no new instant is at or
                // before its cut-off), so its change dates stand too.
                _views[version] = new Lazy<KnowledgeView>(() => KnowledgeViewUpdate.Extend(view, n, places));
                if (previous._changeDates.TryGetValue(version, out var dates)) _changeDates[version] = dates;
            }
            else
            {
                var (log, offsets, byPlace) = (_log, _placeOffsets, _byPlace);
                _views[VersionOf(view.Cutoff)] = new Lazy<KnowledgeView>(() =>
                    KnowledgeViewUpdate.Apply(view, log, offsets, byPlace, touchedPlaces, affectedRecords, retractors, factionIndex));
            }
        }
        if (previous._changeDates.TryGetValue(previous._recordInstants.Length, out var latestDates))
            _changeDatesSeed = (_recordInstants.Length, latestDates, affected.Select(a => TimeKey.DayOf(_log[a].ValidTime.Key)).ToHashSet());
    }

    // The change dates of the previous latest view and the days the update may have changed: patched on first use.
    private readonly (int Version, ImmutableArray<ChangeDate> Dates, HashSet<DateOnly> Days)? _changeDatesSeed;

    /// <summary>The index of record <paramref name="id"/>: searched at <paramref name="place"/> first (where retractions mostly point), then everywhere.</summary>
    private int FindRecord(string id, int place)
    {
        var found = -1;
        for (var k = _placeOffsets[place]; k < _placeOffsets[place + 1]; k++)
            if (_log[_byPlace[k]].Id == id && (found < 0 || _byPlace[k] < found)) found = _byPlace[k];
        if (found >= 0) return found;
        for (var i = 0; i < _log.Length; i++)
            if (_log[i].Id == id) return i;
        return -1;
    }

    /// <summary>The grouping by place with the records from <paramref name="n0"/> on added (each place's run stays in (key, record) order).</summary>
    private (int[] Offsets, int[] ByPlace) AppendByPlace(int[] oldOffsets, int[] oldByPlace, int[] placeOf, int n0, int places)
    {
        var oldPlaces = oldOffsets.Length - 1;
        var added = new int[places];
        foreach (var p in placeOf) added[p]++;
        var offsets = new int[places + 1];
        for (var p = 0; p < places; p++)
            offsets[p + 1] = offsets[p] + (p < oldPlaces ? oldOffsets[p + 1] - oldOffsets[p] : 0) + added[p];
        var byPlace = new int[_log.Length];
        var newByPlace = new Dictionary<int, List<int>>();
        for (var i = 0; i < placeOf.Length; i++)
        {
            if (!newByPlace.TryGetValue(placeOf[i], out var list)) newByPlace[placeOf[i]] = list = [];
            list.Add(n0 + i);
        }
        var next = 0;
        foreach (var p in newByPlace.Keys.Order())
        {
            // Places without new records before p: one block copy (their runs are contiguous in the old grouping).
            var end = Math.Min(p, oldPlaces);
            if (next < end) Array.Copy(oldByPlace, oldOffsets[next], byPlace, offsets[next], oldOffsets[end] - oldOffsets[next]);
            var composite = new List<long>();
            if (p < oldPlaces)
                for (var k = oldOffsets[p]; k < oldOffsets[p + 1]; k++) composite.Add(Composite(_log[oldByPlace[k]].ValidTime.Key, oldByPlace[k]));
            foreach (var li in newByPlace[p]) composite.Add(Composite(_log[li].ValidTime.Key, li));
            composite.Sort();
            for (var k = 0; k < composite.Count; k++) byPlace[offsets[p] + k] = (int)(composite[k] & 0xFFFFFFFF);
            next = p + 1;
        }
        if (next < oldPlaces) Array.Copy(oldByPlace, oldOffsets[next], byPlace, offsets[next], oldOffsets[oldPlaces] - oldOffsets[next]);
        return (offsets, byPlace);
    }

    /// <summary>The valid-time order with the records from <paramref name="n0"/> on merged in (block copies between them).</summary>
    private (int[] ByKey, long[] Keys) AppendByKey(int[] oldByKey, long[] oldKeys, int n0)
    {
        var fresh = new long[_log.Length - n0];
        for (var i = n0; i < _log.Length; i++) fresh[i - n0] = Composite(_log[i].ValidTime.Key, i);
        Array.Sort(fresh);
        var byKey = new int[_log.Length];
        var keys = new long[_log.Length];
        int from = 0, at = 0;
        foreach (var c in fresh)
        {
            var key = c >> 32;
            // Every old record of an equal key comes first: its index is lower.
            var end = UpperBound(oldKeys, from, key);
            Array.Copy(oldByKey, from, byKey, at, end - from);
            Array.Copy(oldKeys, from, keys, at, end - from);
            at += end - from;
            from = end;
            byKey[at] = (int)(c & 0xFFFFFFFF);
            keys[at++] = key;
        }
        Array.Copy(oldByKey, from, byKey, at, oldKeys.Length - from);
        Array.Copy(oldKeys, from, keys, at, oldKeys.Length - from);
        return (byKey, keys);
    }

    private long[] AppendInstants(long[] old, int n0)
    {
        var fresh = new SortedSet<long>();
        for (var i = n0; i < _log.Length; i++)
            if (Array.BinarySearch(old, _log[i].RecordedAt.UtcTicks) < 0) fresh.Add(_log[i].RecordedAt.UtcTicks);
        if (fresh.Count == 0) return old;
        var merged = new long[old.Length + fresh.Count];
        int from = 0, at = 0;
        foreach (var t in fresh)
        {
            var end = UpperBound(old, from, t);
            Array.Copy(old, from, merged, at, end - from);
            at += end - from;
            from = end;
            merged[at++] = t;
        }
        Array.Copy(old, from, merged, at, old.Length - from);
        return merged;
    }

    private static int UpperBound(long[] a, int lo, long value)
    {
        var hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The previous change dates with the days in <paramref name="days"/> counted again in <paramref name="view"/>.</summary>
    private ImmutableArray<ChangeDate> PatchChangeDates(ImmutableArray<ChangeDate> old, HashSet<DateOnly> days, KnowledgeView view)
    {
        var result = ImmutableArray.CreateBuilder<ChangeDate>(old.Length + days.Count);
        foreach (var d in old)
            if (!days.Contains(d.Day)) result.Add(d);
        foreach (var day in days)
            if (CountDay(day, view) is { } entry) result.Add(entry);
        result.Sort((a, b) => a.Day.CompareTo(b.Day));
        return result.ToImmutable();
    }
}
