using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// The resolved valid-time index of the log as known at one transaction-time cut-off: for every place, its states as a sorted
/// run of segments <c>[key_k, key_k+1)</c>. Built once per knowledge version (or updated from the view of the previous data
/// version, <see cref="KnowledgeViewUpdate"/>); a snapshot is then one binary search per place.
/// Struct-of-arrays to keep a million segments compact (about 33 bytes each). Never modified once built.
/// </summary>
internal sealed class KnowledgeView
{
    /// <summary>The day number stored for "no day".</summary>
    public const int NoDay = int.MinValue;

    public readonly int[] Offsets;          // per place: first segment; Offsets[n] = total
    public readonly long[] Keys;            // segment start (valid-time key)
    public readonly int[] Controller;
    public readonly PlaceStatus[] Status;
    public readonly int[] Since;
    public readonly int[] LastConfirmed;
    public readonly int[] PartiesId;
    public readonly int[] Sources;
    public readonly int[] LastChange;
    public readonly ImmutableArray<int>[] PartiesTable;
    /// <summary>Sorted distinct segment keys of all places: the instants at which the map changes.</summary>
    public readonly long[] StateKeys;
    /// <summary>How many places' segments start at each of <see cref="StateKeys"/> (so that an update knows when a key goes).</summary>
    public readonly int[] StateKeyCounts;
    /// <summary>Whether each log record is visible (recorded by the cut-off).</summary>
    public readonly bool[] Visible;
    /// <summary>Whether each log record is retracted: some visible record retracts it and is not itself retracted (chains resolve).</summary>
    public readonly bool[] Retracted;
    /// <summary>The transaction-time cut-off of this view.</summary>
    public readonly DateTimeOffset Cutoff;
    /// <summary>The index of each entry of <see cref="PartiesTable"/> by its parties' text (read only; an update copies it).</summary>
    public readonly IReadOnlyDictionary<string, int> PartiesIndex;

    internal KnowledgeView(int[] offsets, long[] keys, int[] controller, PlaceStatus[] status, int[] since, int[] lastConfirmed,
        int[] partiesId, int[] sources, int[] lastChange, ImmutableArray<int>[] partiesTable, IReadOnlyDictionary<string, int> partiesIndex,
        long[] stateKeys, int[] stateKeyCounts, bool[] visible, bool[] retracted, DateTimeOffset cutoff)
    {
        Offsets = offsets; Keys = keys; Controller = controller; Status = status; Since = since; LastConfirmed = lastConfirmed;
        PartiesId = partiesId; Sources = sources; LastChange = lastChange; PartiesTable = partiesTable; PartiesIndex = partiesIndex;
        StateKeys = stateKeys; StateKeyCounts = stateKeyCounts; Visible = visible; Retracted = retracted; Cutoff = cutoff;
    }

    /// <summary>Segment index in force for <paramref name="place"/> at <paramref name="key"/>, or -1.</summary>
    public int SegmentAt(int place, long key)
    {
        int lo = Offsets[place], hi = Offsets[place + 1] - 1;
        var keys = Keys;
        if (hi < lo || keys[lo] > key) return -1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (keys[mid] <= key) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public PlaceState StateOf(int segment) => segment < 0
        ? PlaceState.Unknown
        : new PlaceState(Controller[segment], Status[segment], ToDay(Since[segment]), ToDay(LastConfirmed[segment]),
            PartiesTable[PartiesId[segment]], Sources[segment], LastChange[segment]);

    private static DateOnly? ToDay(int n) => n == NoDay ? null : DateOnly.FromDayNumber(n);

    /// <summary>
    /// Builds the view of the records with <c>RecordedAt &lt;= cutoff</c>. <paramref name="byPlace"/> holds every log index grouped
    /// by place (<paramref name="placeOffsets"/>) and sorted by (valid-time key, order of record) within a place.
    /// </summary>
    public static KnowledgeView Build(IReadOnlyList<ControlChange> log, int[] placeOffsets, int[] byPlace, DateTimeOffset cutoff,
        FactionTable factionIndex, IReadOnlyDictionary<string, int> retractionTargets)
    {
        var n = log.Count;
        var visible = new bool[n];
        var retracted = new bool[n];
        for (var i = 0; i < n; i++) visible[i] = log[i].RecordedAt <= cutoff;
        // Retraction chains: a record is retracted while at least one visible record that is not itself retracted retracts it, so a
        // retracted retraction withdraws nothing (R, X1 retracts R, X2 retracts X1: R stands again). A record only retracts an earlier
        // one (the validator's rule), so walking the log backwards settles every record's own state before it acts on its target:
        // one pass, O(n). A record naming itself or a later record (data the validator refuses) retracts nothing.
        for (var i = n - 1; i >= 0; i--)
            if (visible[i] && !retracted[i] && log[i].Retracts is { } r && retractionTargets.TryGetValue(r, out var ri) && ri >= 0 && ri < i)
                retracted[ri] = true;

        var places = placeOffsets.Length - 1;
        var segments = new SegmentBuilder(n, [ImmutableArray<int>.Empty], new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 0 });
        var offsets = new int[places + 1];
        var facts = new int[16];
        for (var p = 0; p < places; p++)
        {
            offsets[p] = segments.Count;
            segments.Resolve(log, byPlace.AsSpan(placeOffsets[p], placeOffsets[p + 1] - placeOffsets[p]), visible, retracted, factionIndex, ref facts);
        }
        offsets[places] = segments.Count;
        var keyArray = segments.Keys.ToArray();
        var sorted = (long[])keyArray.Clone();
        Array.Sort(sorted);
        var stateKeys = new long[sorted.Length];
        var counts = new int[sorted.Length];
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (distinct == 0 || stateKeys[distinct - 1] != sorted[i]) stateKeys[distinct++] = sorted[i];
            counts[distinct - 1]++;
        }
        Array.Resize(ref stateKeys, distinct);
        Array.Resize(ref counts, distinct);
        return new KnowledgeView(offsets, keyArray, segments.Controller.ToArray(), segments.Status.ToArray(), segments.Since.ToArray(),
            segments.LastConfirmed.ToArray(), segments.PartiesId.ToArray(), segments.Sources.ToArray(), segments.LastChange.ToArray(),
            segments.PartiesTable.ToArray(), segments.PartiesIndex, stateKeys, counts, visible, retracted, cutoff);
    }
}

/// <summary>Collects resolved segments of places in struct-of-arrays form, interning the parties of each state.</summary>
internal sealed class SegmentBuilder(int capacity, List<ImmutableArray<int>> partiesTable, Dictionary<string, int> partiesIndex)
{
    public readonly List<long> Keys = new(capacity);
    public readonly List<int> Controller = new(capacity);
    public readonly List<PlaceStatus> Status = new(capacity);
    public readonly List<int> Since = new(capacity);
    public readonly List<int> LastConfirmed = new(capacity);
    public readonly List<int> PartiesId = new(capacity);
    public readonly List<int> Sources = new(capacity);
    public readonly List<int> LastChange = new(capacity);
    public readonly List<ImmutableArray<int>> PartiesTable = partiesTable;
    public readonly Dictionary<string, int> PartiesIndex = partiesIndex;

    public int Count => Keys.Count;

    /// <summary>Resolves one place's records (<paramref name="placeRecords"/>: its log indices in (key, record) order) and appends its segments.</summary>
    public void Resolve(IReadOnlyList<ControlChange> log, ReadOnlySpan<int> placeRecords, bool[] visible, bool[] retracted,
        FactionTable factionIndex, ref int[] facts)
    {
        if (facts.Length < placeRecords.Length) facts = new int[placeRecords.Length];
        var count = 0;
        foreach (var li in placeRecords)
            if (visible[li] && !retracted[li] && log[li].Kind != ChangeKind.Retraction) facts[count++] = li;
        ControlResolver.Resolve(facts.AsSpan(0, count), log, factionIndex, Add);
    }

    private void Add(long key, in PlaceState s)
    {
        Keys.Add(key);
        Controller.Add(s.Controller);
        Status.Add(s.Status);
        Since.Add(s.Since?.DayNumber ?? KnowledgeView.NoDay);
        LastConfirmed.Add(s.LastConfirmed?.DayNumber ?? KnowledgeView.NoDay);
        var partiesKey = string.Join(',', s.Parties);
        if (!PartiesIndex.TryGetValue(partiesKey, out var pid))
        {
            pid = PartiesTable.Count;
            PartiesTable.Add(s.Parties);
            PartiesIndex[partiesKey] = pid;
        }
        PartiesId.Add(pid);
        Sources.Add(s.Sources);
        LastChange.Add(s.LastChange);
    }
}
