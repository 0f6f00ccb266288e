using FrontlineMaps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Tests.Spatial;

/// <summary>Inputs shared by the spatial tests: grids and random points in Syria, boxes as lon/lat polygons.</summary>
internal static class SpatialFixtures
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), 4326);

    /// <summary>A lon/lat box with each edge densified to <paramref name="perEdge"/> segments (parallels are curves when projected).</summary>
    public static Polygon Box(double minLon, double minLat, double maxLon, double maxLat, int perEdge = 64)
    {
        var c = new List<Coordinate>();
        for (int k = 0; k < perEdge; k++) c.Add(new Coordinate(minLon + (maxLon - minLon) * k / perEdge, minLat));
        for (int k = 0; k < perEdge; k++) c.Add(new Coordinate(maxLon, minLat + (maxLat - minLat) * k / perEdge));
        for (int k = 0; k < perEdge; k++) c.Add(new Coordinate(maxLon - (maxLon - minLon) * k / perEdge, maxLat));
        for (int k = 0; k < perEdge; k++) c.Add(new Coordinate(minLon, maxLat - (maxLat - minLat) * k / perEdge));
        c.Add(c[0].Copy());
        return LonLat.CreatePolygon(c.ToArray());
    }

    /// <summary>A columns x rows grid of points at cell centres of the box; index = row * columns + column.</summary>
    public static (double Lon, double Lat)[] Grid(double minLon, double minLat, double maxLon, double maxLat, int columns, int rows)
    {
        var points = new (double, double)[columns * rows];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                points[r * columns + c] = (minLon + (maxLon - minLon) * (c + 0.5) / columns, minLat + (maxLat - minLat) * (r + 0.5) / rows);
        return points;
    }

    /// <summary>Uniform random points in a lon/lat box with a fixed seed.</summary>
    public static (double Lon, double Lat)[] Random(int count, int seed, double minLon, double minLat, double maxLon, double maxLat)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (minLon + random.NextDouble() * (maxLon - minLon), minLat + random.NextDouble() * (maxLat - minLat)))
            .ToArray();
    }

    /// <summary>The directory beside the repository root that holds shared data (../shared), found from the test binaries.</summary>
    public static string SharedDirectory() => RepoPaths.Shared();

    /// <summary>Asserts that cells form an exact coverage of <paramref name="expectedArea"/> (to 1 ppm: snap-rounding the boundary onto the 1 m grid
    /// moves it by under a metre): valid cells, no overlap, every edge shared or on the region's boundary.</summary>
    public static void AssertExactCoverage(CellCoverage coverage, double expectedArea)
    {
        double sumArea = 0, sumPerimeter = 0;
        for (int i = 0; i < coverage.Count; i++)
        {
            var cell = coverage.CellProjected(i);
            Assert.True(cell.IsValid, $"cell {i} is invalid");
            sumArea += cell.Area;
            sumPerimeter += cell.Length;
        }
        Assert.Equal(expectedArea, sumArea, expectedArea * 1e-6);
        double shared = coverage.Adjacency.Sum(a => a.SharedLine.Length);
        var union = NetTopologySuite.Operation.OverlayNG.CoverageUnion.Union(
            coverage.Region.Factory.BuildGeometry(Enumerable.Range(0, coverage.Count).Select(coverage.CellProjected).Where(g => !g.IsEmpty).ToList()));
        // No overlap: the union has the summed area; shared edges identical: every edge is either counted twice or on the union's outline.
        Assert.Equal(sumArea, union.Area, sumArea * 1e-9);
        Assert.Equal(sumPerimeter, 2 * shared + union.Length, sumPerimeter * 1e-9);
    }
}
