using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace FrontlineMaps.Core.Spatial;

/// <summary>
/// The equal-area metric projection every distance and area of the spatial library is computed in: an Albers Conic Equal Area
/// projection on WGS 84 (built with ProjNet) fitted to the data's extent, with standard parallels at 1/6 and 5/6 of the latitude
/// range and the central meridian and latitude of origin at the centre of the extent. Areas are exact; distances are within
/// a fraction of a percent over a country-sized extent. Projected coordinates are metres. Immutable and thread-safe.
/// </summary>
public sealed class MetricProjection
{
    /// <summary>The smallest latitude range (degrees) the standard parallels are spread over, so a tiny extent still gives a well-defined cone.</summary>
    private const double MinLatitudeRange = 1.0;

    private readonly MathTransform _forward;
    private readonly MathTransform _inverse;

    private MetricProjection(double centralMeridian, double latitudeOfOrigin, double parallel1, double parallel2)
    {
        CentralMeridian = centralMeridian;
        LatitudeOfOrigin = latitudeOfOrigin;
        StandardParallel1 = parallel1;
        StandardParallel2 = parallel2;

        var factory = new CoordinateSystemFactory();
        var parameters = new List<ProjectionParameter>
        {
            new("latitude_of_center", latitudeOfOrigin),
            new("longitude_of_center", centralMeridian),
            new("standard_parallel_1", parallel1),
            new("standard_parallel_2", parallel2),
            new("false_easting", 0.0),
            new("false_northing", 0.0),
        };
        var projection = factory.CreateProjection("Albers Conic Equal Area", "albers_conic_equal_area", parameters);
        var geographic = GeographicCoordinateSystem.WGS84;
        var projected = factory.CreateProjectedCoordinateSystem(
            "FrontlineMaps Albers", geographic, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
        var transformation = new CoordinateTransformationFactory().CreateFromCoordinateSystems(geographic, projected);
        _forward = transformation.MathTransform;
        _inverse = _forward.Inverse();
        ProjectedFactory = new GeometryFactory(new PrecisionModel(1.0));
        LonLatFactory = new GeometryFactory(new PrecisionModel(), 4326);
    }

    /// <summary>Central meridian (degrees east): the centre longitude of the extent.</summary>
    public double CentralMeridian { get; }

    /// <summary>Latitude of origin (degrees north): the centre latitude of the extent; projected y is 0 there.</summary>
    public double LatitudeOfOrigin { get; }

    /// <summary>First standard parallel (degrees north), at 1/6 of the latitude range.</summary>
    public double StandardParallel1 { get; }

    /// <summary>Second standard parallel (degrees north), at 5/6 of the latitude range.</summary>
    public double StandardParallel2 { get; }

    /// <summary>Factory for projected geometries: a fixed precision model of 1 metre, so computed coordinates agree exactly.</summary>
    public GeometryFactory ProjectedFactory { get; }

    /// <summary>Factory for published lon/lat geometries (floating precision, SRID 4326).</summary>
    public GeometryFactory LonLatFactory { get; }

    /// <summary>A projection fitted to a lon/lat extent (degrees).</summary>
    /// <param name="minLon">West edge.</param>
    /// <param name="minLat">South edge.</param>
    /// <param name="maxLon">East edge.</param>
    /// <param name="maxLat">North edge.</param>
    /// <exception cref="ArgumentException">The extent is not finite, inverted, or outside the valid lon/lat range.</exception>
    public static MetricProjection ForExtent(double minLon, double minLat, double maxLon, double maxLat)
    {
        if (!double.IsFinite(minLon) || !double.IsFinite(minLat) || !double.IsFinite(maxLon) || !double.IsFinite(maxLat)
            || minLon > maxLon || minLat > maxLat || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
            throw new ArgumentException($"Invalid lon/lat extent [{minLon}, {minLat}, {maxLon}, {maxLat}].");

        double centreLat = (minLat + maxLat) / 2, range = maxLat - minLat;
        if (range < MinLatitudeRange)
        {
            range = MinLatitudeRange;
            centreLat = Math.Clamp(centreLat, -89 + range / 2, 89 - range / 2);
        }
        double south = centreLat - range / 2;
        double p1 = south + range / 6, p2 = south + range * 5 / 6;
        // Parallels symmetric about the equator give a cone constant of 0 (a cylinder), which the conic formulas cannot take.
        if (Math.Abs(p1 + p2) < 1e-3)
        {
            p1 += 0.5;
            p2 += 0.5;
        }
        return new MetricProjection((minLon + maxLon) / 2, centreLat, p1, p2);
    }

    /// <summary>A projection fitted to the extent of <paramref name="points"/> and, when given, <paramref name="boundaryLonLat"/>.</summary>
    /// <param name="points">Lon/lat points.</param>
    /// <param name="boundaryLonLat">An optional geometry in lon/lat whose envelope is included.</param>
    /// <exception cref="ArgumentException">There is neither a point nor a non-empty boundary.</exception>
    public static MetricProjection ForData(IEnumerable<(double Lon, double Lat)> points, Geometry? boundaryLonLat = null)
    {
        var env = new Envelope();
        foreach (var (lon, lat) in points) env.ExpandToInclude(lon, lat);
        if (boundaryLonLat is { IsEmpty: false }) env.ExpandToInclude(boundaryLonLat.EnvelopeInternal);
        if (env.IsNull) throw new ArgumentException("Cannot fit a projection to no data.");
        return ForExtent(env.MinX, env.MinY, env.MaxX, env.MaxY);
    }

    /// <summary>Projects a lon/lat position (degrees) to metres.</summary>
    public (double X, double Y) Project(double lon, double lat)
    {
        double x = lon, y = lat;
        _forward.Transform(ref x, ref y);
        return (x, y);
    }

    /// <summary>Unprojects metres to a lon/lat position (degrees).</summary>
    public (double Lon, double Lat) Unproject(double x, double y)
    {
        _inverse.Transform(ref x, ref y);
        return (x, y);
    }

    /// <summary>
    /// Projects a lon/lat geometry to metres, vertex by vertex (edges are not densified). The result uses
    /// <see cref="ProjectedFactory"/>; coordinates are not rounded to its precision.
    /// </summary>
    public Geometry Project(Geometry lonLat) => Transform(lonLat, ProjectedFactory, _forward);

    /// <summary>Unprojects a projected geometry to lon/lat, vertex by vertex; the result uses <see cref="LonLatFactory"/>.</summary>
    public Geometry Unproject(Geometry projected) => Transform(projected, LonLatFactory, _inverse);

    /// <summary>Unprojects a coordinate array in place of a new array (used to publish assembled rings).</summary>
    internal Coordinate[] Unproject(Coordinate[] projected)
    {
        var result = new Coordinate[projected.Length];
        for (int i = 0; i < projected.Length; i++)
        {
            double x = projected[i].X, y = projected[i].Y;
            _inverse.Transform(ref x, ref y);
            result[i] = new Coordinate(x, y);
        }
        return result;
    }

    private static Geometry Transform(Geometry source, GeometryFactory factory, MathTransform transform)
    {
        var copy = factory.CreateGeometry(source);
        copy.Apply(new TransformFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            double x = seq.GetX(i), y = seq.GetY(i);
            transform.Transform(ref x, ref y);
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
