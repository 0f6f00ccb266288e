using System.Collections.Concurrent;
using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>One record in a place's history, with whether it has since been retracted.</summary>
/// <param name="Change">The record.</param>
/// <param name="Retracted">True when a record visible at the knowledge cut-off retracts it and that retraction is not itself retracted
/// (a retraction of a retraction puts the record back).</param>
/// <param name="StateAfter">The place's state at the end of the record's instant (after every record of that instant).</param>
public sealed record HistoryEntry(ControlChange Change, bool Retracted, PlaceState StateAfter);

/// <summary>A day on which the map changed, with the records per faction (the ticks of the timeline).</summary>
/// <param name="Day">The day.</param>
/// <param name="Total">Number of records in force from that day.</param>
/// <param name="PerFaction">Records per faction id.</param>
public sealed record ChangeDate(DateOnly Day, int Total, ImmutableSortedDictionary<string, int> PerFaction);

/// <summary>Places one faction gained and lost between two dates.</summary>
/// <param name="FactionId">The faction.</param>
/// <param name="Gained">Ids of places it held at the second date and not at the first.</param>
/// <param name="Lost">Ids of places it held at the first date and not at the second.</param>
public sealed record FactionDiff(string FactionId, ImmutableArray<string> Gained, ImmutableArray<string> Lost);

/// <summary>
/// The timeline engine: the control log of a <see cref="Dataset"/> preprocessed once so that every query is a lookup.
/// Two time axes: valid time (when a change was true on the ground) and transaction time (when it was recorded); every query
/// takes an optional <c>knownAt</c> that answers "the map as published on that date". Thread-safe. After records are appended,
/// <see cref="Update"/> makes the timeline of the new data from this one at the cost of what was appended.
/// </summary>
public sealed partial class ControlTimeline
{
    private const int MaxCachedViews = 32;
    private readonly ControlChange[] _log;
    private readonly int[] _placeOffsets;
    private readonly int[] _byPlace;           // log indices grouped by place, (key, record) order
    private readonly int[] _byKey;             // all log indices in (key, record) order
    private readonly long[] _byKeyKeys;
    private readonly long[] _recordInstants;   // distinct recorded_at (UTC ticks), ascending
    private readonly Dictionary<string, int> _placeIndex;           // shared with the next timeline unless places are added
    private readonly Dictionary<string, int> _factionIndex;
    private readonly FactionTable _factionTable;
    private readonly Dictionary<string, int> _retractionTargets; // only the records some record retracts
    private readonly Dictionary<int, int[]> _retractors;         // per retracted record index, the later records retracting it
    private readonly AllianceCalendar _alliances;
    private readonly KnowledgeView _latest;
    private readonly ConcurrentDictionary<int, Lazy<KnowledgeView>> _views = new();
    private readonly ConcurrentDictionary<int, ImmutableArray<ChangeDate>> _changeDates = new();

    /// <summary>Preprocesses <paramref name="dataset"/>. <paramref name="dataVersion"/> identifies the data for cache keys.</summary>
    public ControlTimeline(Dataset dataset, string dataVersion)
    {
        Dataset = dataset;
        DataVersion = dataVersion;
        Places = dataset.Places;
        Factions = dataset.Factions;
        _log = System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(dataset.Changes) ?? []; // immutable: shared, not copied
        _placeIndex = new Dictionary<string, int>(Places.Length, StringComparer.Ordinal);
        for (var i = 0; i < Places.Length; i++) _placeIndex.Add(Places[i].Id, i);
        _factionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Factions.Length; i++) _factionIndex.Add(Factions[i].Id, i);
        _retractionTargets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in _log) if (c.Retracts is { } r) _retractionTargets[r] = -1;
        if (_retractionTargets.Count > 0)
            for (var i = 0; i < _log.Length; i++)
                if (_retractionTargets.TryGetValue(_log[i].Id, out var seen) && seen < 0) _retractionTargets[_log[i].Id] = i;
        _retractors = [];
        if (_retractionTargets.Count > 0)
            for (var i = 0; i < _log.Length; i++)
                if (_log[i].Retracts is { } r && _retractionTargets[r] is var ri && ri >= 0 && ri < i) AddRetractor(_retractors, ri, i);
        _alliances = new AllianceCalendar(Factions, _factionIndex);
        _factionTable = new FactionTable(Factions, _factionIndex);

        // Group by place (counting sort), then order each run by (valid-time key, order of record).
        var n = _log.Length;
        var placeOf = new int[n];
        _placeOffsets = new int[Places.Length + 1];
        for (var i = 0; i < n; i++)
        {
            if (!_placeIndex.TryGetValue(_log[i].PlaceId, out var p))
                throw new ArgumentException($"change '{_log[i].Id}' names unknown place '{_log[i].PlaceId}'", nameof(dataset));
            placeOf[i] = p;
            _placeOffsets[p + 1]++;
        }
        for (var p = 0; p < Places.Length; p++) _placeOffsets[p + 1] += _placeOffsets[p];
        var cursor = (int[])_placeOffsets.Clone();
        var composite = new long[n];
        for (var i = 0; i < n; i++) composite[cursor[placeOf[i]]++] = Composite(_log[i].ValidTime.Key, i);
        for (var p = 0; p < Places.Length; p++) Array.Sort(composite, _placeOffsets[p], _placeOffsets[p + 1] - _placeOffsets[p]);
        _byPlace = new int[n];
        for (var k = 0; k < n; k++) _byPlace[k] = (int)(composite[k] & 0xFFFFFFFF);

        var all = new long[n];
        for (var i = 0; i < n; i++) all[i] = Composite(_log[i].ValidTime.Key, i);
        Array.Sort(all);
        _byKey = new int[n];
        _byKeyKeys = new long[n];
        for (var k = 0; k < n; k++) { _byKey[k] = (int)(all[k] & 0xFFFFFFFF); _byKeyKeys[k] = all[k] >> 32; }

        _recordInstants = new long[n];
        for (var i = 0; i < n; i++) _recordInstants[i] = _log[i].RecordedAt.UtcTicks;
        Array.Sort(_recordInstants);
        var distinct = 0;
        for (var i = 0; i < n; i++)
            if (distinct == 0 || _recordInstants[distinct - 1] != _recordInstants[i]) _recordInstants[distinct++] = _recordInstants[i];
        Array.Resize(ref _recordInstants, distinct);
        _latest = BuildView(DateTimeOffset.MaxValue);
        if (n > 0)
        {
            FirstDate = TimeKey.DayOf(_byKeyKeys[0]);
            LastDate = TimeKey.DayOf(_byKeyKeys[n - 1]);
        }
    }

    private static long Composite(long key, int index) => (key << 32) | (uint)index;

    private static void AddRetractor(Dictionary<int, int[]> retractors, int target, int retractor) =>
        retractors[target] = retractors.TryGetValue(target, out var by) ? [.. by, retractor] : [retractor];

    /// <summary>
    /// What changed from the timeline this one was updated from (<see cref="Update"/>), for caches to keep what it cannot have
    /// changed; null for a timeline built from scratch.
    /// </summary>
    public TimelineEdit? Edit { get; }

    /// <summary>The dataset this timeline was built from.</summary>
    public Dataset Dataset { get; }

    /// <summary>Identifies the data: goes into every cache key.</summary>
    public string DataVersion { get; }

    /// <summary>Places in dataset order; snapshots index them by position.</summary>
    public ImmutableArray<Place> Places { get; }

    /// <summary>Factions in dataset order; states name them by position.</summary>
    public ImmutableArray<Faction> Factions { get; }

    /// <summary>The control log in order of record.</summary>
    public IReadOnlyList<ControlChange> Log => _log;

    /// <summary>Effective day of the earliest record, if any.</summary>
    public DateOnly? FirstDate { get; }

    /// <summary>Effective day of the latest record, if any.</summary>
    public DateOnly? LastDate { get; }

    /// <summary>Index of a place id, or -1.</summary>
    public int PlaceIndex(string placeId) => _placeIndex.TryGetValue(placeId, out var i) ? i : -1;

    /// <summary>
    /// The log in valid-time order, (key, record index), with each key: the timeline's own index, shared read-only (the tile
    /// encoder of each new state takes it instead of sorting the log again).
    /// </summary>
    internal (int[] Order, long[] Keys) ByKey => (_byKey, _byKeyKeys);

    /// <summary>The place index of every log record, from the grouping by place (no lookup by id).</summary>
    internal int[] PlaceOfRecords()
    {
        var result = new int[_log.Length];
        for (var p = 0; p + 1 < _placeOffsets.Length; p++)
            for (var k = _placeOffsets[p]; k < _placeOffsets[p + 1]; k++) result[_byPlace[k]] = p;
        return result;
    }

    /// <summary>Index of a faction id, or -1.</summary>
    public int FactionIndex(string factionId) => _factionIndex.TryGetValue(factionId, out var i) ? i : -1;

    /// <summary>
    /// Whether two factions are allies on <paramref name="day"/> (declared either way for an interval containing the day, or
    /// members of the same coalition, or one the other's coalition): allied neighbours form no front line. A faction is allied
    /// with itself.
    /// </summary>
    public bool AreAllied(int a, int b, DateOnly day) => _alliances.On(day).AreAllied(a, b);

    /// <summary>The alliances that hold on <paramref name="day"/>: look it up once per map or tile, then per edge.</summary>
    public AllianceTable AlliancesOn(DateOnly day) => _alliances.On(day);

    /// <summary>The days on which a dated alliance starts or ends (fronts may change without any control change).</summary>
    public ImmutableArray<DateOnly> AllianceChangeDays => _alliances.ChangeDays;

    /// <summary>
    /// The map at the end of <paramref name="validAt"/>, as known at <paramref name="knownAt"/> (null: everything recorded).
    /// </summary>
    public Snapshot Snapshot(DateOnly validAt, DateTimeOffset? knownAt = null) => Snapshot(validAt, TimeKey.EndOfDay(validAt), knownAt);

    /// <summary>The map at an instant (UTC) of valid time, as known at <paramref name="knownAt"/>.</summary>
    public Snapshot Snapshot(DateTime validAtUtc, DateTimeOffset? knownAt = null) =>
        Snapshot(DateOnly.FromDateTime(validAtUtc), TimeKey.At(validAtUtc), knownAt);

    private Snapshot Snapshot(DateOnly day, long key, DateTimeOffset? knownAt)
    {
        var view = ViewFor(knownAt);
        var segments = new int[Places.Length];
        for (var p = 0; p < segments.Length; p++) segments[p] = view.SegmentAt(p, key);
        return new Snapshot(this, view, segments, day, key, knownAt, StateKeyOf(view, key));
    }

    /// <summary>
    /// The key of the last state change at or before the end of <paramref name="validAt"/>: dates with equal state keys have equal
    /// maps. <see cref="long.MinValue"/> before the first change.
    /// </summary>
    public long StateKeyAt(DateOnly validAt, DateTimeOffset? knownAt = null) => StateKeyOf(ViewFor(knownAt), TimeKey.EndOfDay(validAt));

    /// <summary>
    /// <see cref="StateKeyAt(DateOnly, DateTimeOffset?)"/> for a knowledge version the caller already computed with
    /// <see cref="VersionOf"/> (a request computes it once and passes it down, instead of searching the instants again).
    /// </summary>
    public long StateKeyAt(DateOnly validAt, int knowledgeVersion) => StateKeyOf(ViewOf(knowledgeVersion), TimeKey.EndOfDay(validAt));

    private long StateKeyOf(KnowledgeView view, long key)
    {
        var i = Array.BinarySearch(view.StateKeys, key);
        if (i < 0) i = ~i - 1;
        var control = i < 0 ? long.MinValue : view.StateKeys[i];
        // A dated alliance that starts or ends changes the fronts without any control change: the state also changes at the
        // start of that day, so dates with equal keys still have equal maps (and tiles cached by key stay right).
        return _alliances.LastChangeOnOrBefore(TimeKey.DayOf(key)) is { } day ? Math.Max(control, TimeKey.StartOfDay(day)) : control;
    }

    /// <summary>Every record of one place in valid-time order, with the state after each instant, as known at <paramref name="knownAt"/>.</summary>
    public IReadOnlyList<HistoryEntry> History(string placeId, DateTimeOffset? knownAt = null)
    {
        var p = PlaceIndex(placeId);
        if (p < 0) throw new KeyNotFoundException($"unknown place '{placeId}'");
        var view = ViewFor(knownAt);
        var result = new List<HistoryEntry>();
        for (var k = _placeOffsets[p]; k < _placeOffsets[p + 1]; k++)
        {
            var li = _byPlace[k];
            if (!view.Visible[li]) continue;
            var state = view.StateOf(view.SegmentAt(p, _log[li].ValidTime.Key));
            result.Add(new HistoryEntry(_log[li], view.Retracted[li], state));
        }
        return result;
    }

    /// <summary>
    /// The change feed: every record (captures, confirmations, retractions) whose effective day is in the half-open interval
    /// <c>[from, to)</c>, in valid-time order, as known at <paramref name="knownAt"/>.
    /// </summary>
    public IReadOnlyList<ControlChange> Changes(DateOnly from, DateOnly to, DateTimeOffset? knownAt = null)
    {
        var view = ViewFor(knownAt);
        var lo = LowerBound(_byKeyKeys, TimeKey.StartOfDay(from));
        var hi = LowerBound(_byKeyKeys, TimeKey.StartOfDay(to));
        var result = new List<ControlChange>(Math.Max(0, hi - lo));
        for (var k = lo; k < hi; k++)
            if (view.Visible[_byKey[k]]) result.Add(_log[_byKey[k]]);
        return result;
    }

    /// <summary>
    /// Whether record <paramref name="changeId"/> is retracted as known at <paramref name="knownAt"/>: at least one record recorded
    /// by then retracts it and is not itself retracted. Chains resolve: a retraction of its retraction puts it back, a third
    /// retraction withdraws it again.
    /// </summary>
    public bool IsRetracted(string changeId, DateTimeOffset? knownAt = null) =>
        _retractionTargets.TryGetValue(changeId, out var i) && i >= 0 && ViewFor(knownAt).Retracted[i];

    /// <summary>Places gained and lost per faction between the ends of <paramref name="from"/> and <paramref name="to"/>; only held places count.</summary>
    public IReadOnlyList<FactionDiff> Diff(DateOnly from, DateOnly to, DateTimeOffset? knownAt = null)
    {
        var a = Snapshot(from, knownAt);
        var b = Snapshot(to, knownAt);
        var gained = new List<string>[Factions.Length];
        var lost = new List<string>[Factions.Length];
        for (var f = 0; f < Factions.Length; f++) { gained[f] = []; lost[f] = []; }
        for (var p = 0; p < Places.Length; p++)
        {
            var ca = a.StatusOf(p) == PlaceStatus.Held ? a.ControllerOf(p) : -1;
            var cb = b.StatusOf(p) == PlaceStatus.Held ? b.ControllerOf(p) : -1;
            if (ca == cb) continue;
            if (cb >= 0) gained[cb].Add(Places[p].Id);
            if (ca >= 0) lost[ca].Add(Places[p].Id);
        }
        var result = new List<FactionDiff>();
        for (var f = 0; f < Factions.Length; f++)
            if (gained[f].Count > 0 || lost[f].Count > 0)
                result.Add(new FactionDiff(Factions[f].Id, [.. gained[f]], [.. lost[f]]));
        return result;
    }

    /// <summary>The days with records (visible, not retracted), with counts per faction: the ticks of the timeline.</summary>
    public ImmutableArray<ChangeDate> ChangeDates(DateTimeOffset? knownAt = null)
    {
        var version = VersionOf(knownAt);
        return _changeDates.GetOrAdd(version, _ =>
        {
            var view = ViewFor(knownAt);
            if (_changeDatesSeed is { } seed && seed.Version == version) return PatchChangeDates(seed.Dates, seed.Days, view);
            var result = ImmutableArray.CreateBuilder<ChangeDate>();
            var k = 0;
            while (k < _byKey.Length)
            {
                var day = TimeKey.DayOf(_byKeyKeys[k]);
                if (CountDay(day, view) is { } entry) result.Add(entry);
                k = LowerBound(_byKeyKeys, TimeKey.StartOfDay(day.AddDays(1)));
            }
            return result.ToImmutable();
        });
    }

    /// <summary>The records of one day visible and not retracted in <paramref name="view"/>, per faction; null when there are none.</summary>
    private ChangeDate? CountDay(DateOnly day, KnowledgeView view)
    {
        var per = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        var end = LowerBound(_byKeyKeys, TimeKey.StartOfDay(day.AddDays(1)));
        for (var k = LowerBound(_byKeyKeys, TimeKey.StartOfDay(day)); k < end; k++)
        {
            var li = _byKey[k];
            var c = _log[li];
            if (!view.Visible[li] || view.Retracted[li] || c.FactionId is null) continue;
            total++;
            per[c.FactionId] = per.GetValueOrDefault(c.FactionId) + 1;
        }
        return total > 0 ? new ChangeDate(day, total, per.ToImmutableSortedDictionary(StringComparer.Ordinal)) : null;
    }

    /// <summary>
    /// The knowledge version for a cut-off: the number of distinct recording instants at or before it. Equal versions see the same
    /// records, so caches key on it (with <see cref="DataVersion"/>).
    /// </summary>
    public int VersionOf(DateTimeOffset? knownAt)
    {
        if (knownAt is null) return _recordInstants.Length;
        var i = Array.BinarySearch(_recordInstants, knownAt.Value.UtcTicks);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>
    /// The latest recording instant at or before <paramref name="knownAt"/> (all records when null), or null when none: the cut-off
    /// that shows exactly the records seen then (a <c>known_at</c> to pin a view to).
    /// </summary>
    public DateTimeOffset? LastRecordedAt(DateTimeOffset? knownAt = null)
    {
        var version = VersionOf(knownAt);
        return version == 0 ? null : new DateTimeOffset(_recordInstants[version - 1], TimeSpan.Zero);
    }

    /// <summary>
    /// The cut-off of knowledge version <paramref name="version"/> (see <see cref="VersionOf"/>): its last recording instant
    /// (the latest version's is the last instant of all), <see cref="DateTimeOffset.MinValue"/> for 0 (nothing recorded).
    /// </summary>
    public DateTimeOffset KnowledgeCutoff(int version) =>
        version <= 0 || _recordInstants.Length == 0 ? DateTimeOffset.MinValue
        : new DateTimeOffset(_recordInstants[Math.Min(version, _recordInstants.Length) - 1], TimeSpan.Zero);

    internal KnowledgeView ViewFor(DateTimeOffset? knownAt) => ViewOf(VersionOf(knownAt));

    /// <summary>The view of knowledge version <paramref name="version"/> (<see cref="VersionOf"/>), for callers that computed it once.</summary>
    internal KnowledgeView ViewOf(int version)
    {
        version = Math.Clamp(version, 0, _recordInstants.Length);
        if (version == _recordInstants.Length) return _latest;
        if (_views.Count >= MaxCachedViews) _views.Clear();
        var cutoff = version == 0 ? DateTimeOffset.MinValue : new DateTimeOffset(_recordInstants[version - 1], TimeSpan.Zero);
        return _views.GetOrAdd(version, _ => new Lazy<KnowledgeView>(() => BuildView(version == 0 ? DateTimeOffset.MinValue : cutoff))).Value;
    }

    private KnowledgeView BuildView(DateTimeOffset cutoff) =>
        KnowledgeView.Build(_log, _placeOffsets, _byPlace, cutoff, _factionTable, _retractionTargets);

    private static int LowerBound(long[] a, long value)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
