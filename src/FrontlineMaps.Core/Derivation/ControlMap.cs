using System.Collections.Immutable;
using FrontlineMaps.Core.Spatial;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Derivation;

/// <summary>Area per faction at one date.</summary>
/// <param name="Day">The date (end of day).</param>
/// <param name="Km2">Held area in km² per faction id; contested ground under the key <c>contested</c>.</param>
public sealed record AreaSample(DateOnly Day, ImmutableSortedDictionary<string, double> Km2);

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
/// every contested place with one shared <c>contested</c> class. Unknown places claim no territory.
/// Fronts run between held or claimed places of different factions that are not allied; contested places are the front itself
/// and are not edged.
/// </summary>
public sealed class ControlMap
{
    /// <summary>The faction id used for the class of contested places.</summary>
    public const string ContestedClass = "contested";

    private readonly int _factionCount;

    /// <summary>Builds the cells of <paramref name="timeline"/>'s places, clipped to the dataset boundary when it has one.</summary>
    public ControlMap(ControlTimeline timeline, CellOptions? options = null)
    {
        Timeline = timeline;
        _factionCount = timeline.Factions.Length;
        var boundary = timeline.Dataset.BoundaryGeoJson is { } json ? GeoJsonGeometryReader.Read(json) : null;
        Cells = CellCoverage.Build(timeline.Places.Select(p => (p.Lon, p.Lat)).ToList(), boundary, options);
    }

    /// <summary>
    /// A map over <paramref name="timeline"/> that reuses <paramref name="cells"/> built for the same places (same order and
    /// coordinates) and boundary: after records are appended without new places, the cells need not be built again.
    /// </summary>
    public ControlMap(ControlTimeline timeline, CellCoverage cells)
    {
        Timeline = timeline;
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

    /// <summary>The class label of every place at <paramref name="snapshot"/> (-1 for no territory).</summary>
    public int[] Labels(Snapshot snapshot)
    {
        var labels = new int[snapshot.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var c = snapshot.ControllerOf(i);
            labels[i] = snapshot.StatusOf(i) switch
            {
                PlaceStatus.Held => c,
                PlaceStatus.Claimed when c >= 0 => _factionCount + c,
                PlaceStatus.Claimed => 2 * _factionCount,   // a claim of fighting where nobody held it: contested ground
                PlaceStatus.Contested => 2 * _factionCount,
                _ => -1,
            };
        }
        return labels;
    }

    private (string Faction, string Status, int FactionIndex) Decode(int label) =>
        label < _factionCount ? (Timeline.Factions[label].Id, "held", label)
        : label < 2 * _factionCount ? (Timeline.Factions[label - _factionCount].Id, "claimed", label - _factionCount)
        : (ContestedClass, "contested", -1);

    /// <summary>Territory per class at <paramref name="snapshot"/>, largest first.</summary>
    public IReadOnlyList<Territory> Territories(Snapshot snapshot)
    {
        var pieces = Cells.Territory(Labels(snapshot));
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

    /// <summary>Held area per faction (and contested area) at <paramref name="snapshot"/>, from precomputed cell areas.</summary>
    public ImmutableSortedDictionary<string, double> AreaByFaction(Snapshot snapshot)
    {
        var byLabel = Cells.AreaByLabel(Labels(snapshot));
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, km2) in byLabel)
        {
            var (faction, status, _) = Decode(label);
            if (status == "claimed") continue;
            result[faction] = result.GetValueOrDefault(faction) + km2;
        }
        return result.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>Area per faction at every step from <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    public IReadOnlyList<AreaSample> AreaSeries(DateOnly from, DateOnly to, AreaStep step, DateTimeOffset? knownAt = null)
    {
        var result = new List<AreaSample>();
        for (var k = 0; ; k++)
        {
            var d = step switch { AreaStep.Day => from.AddDays(k), AreaStep.Week => from.AddDays(7 * k), _ => from.AddMonths(k) };
            if (d > to) break;
            result.Add(new AreaSample(d, AreaByFaction(Timeline.Snapshot(d, knownAt))));
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
