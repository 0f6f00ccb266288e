using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// The resolved valid-time index of the log as known at one transaction-time cut-off: for every place, its states as a sorted
/// run of segments <c>[key_k, key_k+1)</c>. Built once per knowledge version; a snapshot is then one binary search per place.
/// Struct-of-arrays to keep a million segments compact (about 33 bytes each).
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
    /// <summary>Whether each log record is visible (recorded by the cut-off).</summary>
    public readonly bool[] Visible;
    /// <summary>Whether each log record is retracted: some visible record retracts it and is not itself retracted (chains resolve).</summary>
    public readonly bool[] Retracted;

    private KnowledgeView(int[] offsets, long[] keys, int[] controller, PlaceStatus[] status, int[] since, int[] lastConfirmed,
        int[] partiesId, int[] sources, int[] lastChange, ImmutableArray<int>[] partiesTable, long[] stateKeys, bool[] visible, bool[] retracted)
    {
        Offsets = offsets; Keys = keys; Controller = controller; Status = status; Since = since; LastConfirmed = lastConfirmed;
        PartiesId = partiesId; Sources = sources; LastChange = lastChange; PartiesTable = partiesTable; StateKeys = stateKeys;
        Visible = visible; Retracted = retracted;
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
        Func<string, int> factionIndex, IReadOnlyDictionary<string, int> retractionTargets)
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
        var offsets = new int[places + 1];
        var keys = new List<long>(n);
        var controller = new List<int>(n);
        var status = new List<PlaceStatus>(n);
        var since = new List<int>(n);
        var lastConfirmed = new List<int>(n);
        var partiesId = new List<int>(n);
        var sources = new List<int>(n);
        var lastChange = new List<int>(n);
        var partiesTable = new List<ImmutableArray<int>> { ImmutableArray<int>.Empty };
        var partiesIndex = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 0 };
        var facts = new int[16];

        for (var p = 0; p < places; p++)
        {
            offsets[p] = keys.Count;
            var count = 0;
            var start = placeOffsets[p];
            var end = placeOffsets[p + 1];
            if (facts.Length < end - start) facts = new int[end - start];
            for (var k = start; k < end; k++)
            {
                var li = byPlace[k];
                if (visible[li] && !retracted[li] && log[li].Kind != ChangeKind.Retraction) facts[count++] = li;
            }
            ControlResolver.Resolve(facts.AsSpan(0, count), log, factionIndex, (long key, in PlaceState s) =>
            {
                keys.Add(key);
                controller.Add(s.Controller);
                status.Add(s.Status);
                since.Add(s.Since?.DayNumber ?? NoDay);
                lastConfirmed.Add(s.LastConfirmed?.DayNumber ?? NoDay);
                var partiesKey = string.Join(',', s.Parties);
                if (!partiesIndex.TryGetValue(partiesKey, out var pid))
                {
                    pid = partiesTable.Count;
                    partiesTable.Add(s.Parties);
                    partiesIndex[partiesKey] = pid;
                }
                partiesId.Add(pid);
                sources.Add(s.Sources);
                lastChange.Add(s.LastChange);
            });
        }
        offsets[places] = keys.Count;
        var keyArray = keys.ToArray();
        var stateKeys = (long[])keyArray.Clone();
        Array.Sort(stateKeys);
        var distinct = 0;
        for (var i = 0; i < stateKeys.Length; i++)
            if (distinct == 0 || stateKeys[distinct - 1] != stateKeys[i]) stateKeys[distinct++] = stateKeys[i];
        Array.Resize(ref stateKeys, distinct);

        return new KnowledgeView(offsets, keyArray, controller.ToArray(), status.ToArray(), since.ToArray(), lastConfirmed.ToArray(),
            partiesId.ToArray(), sources.ToArray(), lastChange.ToArray(), partiesTable.ToArray(), stateKeys, visible, retracted);
    }
}
