namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>A tile of the WebMercatorQuad grid (EPSG:3857, XYZ order: y = 0 at the top).</summary>
/// <param name="Z">Zoom level.</param>
/// <param name="X">Column, 0 .. 2^z − 1 from the antimeridian eastwards.</param>
/// <param name="Y">Row, 0 .. 2^z − 1 from the top (north).</param>
public readonly record struct TileId(int Z, int X, int Y)
{
    /// <summary>Whether the tile exists in the grid at zoom 0 ..<paramref name="maxZoom"/>.</summary>
    public bool IsValid(int maxZoom = WebMercator.MaxSupportedZoom) =>
        Z >= 0 && Z <= maxZoom && X >= 0 && Y >= 0 && X < (1L << Z) && Y < (1L << Z);

    /// <inheritdoc />
    public override string ToString() => $"{Z}/{X}/{Y}";
}

/// <summary>
/// WebMercator (EPSG:3857) tile math on "world" coordinates: the square of the whole map as [0, 1) × [0, 1), x eastwards from
/// the antimeridian and y downwards from the north edge (85.0511°), so that tile coordinates are a scale and a shift.
/// </summary>
public static class WebMercator
{
    /// <summary>The deepest zoom the math supports (the place index resolves 2^28 cells a side).</summary>
    public const int MaxSupportedZoom = 24;

    /// <summary>Latitude limit of the projection.</summary>
    public const double MaxLatitude = 85.05112877980659;

    /// <summary>World coordinates of a lon/lat position (WGS 84 degrees); latitudes are clamped to the projection's limit.</summary>
    public static (double X, double Y) ToWorld(double lon, double lat)
    {
        var x = (lon + 180.0) / 360.0;
        var s = Math.Sin(Math.Clamp(lat, -MaxLatitude, MaxLatitude) * Math.PI / 180.0);
        var y = 0.5 - Math.Log((1 + s) / (1 - s)) / (4 * Math.PI);
        return (x, y);
    }

    /// <summary>Lon/lat of world coordinates.</summary>
    public static (double Lon, double Lat) ToLonLat(double x, double y)
    {
        var lon = x * 360.0 - 180.0;
        var lat = Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y))) * 180.0 / Math.PI;
        return (lon, lat);
    }

    /// <summary>The tile at zoom <paramref name="z"/> containing a lon/lat position.</summary>
    public static TileId TileAt(double lon, double lat, int z)
    {
        var (x, y) = ToWorld(lon, lat);
        var n = 1 << z;
        return new TileId(z, Math.Clamp((int)Math.Floor(x * n), 0, n - 1), Math.Clamp((int)Math.Floor(y * n), 0, n - 1));
    }

    /// <summary>The tile's bounds in lon/lat: west, south, east, north.</summary>
    public static (double West, double South, double East, double North) Bounds(TileId tile)
    {
        var n = (double)(1L << tile.Z);
        var (w, nLat) = ToLonLat(tile.X / n, tile.Y / n);
        var (e, sLat) = ToLonLat((tile.X + 1) / n, (tile.Y + 1) / n);
        return (w, sLat, e, nLat);
    }
}
