using System.Collections.Concurrent;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// The "cache" of request → source → cache → encoder for derived geometry: territory and front lines per map state.
/// Keyed by (data version, knowledge version, state key): two dates with no change between them share one entry.
/// Bounded; evicts everything when full (entries are cheap to rebuild).
/// </summary>
public sealed class DerivedCache(MapState source)
{
    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<(string, int, long), Lazy<Derived>> _entries = new();

    /// <summary>Territory and fronts of one map state.</summary>
    public sealed record Derived(IReadOnlyList<Territory> Territories, IReadOnlyList<FrontLine> FrontLines);

    /// <summary>The cache key of a snapshot.</summary>
    public (string DataVersion, int Knowledge, long StateKey) KeyOf(Snapshot snapshot) =>
        (source.DataVersion, source.Timeline.VersionOf(snapshot.KnownAt), snapshot.StateKey);

    /// <summary>Territory and fronts for <paramref name="snapshot"/>, computed once per map state.</summary>
    public Derived For(Snapshot snapshot)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        return _entries.GetOrAdd(KeyOf(snapshot), _ => new Lazy<Derived>(() =>
            new Derived(source.Map.Territories(snapshot), source.Map.FrontLines(snapshot)))).Value;
    }
}
