using System.Collections.Immutable;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Derivation;

/// <summary>
/// The ground one class holds at a date: the dissolved cells of the places of one faction and status (or of every contested
/// place). Geometry in lon/lat.
/// </summary>
/// <param name="Faction">Faction id, or <c>contested</c>.</param>
/// <param name="Status"><c>held</c>, <c>contested</c> or <c>claimed</c>.</param>
/// <param name="AreaKm2">Area in km², measured in the dataset's equal-area projection.</param>
/// <param name="Places">Ids of the places whose cells make it up, sorted.</param>
/// <param name="Geometry">Polygon or MultiPolygon, lon/lat.</param>
public sealed record Territory(string Faction, string Status, double AreaKm2, ImmutableArray<string> Places, Geometry Geometry);

/// <summary>
/// Where two non-allied factions meet at a date: the cell edges between their places, merged. Geometry in lon/lat.
/// </summary>
/// <param name="Factions">The two faction ids, sorted ordinally.</param>
/// <param name="LengthKm">Length in km.</param>
/// <param name="Places">Ids of the places on either side, sorted.</param>
/// <param name="Geometry">LineString or MultiLineString, lon/lat.</param>
public sealed record FrontLine(ImmutableArray<string> Factions, double LengthKm, ImmutableArray<string> Places, Geometry Geometry);
