using FrontlineMaps.Core.Spatial;

namespace FrontlineMaps.Core.Tests.Spatial;

public class MetricProjectionTests
{
    private static readonly MetricProjection Syria = MetricProjection.ForExtent(35.5, 32.3, 42.5, 37.4);

    [Fact]
    public void Standard_parallels_lie_at_one_sixth_and_five_sixths_of_the_latitude_range()
    {
        Assert.Equal(32.3 + 5.1 / 6, Syria.StandardParallel1, 9);
        Assert.Equal(32.3 + 5.1 * 5 / 6, Syria.StandardParallel2, 9);
        Assert.Equal(39.0, Syria.CentralMeridian, 9);
    }

    [Theory]
    [InlineData(36.2765, 33.5138)] // Damascus
    [InlineData(37.1613, 36.2021)] // Aleppo
    [InlineData(42.4, 37.3)]
    [InlineData(35.6, 32.4)]
    public void Projecting_and_unprojecting_a_point_returns_it_to_within_a_millimetre(double lon, double lat)
    {
        var (x, y) = Syria.Project(lon, lat);
        var (lon2, lat2) = Syria.Unproject(x, y);
        Assert.Equal(lon, lon2, 1e-8);
        Assert.Equal(lat, lat2, 1e-8);
    }

    [Fact]
    public void The_centre_of_the_extent_projects_to_the_origin()
    {
        var (x, y) = Syria.Project(39.0, 34.85);
        Assert.Equal(0, x, 1e-6);
        Assert.Equal(0, y, 1e-6);
    }

    [Fact]
    public void A_one_degree_box_near_35N_has_the_ellipsoidal_area_within_half_a_percent()
    {
        var box = SpatialFixtures.Box(38, 34.5, 39, 35.5, perEdge: 200);
        double projected = Syria.Project(box).Area;

        // Area of a lon/lat quadrangle on the WGS 84 ellipsoid: (a^2 / 2) * dLambda * (q(phi2) - q(phi1)) (Snyder 1987, eq. 3-12).
        const double a = 6378137.0, f = 1 / 298.257223563;
        double e2 = f * (2 - f), e = Math.Sqrt(e2);
        double Q(double phiDeg)
        {
            double s = Math.Sin(phiDeg * Math.PI / 180);
            return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * Math.Log((1 - e * s) / (1 + e * s)));
        }
        double expected = a * a / 2 * (Math.PI / 180) * (Q(35.5) - Q(34.5));

        Assert.InRange(projected / expected, 0.995, 1.005);
        Assert.InRange(projected / 1e6, 10_000, 10_200); // about 91.2 km x 111 km
    }

    [Fact]
    public void A_distance_along_a_meridian_is_within_half_a_percent_of_the_ellipsoidal_arc()
    {
        var (x1, y1) = Syria.Project(39, 33);
        var (x2, y2) = Syria.Project(39, 34);
        double d = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        Assert.InRange(d / 110_900, 0.995, 1.005); // one degree of latitude near 33.5N is about 110.9 km
    }

    [Fact]
    public void Projecting_a_geometry_and_back_keeps_its_vertices()
    {
        var box = SpatialFixtures.Box(36, 33, 37, 34, perEdge: 4);
        var back = Syria.Unproject(Syria.Project(box));
        Assert.Equal(box.NumPoints, back.NumPoints);
        for (int i = 0; i < box.NumPoints; i++)
        {
            Assert.Equal(box.Coordinates[i].X, back.Coordinates[i].X, 1e-8);
            Assert.Equal(box.Coordinates[i].Y, back.Coordinates[i].Y, 1e-8);
        }
    }

    [Fact]
    public void Concurrent_projections_give_the_same_results_as_sequential_ones()
    {
        var points = SpatialFixtures.Random(20_000, 7, 35.5, 32.3, 42.5, 37.4);
        var sequential = points.Select(p => Syria.Project(p.Lon, p.Lat)).ToArray();
        var parallel = new (double X, double Y)[points.Length];
        Parallel.For(0, points.Length, i => parallel[i] = Syria.Project(points[i].Lon, points[i].Lat));
        Assert.Equal(sequential, parallel);
    }
}
