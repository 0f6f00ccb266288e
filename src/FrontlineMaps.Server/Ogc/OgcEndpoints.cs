namespace FrontlineMaps.Server.Ogc;

/// <summary>OGC API – Features endpoints.</summary>
public static class OgcEndpoints
{
    /// <summary>Maps the OGC API – Features endpoints.</summary>
    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app) => app;
}
