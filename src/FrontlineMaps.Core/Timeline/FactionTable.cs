using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// The factions as the resolver sees them: an index per id, and when each one ceased (its <see cref="Faction.ValidTo"/>) and
/// whom its places passed to (<see cref="Faction.SucceededBy"/>). Built once per catalogue.
/// </summary>
internal sealed class FactionTable
{
    /// <summary>No end: the faction still exists.</summary>
    public const long Never = long.MaxValue;

    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly long[] _endKey;
    private readonly int[] _successor;

    public FactionTable(ImmutableArray<Faction> factions, IReadOnlyDictionary<string, int> index)
    {
        _index = index;
        _endKey = new long[factions.Length];
        _successor = new int[factions.Length];
        for (var i = 0; i < factions.Length; i++)
        {
            var f = factions[i];
            _endKey[i] = f.ValidTo is { } to ? TimeKey.StartOfDay(to) : Never;
            _successor[i] = f.SucceededBy is { } s && index.TryGetValue(s, out var si) && si != i ? si : -1;
        }
    }

    /// <summary>The index of <paramref name="factionId"/>; an unknown id is a bug of the caller (the validator refuses it).</summary>
    public int IndexOf(string factionId) =>
        _index.TryGetValue(factionId, out var f) ? f : throw new ArgumentException($"unknown faction '{factionId}'");

    /// <summary>The first instant <paramref name="faction"/> no longer existed (<see cref="Never"/> if it still does).</summary>
    public long EndKey(int faction) => _endKey[faction];

    /// <summary>The faction its places passed to when it ceased, or -1 (they become unknown).</summary>
    public int Successor(int faction) => _successor[faction];
}
