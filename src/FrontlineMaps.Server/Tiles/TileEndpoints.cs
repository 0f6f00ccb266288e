namespace FrontlineMaps.Server.Tiles;

/// <summary>Dated vector tile endpoints.</summary>
public static class TileEndpoints
{
    /// <summary>Maps the tile endpoints.</summary>
    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app) => app;
}
