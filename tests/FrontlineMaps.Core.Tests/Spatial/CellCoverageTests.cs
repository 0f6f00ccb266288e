using FrontlineMaps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Tests.Spatial;

public class CellCoverageTests
{
    [Fact]
    public void Cells_of_dense_points_cover_the_boundary_exactly_without_overlaps()
    {
        var boundary = SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0);
        var points = SpatialFixtures.Random(600, 1, 36.0, 34.0, 37.0, 35.0);

        var coverage = CellCoverage.Build(points, boundary);

        Assert.Equal(600, coverage.Count);
        SpatialFixtures.AssertExactCoverage(coverage, coverage.Region.Area);
        Assert.InRange(coverage.Region.Area / coverage.Projection.Project(boundary).Area, 0.99999, 1.00001);
        double sumKm2 = Enumerable.Range(0, coverage.Count).Sum(coverage.CellAreaKm2);
        Assert.Equal(coverage.Region.Area / 1e6, sumKm2, coverage.Region.Area / 1e6 * 1e-6);
    }

    [Fact]
    public void Every_cell_contains_its_own_place_and_the_lon_lat_cell_matches_the_projected_one()
    {
        var points = SpatialFixtures.Random(300, 2, 36.0, 34.0, 37.0, 35.0);
        var coverage = CellCoverage.Build(points, SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));
        var factory = new GeometryFactory();
        for (int i = 0; i < points.Length; i++)
        {
            var (x, y) = coverage.Projection.Project(points[i].Lon, points[i].Lat);
            Assert.True(coverage.CellProjected(i).Contains(factory.CreatePoint(new Coordinate(x, y))), $"cell {i}");
            Assert.True(coverage.CellLonLat(i).Contains(factory.CreatePoint(new Coordinate(points[i].Lon, points[i].Lat))), $"cell {i}");
            Assert.Equal(coverage.CellProjected(i).NumPoints, coverage.CellLonLat(i).NumPoints);
        }
    }

    [Fact]
    public void Adjacent_cells_are_listed_once_with_their_shared_line()
    {
        var points = SpatialFixtures.Random(200, 3, 36.0, 34.0, 37.0, 35.0);
        var coverage = CellCoverage.Build(points, SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));

        Assert.NotEmpty(coverage.Adjacency);
        Assert.Equal(coverage.Adjacency.Length, coverage.Adjacency.Select(a => (a.A, a.B)).Distinct().Count());
        foreach (var adjacency in coverage.Adjacency)
        {
            Assert.True(adjacency.A < adjacency.B);
            var a = coverage.CellProjected(adjacency.A);
            var b = coverage.CellProjected(adjacency.B);
            // The shared line lies on both cells' boundaries and the cells do not overlap.
            Assert.True(a.Boundary.Covers(adjacency.SharedLine));
            Assert.True(b.Boundary.Covers(adjacency.SharedLine));
            Assert.Equal(0, a.Intersection(b).Area, 1e-6);
            Assert.Equal(adjacency.SharedLine.Length / 1000, adjacency.LengthKm, 1e-9);
        }
        // Each place has between 2 and (at most a few dozen) neighbours.
        var degree = new int[coverage.Count];
        foreach (var adjacency in coverage.Adjacency) { degree[adjacency.A]++; degree[adjacency.B]++; }
        Assert.All(degree, d => Assert.InRange(d, 2, 30));
    }

    [Fact]
    public void A_lone_far_point_claims_no_more_than_the_cap_disc_and_the_desert_around_it_stays_unclaimed()
    {
        var boundary = SpatialFixtures.Box(36.0, 33.0, 40.0, 35.0);
        var points = SpatialFixtures.Random(400, 4, 36.0, 34.5, 37.0, 35.0).Append((39.0, 33.6)).ToArray();
        var options = new CellOptions { CapRadiusKm = 15 };

        var coverage = CellCoverage.Build(points, boundary, options);

        int lone = points.Length - 1;
        double r = 15_000;
        var cell = coverage.CellProjected(lone);
        Assert.InRange(cell.Area, Math.PI * (0.375 * r) * (0.375 * r) * 0.8, Math.PI * r * r);
        var (x, y) = coverage.Projection.Project(39.0, 33.6);
        Assert.All(cell.Coordinates, c => Assert.True(Math.Sqrt((c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y)) <= r + 1));
        // The empty box around it (and the south of the boundary) is left to the ghosts: far less than the region is claimed.
        double claimed = Enumerable.Range(0, coverage.Count).Sum(i => coverage.CellProjected(i).Area);
        Assert.True(claimed < coverage.Region.Area * 0.5, $"claimed {claimed / 1e6} of {coverage.Region.Area / 1e6} km2");
        SpatialFixtures.AssertExactCoverage(coverage, claimed);
    }

    [Fact]
    public void No_cell_reaches_farther_than_the_cap_radius_from_its_place()
    {
        var points = SpatialFixtures.Random(150, 5, 35.5, 32.3, 42.5, 37.4); // sparse: about 45 km apart
        var coverage = CellCoverage.Build(points, null, new CellOptions { CapRadiusKm = 10 });
        for (int i = 0; i < points.Length; i++)
        {
            var (x, y) = coverage.Projection.Project(points[i].Lon, points[i].Lat);
            foreach (var c in coverage.CellProjected(i).Coordinates)
                Assert.True(Math.Sqrt((c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y)) <= 10_000 + 1, $"cell {i}");
            Assert.True(coverage.CellAreaKm2(i) <= Math.PI * 100);
        }
    }

    [Fact]
    public void Without_a_boundary_the_cells_fill_the_convex_hull_buffered_by_the_cap()
    {
        var points = SpatialFixtures.Grid(36.0, 34.0, 36.5, 34.5, 10, 10); // 4.6 km x 5.5 km spacing: the cap never bites inside
        var coverage = CellCoverage.Build(points, null);
        Assert.True(coverage.Region is Polygon);
        double claimed = Enumerable.Range(0, coverage.Count).Sum(i => coverage.CellProjected(i).Area);
        SpatialFixtures.AssertExactCoverage(coverage, claimed);
        // The region reaches 15 km beyond the hull; the cap keeps the cells within 15 km of the outer places, so the edge is partly unclaimed.
        Assert.True(claimed < coverage.Region.Area);
        Assert.True(claimed > 0.5 * coverage.Region.Area);
    }

    [Fact]
    public void Duplicate_points_do_not_crash_and_each_gets_its_own_wedge_of_the_shared_cell()
    {
        var points = SpatialFixtures.Random(100, 6, 36.0, 34.0, 37.0, 35.0).ToList();
        points.Add(points[10]);
        points.Add(points[10]);
        points.Add((points[20].Lon + 1e-9, points[20].Lat)); // within a millimetre: treated as the same position

        var coverage = CellCoverage.Build(points, SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));

        Assert.Equal(103, coverage.Count);
        SpatialFixtures.AssertExactCoverage(coverage, Enumerable.Range(0, coverage.Count).Sum(i => coverage.CellProjected(i).Area));
        foreach (int i in new[] { 10, 100, 101, 20, 102 }) Assert.True(coverage.CellAreaKm2(i) > 1, $"cell {i}");
        var pairs = coverage.Adjacency.Select(a => (a.A, a.B)).ToHashSet();
        Assert.Contains((10, 100), pairs);
        Assert.Contains((10, 101), pairs);
        Assert.Contains((100, 101), pairs);
        Assert.Contains((20, 102), pairs);
    }

    [Fact]
    public void A_place_outside_the_boundary_far_from_it_gets_an_empty_cell()
    {
        var points = SpatialFixtures.Random(50, 8, 36.0, 34.0, 37.0, 35.0).Append((41.0, 36.0)).ToArray();
        var coverage = CellCoverage.Build(points, SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));
        Assert.True(coverage.CellProjected(50).IsEmpty);
        Assert.Equal(0, coverage.CellAreaKm2(50));
        Assert.DoesNotContain(coverage.Adjacency, a => a.A == 50 || a.B == 50);
    }

    [Fact]
    public void Invalid_coordinates_and_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => CellCoverage.Build([(200.0, 10.0)], null));
        Assert.Throws<ArgumentException>(() => CellCoverage.Build([(double.NaN, 10.0)], null));
        Assert.Throws<ArgumentException>(() => CellCoverage.Build([(36.0, 34.0)], null, new CellOptions { CapRadiusKm = 0 }));
    }

    [Fact]
    public void The_real_Syria_boundary_is_covered_by_the_cells_of_random_places()
    {
        string path = Path.Combine(SpatialFixtures.SharedDirectory(), "data", "admin", "ocha-syria-admin0.geojson");
        var boundary = GeoJsonGeometryReader.Read(File.ReadAllText(path));
        var points = SpatialFixtures.Random(3000, 9, 35.5, 32.3, 42.5, 37.4);

        var coverage = CellCoverage.Build(points, boundary, new CellOptions { CapRadiusKm = 25 });

        double claimed = Enumerable.Range(0, coverage.Count).Sum(i => coverage.CellProjected(i).Area);
        SpatialFixtures.AssertExactCoverage(coverage, claimed);
        // Syria is about 185,000 km2; 3000 places about 12 km apart with a 25 km cap claim nearly all of it.
        Assert.InRange(coverage.Region.Area / 1e6, 180_000, 190_000);
        Assert.InRange(claimed / coverage.Region.Area, 0.99, 1.0 + 1e-9);
        var outside = points.Select((p, i) => (p, i)).Where(t => coverage.CellProjected(t.i).IsEmpty).ToList();
        Assert.NotEmpty(outside); // the bbox holds parts of Turkey, Iraq, Jordan and Lebanon
    }
}

public class CellCoverageDegenerateTests
{
    [Fact]
    public void Cells_of_a_regular_grid_where_four_cells_meet_at_each_corner_form_an_exact_coverage()
    {
        var boundary = SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0);
        var coverage = CellCoverage.Build(SpatialFixtures.Grid(36.0, 34.0, 37.0, 35.0, 30, 30), boundary);
        SpatialFixtures.AssertExactCoverage(coverage, coverage.Region.Area);
    }

    [Fact]
    public void Many_places_at_one_position_share_its_surroundings_in_equal_wedges()
    {
        var points = Enumerable.Repeat((36.5, 34.5), 6).Concat(SpatialFixtures.Grid(36.0, 34.0, 37.0, 35.0, 6, 6)).ToArray();
        var coverage = CellCoverage.Build(points, SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));
        SpatialFixtures.AssertExactCoverage(coverage, Enumerable.Range(0, coverage.Count).Sum(i => coverage.CellProjected(i).Area));
        var wedges = Enumerable.Range(0, 6).Select(coverage.CellAreaKm2).ToArray();
        Assert.All(wedges, a => Assert.True(a > 1));
        Assert.InRange(wedges.Max() / wedges.Min(), 1.0, 1.5);
        var territory = coverage.Territory(Enumerable.Range(0, points.Length).Select(i => i < 3 ? 1 : 0).ToArray());
        Assert.All(territory, t => Assert.True(t.Geometry.IsValid));
    }
}

public class CellCoverageEdgeCaseTests
{
    [Fact]
    public void A_single_place_without_a_boundary_claims_a_patch_within_the_cap()
    {
        var coverage = CellCoverage.Build([(38.0, 35.0)], null);
        Assert.Equal(1, coverage.Count);
        Assert.InRange(coverage.CellAreaKm2(0), Math.PI * 0.375 * 0.375 * 225 * 0.8, Math.PI * 225);
        Assert.Empty(coverage.Adjacency);
        var piece = Assert.Single(coverage.Territory([0]));
        Assert.Equal(coverage.CellAreaKm2(0), piece.AreaKm2, 1e-6);
    }

    [Fact]
    public void No_places_give_an_empty_coverage_that_still_answers_queries()
    {
        var coverage = CellCoverage.Build([], SpatialFixtures.Box(36.0, 34.0, 37.0, 35.0));
        Assert.Equal(0, coverage.Count);
        Assert.Empty(coverage.Territory([]));
        Assert.Empty(coverage.Fronts([], (_, _) => true));
        Assert.Empty(coverage.AreaByLabel([]));
    }
}
