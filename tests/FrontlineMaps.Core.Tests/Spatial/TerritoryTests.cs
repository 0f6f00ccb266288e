using FrontlineMaps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Tests.Spatial;

public class TerritoryTests
{
    private const int Columns = 20, Rows = 20;

    // A 20 x 20 grid of villages about 4.6 km x 5.5 km apart, inside a box that their cells cover completely.
    private static readonly CellCoverage GridCells =
        CellCoverage.Build(SpatialFixtures.Grid(36.0, 34.0, 37.0, 35.0, Columns, Rows), SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));

    private static int[] Labels(Func<int, int, int> byColumnAndRow)
    {
        var labels = new int[Columns * Rows];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                labels[r * Columns + c] = byColumnAndRow(c, r);
        return labels;
    }

    private static double Km2(Func<int, bool> which) =>
        Enumerable.Range(0, GridCells.Count).Where(which).Sum(GridCells.CellAreaKm2);

    [Fact]
    public void Two_halves_dissolve_into_two_polygons_whose_areas_are_the_sums_of_their_cells()
    {
        var labels = Labels((c, _) => c < 10 ? 0 : 1);

        var pieces = GridCells.Territory(labels);

        Assert.Equal([0, 1], pieces.Select(p => p.Label));
        foreach (var piece in pieces)
        {
            Assert.IsType<Polygon>(piece.Geometry);
            Assert.Equal(0, ((Polygon)piece.Geometry).NumInteriorRings);
            Assert.True(piece.Geometry.IsValid);
            Assert.Equal(Km2(i => labels[i] == piece.Label), piece.AreaKm2, 1e-6);
            Assert.Equal(Enumerable.Range(0, labels.Length).Where(i => labels[i] == piece.Label), piece.PlaceIndices);
            // The published area matches the lon/lat geometry projected back.
            Assert.Equal(piece.AreaKm2, GridCells.Projection.Project(piece.Geometry).Area / 1e6, piece.AreaKm2 * 1e-6);
        }
        var areas = GridCells.AreaByLabel(labels);
        Assert.Equal(areas[0], pieces[0].AreaKm2, 1e-6);
        Assert.Equal(areas[1], pieces[1].AreaKm2, 1e-6);
        Assert.Equal(GridCells.Region.Area / 1e6, areas[0] + areas[1], GridCells.Region.Area / 1e6 * 1e-6);
    }

    [Fact]
    public void Alternating_stripes_dissolve_into_one_multipolygon_per_label_with_one_polygon_per_stripe()
    {
        var labels = Labels((c, _) => c / 5 % 2); // stripes 0 1 0 1, five columns each

        var pieces = GridCells.Territory(labels);

        Assert.Equal(2, pieces.Count);
        foreach (var piece in pieces)
        {
            Assert.IsType<MultiPolygon>(piece.Geometry);
            Assert.Equal(2, piece.Geometry.NumGeometries);
            Assert.True(piece.Geometry.IsValid);
            Assert.Equal(200, piece.PlaceIndices.Length);
            Assert.Equal(Km2(i => labels[i] == piece.Label), piece.AreaKm2, 1e-6);
        }
    }

    [Fact]
    public void An_enclave_becomes_a_hole_in_the_surrounding_territory_and_a_polygon_of_its_own()
    {
        var labels = Labels((c, r) => c is >= 8 and < 12 && r is >= 8 and < 12 ? 7 : 3);

        var pieces = GridCells.Territory(labels);

        var outer = (Polygon)pieces.Single(p => p.Label == 3).Geometry;
        var enclave = (Polygon)pieces.Single(p => p.Label == 7).Geometry;
        Assert.Equal(1, outer.NumInteriorRings);
        Assert.Equal(0, enclave.NumInteriorRings);
        Assert.True(outer.IsValid);
        Assert.Equal(16, pieces.Single(p => p.Label == 7).PlaceIndices.Length);
        Assert.Equal(Km2(i => labels[i] == 7), pieces.Single(p => p.Label == 7).AreaKm2, 1e-6);
        Assert.Equal(Km2(i => labels[i] == 3), pieces.Single(p => p.Label == 3).AreaKm2, 1e-6);
        // The hole is exactly the enclave.
        Assert.Equal(0, outer.Intersection(enclave).Area, 1e-12);
        Assert.Equal(GridCells.Region.Area, GridCells.Projection.Project(outer.Union(enclave)).Area, GridCells.Region.Area * 1e-6);
    }

    [Fact]
    public void Exterior_rings_are_counter_clockwise_and_holes_clockwise()
    {
        var labels = Labels((c, r) => c is >= 8 and < 12 && r is >= 8 and < 12 ? 1 : 0);
        var outer = (Polygon)GridCells.Territory(labels).Single(p => p.Label == 0).Geometry;
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(outer.ExteriorRing.CoordinateSequence));
        Assert.False(NetTopologySuite.Algorithm.Orientation.IsCCW(outer.GetInteriorRingN(0).CoordinateSequence));
    }

    [Fact]
    public void Places_without_territory_make_no_piece_and_no_area()
    {
        var labels = Labels((c, _) => c < 5 ? -1 : c < 15 ? 0 : 1);

        var pieces = GridCells.Territory(labels);
        var areas = GridCells.AreaByLabel(labels);

        Assert.Equal([0, 1], pieces.Select(p => p.Label));
        Assert.DoesNotContain(pieces.SelectMany(p => p.PlaceIndices), i => labels[i] < 0);
        Assert.Equal([0, 1], areas.Keys.Order());
        Assert.Equal(Km2(i => labels[i] >= 0), areas.Values.Sum(), 1e-6);
        Assert.Empty(GridCells.Territory(new int[GridCells.Count].Select(_ => -1).ToArray()));
    }

    [Fact]
    public void A_checkerboard_of_single_cells_dissolves_into_valid_geometry_with_exact_areas()
    {
        var labels = Labels((c, r) => (c + r) % 2);

        var pieces = GridCells.Territory(labels);

        Assert.Equal(2, pieces.Count);
        foreach (var piece in pieces)
        {
            Assert.True(piece.Geometry.IsValid);
            Assert.Equal(Km2(i => labels[i] == piece.Label), piece.AreaKm2, 1e-6);
            Assert.Equal(200, piece.PlaceIndices.Length);
        }
    }

    [Fact]
    public void A_label_count_different_from_the_cell_count_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => GridCells.Territory(new int[3]));
        Assert.Throws<ArgumentException>(() => GridCells.Fronts(new int[3], (_, _) => true));
        Assert.Throws<ArgumentException>(() => GridCells.AreaByLabel(new int[3]));
    }

    [Fact]
    public void Two_villages_held_by_rival_factions_are_separated_by_one_front_line()
    {
        var coverage = CellCoverage.Build([(36.20, 34.50), (36.30, 34.50)], null);

        var fronts = coverage.Fronts([4, 2], (_, _) => true);

        var front = Assert.Single(fronts);
        Assert.Equal((2, 4), (front.LabelA, front.LabelB));
        Assert.Equal<int>([0, 1], front.PlaceIndices);
        Assert.IsType<LineString>(front.Geometry);
        // The bisector of two villages 9.2 km apart, each capped at 15 km: at most 2 * sqrt(15^2 - 4.6^2) = 28.6 km long.
        Assert.InRange(front.LengthKm, 10, 28.6);
        Assert.All(front.Geometry.Coordinates, c => Assert.InRange(c.X, 36.24, 36.26));
    }

    [Fact]
    public void Two_halves_meet_along_one_front_line_bordered_by_the_two_middle_columns()
    {
        var labels = Labels((c, _) => c < 10 ? 0 : 1);

        var front = Assert.Single(GridCells.Fronts(labels, (_, _) => true));

        Assert.IsType<LineString>(front.Geometry);
        Assert.Equal(Enumerable.Range(0, labels.Length).Where(i => i % Columns is 9 or 10), front.PlaceIndices);
        Assert.InRange(front.LengthKm, 110.0, 112.0); // one degree of latitude near 34.5N is 110.9 km
    }

    [Fact]
    public void Allied_labels_have_no_front_between_them_and_only_rivals_get_one()
    {
        var labels = Labels((c, _) => c < 7 ? 0 : c < 14 ? 1 : 2);
        var calls = new List<(int, int)>();

        var fronts = GridCells.Fronts(labels, (a, b) =>
        {
            calls.Add((a, b));
            return (a, b) != (0, 1);
        });

        var front = Assert.Single(fronts);
        Assert.Equal((1, 2), (front.LabelA, front.LabelB));
        Assert.Equal(Enumerable.Range(0, labels.Length).Where(i => i % Columns is 13 or 14), front.PlaceIndices);
        Assert.Equal(calls.Distinct().Count(), calls.Count); // asked once per pair
        Assert.Empty(GridCells.Fronts(labels, (_, _) => false));
    }

    [Fact]
    public void Places_without_territory_make_no_front_line()
    {
        var labels = Labels((c, _) => c < 10 ? 0 : c == 10 ? -1 : 1);
        var fronts = GridCells.Fronts(labels, (_, _) => true);
        // Column 10 has no territory, so columns 9 and 11 are not neighbours and no front remains.
        Assert.Empty(fronts);
    }

    [Fact]
    public void A_front_line_is_split_where_the_territories_stop_touching()
    {
        // Label 1 holds two separate blocks east of label 0's column band: two stretches of one front.
        var labels = Labels((c, r) => c < 10 ? 0 : (r < 5 || r >= 15) ? 1 : -1);
        var front = Assert.Single(GridCells.Fronts(labels, (_, _) => true));
        Assert.IsType<MultiLineString>(front.Geometry);
        Assert.Equal(2, front.Geometry.NumGeometries);
    }

    [Fact]
    public void Concurrent_readers_get_the_same_territory_and_fronts()
    {
        var labels = Labels((c, r) => (c / 4 + r / 4) % 3);
        var expected = GridCells.Territory(labels);
        var expectedFronts = GridCells.Fronts(labels, (_, _) => true);
        Parallel.For(0, 16, _ =>
        {
            var pieces = GridCells.Territory(labels);
            var fronts = GridCells.Fronts(labels, (_, _) => true);
            Assert.Equal(expected.Select(p => (p.Label, p.AreaKm2, p.Geometry.NumPoints)), pieces.Select(p => (p.Label, p.AreaKm2, p.Geometry.NumPoints)));
            Assert.Equal(expectedFronts.Select(p => (p.LabelA, p.LabelB, p.LengthKm)), fronts.Select(p => (p.LabelA, p.LabelB, p.LengthKm)));
            Assert.True(pieces.All(p => p.Geometry.EqualsExact(expected.Single(e => e.Label == p.Label).Geometry)));
        });
    }

    [Fact]
    public void Territory_of_random_places_in_Syria_is_valid_and_its_area_matches_the_cell_sums()
    {
        var points = SpatialFixtures.Random(3000, 11, 35.5, 32.3, 42.5, 37.4);
        var coverage = CellCoverage.Build(points, null);
        var seeds = SpatialFixtures.Random(6, 12, 35.5, 32.3, 42.5, 37.4);
        var labels = points.Select(p => Enumerable.Range(0, 6).MinBy(k => Math.Pow(p.Lon - seeds[k].Lon, 2) + Math.Pow(p.Lat - seeds[k].Lat, 2))).ToArray();
        labels[17] = -1;

        var pieces = coverage.Territory(labels);
        var areas = coverage.AreaByLabel(labels);

        Assert.Equal(6, pieces.Count);
        foreach (var piece in pieces)
        {
            Assert.True(piece.Geometry.IsValid, $"label {piece.Label}");
            Assert.Equal(areas[piece.Label], piece.AreaKm2, areas[piece.Label] * 1e-9);
        }
        var fronts = coverage.Fronts(labels, (_, _) => true);
        Assert.NotEmpty(fronts);
        Assert.All(fronts, f => Assert.All(f.PlaceIndices, i => Assert.True(labels[i] == f.LabelA || labels[i] == f.LabelB)));
    }
}
