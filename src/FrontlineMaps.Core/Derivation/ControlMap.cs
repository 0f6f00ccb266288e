using System.Collections.Immutable;
using FrontlineMaps.Core.Spatial;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Derivation;

/// <summary>Area per faction at one date.</summary>
/// <param name="Day">The date (end of day).</param>
/// <param name="Km2">Held area in km² per faction id; contested ground under the key <c>contested</c>. Inferred ground is not in it.</param>
/// <param name="InferredKm2">Inferred ground (unknown places one faction encloses) in km² per faction id, apart from what it holds.</param>
public sealed record AreaSample(DateOnly Day, ImmutableSortedDictionary<string, double> Km2, ImmutableSortedDictionary<string, double> InferredKm2);

/// <summary>Steps of an area series.</summary>
public enum AreaStep
{
    /// <summary>Every day.</summary>
    Day,
    /// <summary>Every seven days.</summary>
    Week,
    /// <summary>Every calendar month (same day of month, clamped).</summary>
    Month,
}

/// <summary>
/// Territory and front lines derived from a timeline: the place cells (<see cref="CellCoverage"/>) are built once per gazetteer
/// version; a date only relabels them from a <see cref="Snapshot"/>.
/// Classes: a held place is labelled with its faction, a claimed place with its claimed faction (status <c>claimed</c>), and
/// every contested place with one shared <c>contested</c> class. Unknown places claim no territory of their own; a small region
/// of unknown places that one faction's held ground encloses is drawn as that faction's <c>inferred</c> class (see
/// <see cref="InferredGround"/>): never a fact, never a place's state, not in the held area.
/// Fronts run between held or claimed places of different factions that are not allied; contested places are the front itself
/// and are not edged. Inferred ground touches only its faction's held ground, so it is never on a front.
/// </summary>
public sealed class ControlMap
{
    /// <summary>The faction id used for the class of contested places.</summary>
    public const string ContestedClass = "contested";

    /// <summary>The status of the inferred class (see <see cref="InferredGround"/>).</summary>
    public const string InferredStatus = "inferred";

    /// <summary>
    /// Default largest unknown region (in places) drawn as inferred ground: pockets of a few villages, not whole districts that
    /// no source names.
    /// </summary>
    public const int DefaultMaxInferredPlaces = 200;

    private readonly int _factionCount;

    /// <summary>Builds the cells of <paramref name="timeline"/>'s places, clipped to the dataset boundary when it has one.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <param name="options">Cell options (null: the defaults).</param>
    /// <param name="maxInferredPlaces">The largest unknown region drawn as inferred ground (0: none is).</param>
    public ControlMap(ControlTimeline timeline, CellOptions? options = null, int maxInferredPlaces = DefaultMaxInferredPlaces)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInferredPlaces);
        Timeline = timeline;
        MaxInferredPlaces = maxInferredPlaces;
        _factionCount = timeline.Factions.Length;
        var boundary = timeline.Dataset.BoundaryGeoJson is { } json ? GeoJsonGeometryReader.Read(json) : null;
        Cells = CellCoverage.Build(timeline.Places.Select(p => (p.Lon, p.Lat)).ToList(), boundary, options);
    }

    /// <summary>
    /// A map over <paramref name="timeline"/> that reuses <paramref name="cells"/> built for the same places (same order and
    /// coordinates) and boundary: after records are appended without new places, the cells need not be built again.
    /// </summary>
    public ControlMap(ControlTimeline timeline, CellCoverage cells, int maxInferredPlaces = DefaultMaxInferredPlaces)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInferredPlaces);
        Timeline = timeline;
        MaxInferredPlaces = maxInferredPlaces;
        _factionCount = timeline.Factions.Length;
        Cells = cells;
    }

    /// <summary>True when cells built for <paramref name="other"/>'s places and boundary fit <paramref name="timeline"/>'s.</summary>
    public static bool SameCells(ControlTimeline timeline, ControlTimeline other) =>
        timeline.Dataset.BoundaryGeoJson == other.Dataset.BoundaryGeoJson
        && timeline.Places.Length == other.Places.Length
        && Enumerable.Range(0, timeline.Places.Length).All(i =>
            timeline.Places[i].Lon == other.Places[i].Lon && timeline.Places[i].Lat == other.Places[i].Lat);

    /// <summary>The timeline.</summary>
    public ControlTimeline Timeline { get; }

    /// <summary>The place cells and their adjacency.</summary>
    public CellCoverage Cells { get; }

    /// <summary>The largest unknown region (in places) drawn as inferred ground; 0 when none is.</summary>
    public int MaxInferredPlaces { get; }

    /// <summary>
    /// The class label of every place at <paramref name="snapshot"/> from its own state (-1 for no territory): a held place's
    /// faction index, <c>factions + index</c> when claimed, <c>2 × factions</c> when contested. No inferred ground.
    /// </summary>
    public int[] Labels(Snapshot snapshot)
    {
        var labels = new int[snapshot.Count];
        for (var i = 0; i < labels.Length; i++)
            labels[i] = LabelOf(snapshot.StatusOf(i), snapshot.ControllerOf(i), _factionCount);
        return labels;
    }

    /// <summary>The class label of a place's own state (see <see cref="Labels"/>).</summary>
    internal static int LabelOf(PlaceStatus status, int controller, int factionCount) => status switch
    {
        PlaceStatus.Held => controller,
        PlaceStatus.Claimed when controller >= 0 => factionCount + controller,
        PlaceStatus.Claimed => 2 * factionCount,   // a claim of fighting where nobody held it: contested ground
        PlaceStatus.Contested => 2 * factionCount,
        _ => -1,
    };

    /// <summary>
    /// <see cref="Labels"/> with inferred ground: an unknown place of an inferred region gets <c>2 × factions + 1 + index</c> of
    /// the faction that encloses it. One pass over the unknown places and their neighbours (each region is visited once).
    /// </summary>
    public int[] ClassLabels(Snapshot snapshot) => WithInferred(Labels(snapshot));

    private int[] WithInferred(int[] facts)
    {
        var result = (int[])facts.Clone();
        if (MaxInferredPlaces == 0) return result;
        var scratch = new InferredGround.Scratch(facts.Length);
        var labels = new ArrayLabels(facts);
        for (var i = 0; i < facts.Length; i++)
        {
            if (facts[i] >= 0) continue;
            var f = InferredGround.Resolve(Cells, i, ref labels, _factionCount, MaxInferredPlaces, scratch);
            if (f >= 0) result[i] = InferredLabel(f);
        }
        return result;
    }

    private int InferredLabel(int faction) => 2 * _factionCount + 1 + faction;

    private (string Faction, string Status, int FactionIndex) Decode(int label) =>
        label < _factionCount ? (Timeline.Factions[label].Id, "held", label)
        : label < 2 * _factionCount ? (Timeline.Factions[label - _factionCount].Id, "claimed", label - _factionCount)
        : label == 2 * _factionCount ? (ContestedClass, "contested", -1)
        : (Timeline.Factions[label - 2 * _factionCount - 1].Id, InferredStatus, label - 2 * _factionCount - 1);

    /// <summary>Territory per class at <paramref name="snapshot"/>, largest first; inferred ground is its own class per faction.</summary>
    public IReadOnlyList<Territory> Territories(Snapshot snapshot)
    {
        var pieces = Cells.Territory(ClassLabels(snapshot));
        var result = new List<Territory>(pieces.Count);
        foreach (var p in pieces)
        {
            var (faction, status, _) = Decode(p.Label);
            result.Add(new Territory(faction, status, p.AreaKm2, PlaceIds(p.PlaceIndices), p.Geometry));
        }
        result.Sort((a, b) => b.AreaKm2.CompareTo(a.AreaKm2));
        return result;
    }

    /// <summary>Front lines per pair of non-allied factions at <paramref name="snapshot"/>, longest first.</summary>
    public IReadOnlyList<FrontLine> FrontLines(Snapshot snapshot)
    {
        var alliances = Timeline.AlliancesOn(snapshot.ValidAt);
        var pieces = Cells.Fronts(Labels(snapshot), (a, b) => IsFront(alliances, a, b));
        var merged = new Dictionary<(string, string), List<FrontPiece>>();
        foreach (var p in pieces)
        {
            var a = Decode(p.LabelA).Faction;
            var b = Decode(p.LabelB).Faction;
            var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
            if (!merged.TryGetValue(key, out var list)) merged[key] = list = [];
            list.Add(p);
        }
        var result = new List<FrontLine>(merged.Count);
        foreach (var ((a, b), list) in merged)
        {
            var geometry = list.Count == 1 ? list[0].Geometry : Cells.Projection.LonLatFactory.BuildGeometry(list.Select(l => l.Geometry)).Union();
            var places = list.SelectMany(l => l.PlaceIndices).Distinct().Order().ToImmutableArray();
            result.Add(new FrontLine([a, b], list.Sum(l => l.LengthKm), PlaceIds(places), geometry));
        }
        result.Sort((x, y) => y.LengthKm.CompareTo(x.LengthKm));
        return result;
    }

    /// <summary>Held area per faction (and contested area) at <paramref name="snapshot"/>, from precomputed cell areas; no inferred ground.</summary>
    public ImmutableSortedDictionary<string, double> AreaByFaction(Snapshot snapshot) => Areas(snapshot, inferred: false).Held;

    /// <summary>Inferred ground per faction at <paramref name="snapshot"/> (km²), apart from <see cref="AreaByFaction"/>.</summary>
    public ImmutableSortedDictionary<string, double> InferredAreaByFaction(Snapshot snapshot) => Areas(snapshot, inferred: true).Inferred;

    private (ImmutableSortedDictionary<string, double> Held, ImmutableSortedDictionary<string, double> Inferred) Areas(Snapshot snapshot, bool inferred)
    {
        var labels = Labels(snapshot);
        var byLabel = Cells.AreaByLabel(inferred ? WithInferred(labels) : labels);
        var held = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var inferredKm2 = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, km2) in byLabel)
        {
            var (faction, status, _) = Decode(label);
            if (status == "claimed") continue;
            var into = status == InferredStatus ? inferredKm2 : held;
            into[faction] = into.GetValueOrDefault(faction) + km2;
        }
        return (held.ToImmutableSortedDictionary(StringComparer.Ordinal), inferredKm2.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>Area per faction at every step from <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    public IReadOnlyList<AreaSample> AreaSeries(DateOnly from, DateOnly to, AreaStep step, DateTimeOffset? knownAt = null)
    {
        var result = new List<AreaSample>();
        // Dates with the same state key have the same map: a step that changes nothing reuses the previous areas.
        var lastKey = (long?)null;
        var areas = (Held: ImmutableSortedDictionary<string, double>.Empty, Inferred: ImmutableSortedDictionary<string, double>.Empty);
        for (var k = 0; ; k++)
        {
            var d = step switch { AreaStep.Day => from.AddDays(k), AreaStep.Week => from.AddDays(7 * k), _ => from.AddMonths(k) };
            if (d > to) break;
            var key = Timeline.StateKeyAt(d, knownAt);
            if (key != lastKey) areas = Areas(Timeline.Snapshot(d, knownAt), inferred: true);
            lastKey = key;
            result.Add(new AreaSample(d, areas.Held, areas.Inferred));
        }
        return result;
    }

    private bool IsFront(AllianceTable alliances, int labelA, int labelB) =>
        alliances.AreOpposed(Decode(labelA).FactionIndex, Decode(labelB).FactionIndex);

    private ImmutableArray<string> PlaceIds(ImmutableArray<int> indices)
    {
        var ids = new string[indices.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = Timeline.Places[indices[i]].Id;
        Array.Sort(ids, StringComparer.Ordinal);
        return [.. ids];
    }
}
