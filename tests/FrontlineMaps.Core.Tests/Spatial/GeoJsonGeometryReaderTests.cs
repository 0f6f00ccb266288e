using FrontlineMaps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Tests.Spatial;

public class GeoJsonGeometryReaderTests
{
    private const string Square = "[[[36,34],[37,34],[37,35],[36,35],[36,34]]]";

    [Fact]
    public void A_polygon_geometry_is_read_as_a_polygon_in_lon_lat_order()
    {
        var g = GeoJsonGeometryReader.Read($$"""{"type": "Polygon", "coordinates": {{Square}}}""");
        var polygon = Assert.IsType<Polygon>(g);
        Assert.Equal(1.0, polygon.Area, 9);
        Assert.Equal(new Coordinate(36, 34), polygon.Coordinates[0]);
    }

    [Fact]
    public void A_feature_collection_of_polygons_and_multipolygons_is_read_as_one_multipolygon()
    {
        string json = $$$"""
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
             "features": [
               {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Polygon", "coordinates": {{{Square}}}}},
               {"type": "Feature", "properties": null, "geometry": {"type": "MultiPolygon", "coordinates": [[[[40,34],[41,34],[41,35],[40,34]]]]}},
               {"type": "Feature", "properties": {}, "geometry": null}
             ]}
            """;
        var g = Assert.IsType<MultiPolygon>(GeoJsonGeometryReader.Read(json));
        Assert.Equal(2, g.NumGeometries);
        Assert.Equal(1.5, g.Area, 9);
    }

    [Fact]
    public void A_polygon_with_a_hole_keeps_the_hole()
    {
        var g = (Polygon)GeoJsonGeometryReader.Read("""{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}}""");
        Assert.Equal(1, g.NumInteriorRings);
        Assert.Equal(15.0, g.Area, 9);
    }

    [Theory]
    [InlineData("""{"type": "Point", "coordinates": [36, 34]}""")]
    [InlineData("""{"type": "Polygon"}""")]
    [InlineData("""{"coordinates": []}""")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0,0],[1,1]]]}""")]
    [InlineData("""{"type": "Polygon", "coordinates": [[["a","b"],[1,0],[1,1],[0,0]]]}""")]
    [InlineData("not json")]
    public void Text_that_is_not_an_area_geometry_is_rejected_with_a_format_error(string json)
    {
        Assert.Throws<FormatException>(() => GeoJsonGeometryReader.Read(json));
    }

    [Fact]
    public void The_OCHA_Syria_country_outline_reads_as_a_valid_area_of_about_185000_km2()
    {
        string path = Path.Combine(SpatialFixtures.SharedDirectory(), "data", "admin", "ocha-syria-admin0.geojson");
        var g = GeoJsonGeometryReader.Read(File.ReadAllText(path));
        var projection = MetricProjection.ForData([], g);
        Assert.InRange(projection.Project(g).Area / 1e6, 180_000, 190_000);
    }
}
