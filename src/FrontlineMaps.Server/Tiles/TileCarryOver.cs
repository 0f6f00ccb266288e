using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Which cached tiles of the state before a write are still right after it, and under which keys of the new state
/// (<see cref="TileCache.MoveTo"/>). A tile's bytes are a function of its address, its layers, the states (at its state key) of
/// the places and cells it reads, and the records of its places in the <c>changes</c> window that ends on its state key's day.
/// So a tile is kept:
/// <list type="bullet">
/// <item>whole, under the same state key, when the write cannot change that map state at all (<see cref="TimelineEdit.Keeps"/>:
/// days before its first day, knowledge views that see none of its records);</item>
/// <item>under the same state key, when the write's footprint (<see cref="EditReach"/>: its places, the cells whose class may
/// differ, inferred ground included, and their neighbours; <see cref="TileFootprint"/>: in the tile's buffer) misses it;</item>
/// <item>also under each new state key the write makes (its own instants), copied from the state key in force there before, when
/// the footprint misses it and, for the <c>changes</c> layer, no record of its places enters or leaves the moved window.</item>
/// </list>
/// The knowledge version moves as <see cref="Core.Timeline.ControlTimeline.CarriedVersions"/> says. One caller at a time.
/// </summary>
internal sealed class TileCarryOver
{
    private readonly MapState _previous, _next;
    private readonly EditReach? _reach;
    private readonly Dictionary<(int, long, int, long), TileFootprint> _footprints = [];
    private readonly Dictionary<(int, int), ILookup<long, long>> _newKeys = [];
    private readonly Dictionary<(int, long), IReadOnlyList<(int Version, bool Whole)>> _versions = [];

    private TileCarryOver(MapState previous, MapState next, EditReach? reach) => (_previous, _next, _reach) = (previous, next, reach);

    /// <summary>The carry-over from <paramref name="previous"/> to <paramref name="next"/>, or null when next is not an update of it over the same cells (nothing is kept).</summary>
    public static TileCarryOver? Between(MapState previous, MapState next)
    {
        if (next.Timeline.Edit is not { } edit || edit.PlacesAdded || edit.PreviousVersion != previous.DataVersion
            || !ReferenceEquals(previous.Map.Cells, next.Map.Cells)) return null;
        return new TileCarryOver(previous, next, EditReach.Between(previous.Map, next.Map));
    }

    /// <summary>Adds to <paramref name="into"/> the keys of the new state under which the bytes cached for <paramref name="key"/> are right.</summary>
    public void KeysOf(TileCache.Key key, List<TileCache.Key> into)
    {
        if (key.DataVersion != _previous.DataVersion) return;
        var tile = new TileId(key.Z, key.X, key.Y);
        // Many tiles share a map state: what depends on the state alone is worked out once per state.
        if (!_versions.TryGetValue((key.Knowledge, key.StateKey), out var versions))
            _versions[(key.Knowledge, key.StateKey)] = versions = _next.Timeline.CarriedVersions(_previous.Timeline, key.Knowledge, key.StateKey);
        foreach (var (version, whole) in versions)
        {
            var moved = key with { DataVersion = _next.DataVersion, Knowledge = version };
            if (whole || (_reach is not null && !Footprint(key.Knowledge, key.StateKey, version, key.StateKey).Touches(tile, key.Layers)))
                into.Add(moved);
            if (_reach is null) continue;
            foreach (var stateKey in NewKeys(key.Knowledge, version)[key.StateKey])
                if (!Footprint(key.Knowledge, key.StateKey, version, stateKey).Touches(tile, key.Layers))
                    into.Add(moved with { StateKey = stateKey });
        }
    }

    private ILookup<long, long> NewKeys(int previousVersion, int version)
    {
        if (!_newKeys.TryGetValue((previousVersion, version), out var keys))
            _newKeys[(previousVersion, version)] = keys = _next.Timeline.NewStateKeys(_previous.Timeline, previousVersion, version)
                .ToLookup(k => k.Previous, k => k.Key);
        return keys;
    }

    private TileFootprint Footprint(int previousVersion, long previousKey, int version, long stateKey)
    {
        if (_footprints.TryGetValue((previousVersion, previousKey, version, stateKey), out var footprint)) return footprint;
        var cells = _reach!.CellsAround(previousVersion, previousKey, version, stateKey);
        var records = stateKey == previousKey ? null : WindowChange(previousKey, stateKey);
        footprint = TileFootprint.Of(_next.Map, cells, _reach.Places, records);
        _footprints[(previousVersion, previousKey, version, stateKey)] = footprint;
        return footprint;
    }

    /// <summary>
    /// The places of the records that one of the two <c>changes</c> windows holds and the other does not (the window of a state
    /// key: the <see cref="VectorTileEncoder.ChangeWindowDays"/> days ending with its day; none before the first change).
    /// </summary>
    private IEnumerable<int>? WindowChange(long from, long to)
    {
        var (a1, b1) = Window(from);
        var (a2, b2) = Window(to);
        if (a1 == a2 && b1 == b2) return null;
        var timeline = _next.Timeline;
        if (a1 >= b1 || a2 >= b2 || b1 <= a2 || b2 <= a1)
            return timeline.PlacesWithRecords(a1, b1).Concat(timeline.PlacesWithRecords(a2, b2));
        return timeline.PlacesWithRecords(Math.Min(a1, a2), Math.Max(a1, a2))
            .Concat(timeline.PlacesWithRecords(Math.Min(b1, b2), Math.Max(b1, b2)));
    }

    private static (long From, long To) Window(long stateKey)
    {
        if (stateKey == long.MinValue) return (0, 0);
        var end = TimeKey.DayOf(stateKey);
        return (TimeKey.StartOfDay(end.AddDays(1 - VectorTileEncoder.ChangeWindowDays)), TimeKey.StartOfDay(end.AddDays(1)));
    }
}
