using System.Collections.Immutable;

namespace FrontlineMaps.Core.Domain;

/// <summary>Descriptive metadata of a dataset.</summary>
/// <param name="Name">Human name.</param>
/// <param name="Attribution">Attribution lines that must accompany maps made from it.</param>
public sealed record DatasetInfo(string Name, ImmutableArray<string> Attribution);

/// <summary>
/// A whole dataset as loaded from a store: factions, places, sources, the control log and an optional boundary
/// (a polygon or multipolygon in lon/lat, as GeoJSON geometry text). Immutable.
/// </summary>
public sealed record Dataset(
    DatasetInfo Info,
    ImmutableArray<Faction> Factions,
    ImmutableArray<Place> Places,
    ImmutableArray<Source> Sources,
    ImmutableArray<ControlChange> Changes,
    string? BoundaryGeoJson = null);
