using System.Collections.Immutable;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Spatial;

/// <summary>Options of <see cref="CellCoverage.Build"/>.</summary>
public sealed record CellOptions
{
    /// <summary>
    /// The cap radius (km): no part of a place's cell lies farther than this from the place, so empty desert is not claimed
    /// by the nearest village. Default 15 km. Where places are denser than this the cap has no effect.
    /// </summary>
    public double CapRadiusKm { get; init; } = 15.0;

    /// <summary>
    /// Radius (metres) of the small circle that places sharing one position (to within 1 m) are spread on, so that each gets its
    /// own wedge of the cell they would otherwise share. Default 10 m.
    /// </summary>
    public double DuplicateSpreadMetres { get; init; } = 10.0;
}

/// <summary>Two cells that share at least one edge.</summary>
/// <param name="A">Index of the first cell (the smaller index).</param>
/// <param name="B">Index of the second cell (the larger index).</param>
/// <param name="SharedLine">The shared linework in projected metres (a LineString, or a MultiLineString when the cells touch along several stretches).</param>
/// <param name="LengthKm">Length of <paramref name="SharedLine"/> in km.</param>
public sealed record CellAdjacency(int A, int B, Geometry SharedLine, double LengthKm);

/// <summary>The dissolved territory of one label: every cell carrying it, merged.</summary>
/// <param name="Label">The label (class id) the caller gave the cells.</param>
/// <param name="Geometry">A Polygon or MultiPolygon in lon/lat, exterior rings counter-clockwise, holes clockwise.</param>
/// <param name="AreaKm2">Area in km², computed in the equal-area projection.</param>
/// <param name="PlaceIndices">Sorted indices of the (non-empty) cells it is made of.</param>
public sealed record TerritoryPiece(int Label, Geometry Geometry, double AreaKm2, ImmutableArray<int> PlaceIndices);

/// <summary>The front line between two labels: every shared edge of neighbouring cells with these two labels, merged.</summary>
/// <param name="LabelA">The smaller label.</param>
/// <param name="LabelB">The larger label.</param>
/// <param name="Geometry">A LineString or MultiLineString in lon/lat.</param>
/// <param name="LengthKm">Length in km, computed in the projection.</param>
/// <param name="PlaceIndices">Sorted indices of the cells on either side of the line.</param>
public sealed record FrontPiece(int LabelA, int LabelB, Geometry Geometry, double LengthKm, ImmutableArray<int> PlaceIndices);
