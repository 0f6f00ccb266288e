namespace FrontlineMaps.Server.Api;

/// <summary>Timeline, comparison, history, area, feeds, static snapshots and health.</summary>
public static class TimelineEndpoints
{
    /// <summary>Maps the timeline API.</summary>
    public static IEndpointRouteBuilder MapTimelineApi(this IEndpointRouteBuilder app) => app;
}
