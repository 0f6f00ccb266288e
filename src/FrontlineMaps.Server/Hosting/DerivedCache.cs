using System.Collections.Concurrent;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// The "cache" of request → source → cache → encoder for derived geometry: territory and front lines per map state.
/// Keyed by (data version, knowledge version, state key): two dates with no change between them share one entry.
/// Bounded; evicts everything when full (entries are cheap to rebuild). After a write, the cache of the new state starts with the
/// entries of the previous one that the write cannot have changed (<see cref="TimelineEdit.Keeps"/>), under the new keys.
/// </summary>
public sealed class DerivedCache
{
    private const int MaxEntries = 256;
    private readonly MapState _state;
    private readonly ConcurrentDictionary<(string, int, long), Lazy<Derived>> _entries = new();

    /// <summary>An empty cache for <paramref name="source"/>.</summary>
    public DerivedCache(MapState state) => _state = state;

    /// <summary>
    /// A cache for <paramref name="source"/> holding what <paramref name="previous"/> computed that is still right: the territory
    /// and fronts of map states before the first day the edit can change, and of knowledge views that see none of its records,
    /// when the place cells are the same.
    /// </summary>
    internal DerivedCache(MapState state, MapState previous, TimelineEdit edit) : this(state)
    {
        if (edit.PlacesAdded || !ReferenceEquals(state.Map.Cells, previous.Map.Cells) || edit.PreviousVersion != previous.DataVersion) return;
        foreach (var ((_, knowledge, stateKey), lazy) in previous.Cache._entries)
        {
            if (!lazy.IsValueCreated) continue;
            foreach (var kept in state.Timeline.KeptVersions(previous.Timeline, knowledge, stateKey))
                _entries.TryAdd((state.DataVersion, kept, stateKey), new Lazy<Derived>(lazy.Value));
        }
    }

    /// <summary>Entries held (for tests).</summary>
    internal int Count => _entries.Count;

    /// <summary>Territory and fronts of one map state.</summary>
    public sealed record Derived(IReadOnlyList<Territory> Territories, IReadOnlyList<FrontLine> FrontLines);

    /// <summary>The cache key of a snapshot.</summary>
    public (string DataVersion, int Knowledge, long StateKey) KeyOf(Snapshot snapshot) =>
        (_state.DataVersion, _state.Timeline.VersionOf(snapshot.KnownAt), snapshot.StateKey);

    /// <summary>Territory and fronts for <paramref name="snapshot"/>, computed once per map state.</summary>
    public Derived For(Snapshot snapshot)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        return _entries.GetOrAdd(KeyOf(snapshot), _ => new Lazy<Derived>(() =>
            new Derived(_state.Map.Territories(snapshot), _state.Map.FrontLines(snapshot)))).Value;
    }
}
