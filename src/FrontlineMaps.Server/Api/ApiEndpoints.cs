using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary>
/// The <c>/api</c> read group (timeline, diff, place history, area statistics, change feeds) and <c>/health</c>. Every endpoint
/// refuses query parameters its handler does not declare (<see cref="DeclaredQuery"/>); handlers throw
/// <see cref="ProblemException"/> naming the field and return typed results. The writes under <c>/api</c> are mapped by
/// <see cref="Write.WriteEndpoints"/>.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>Maps the group and <c>/health</c>.</summary>
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RejectUndeclaredQuery();
        var timeline = api.MapGroup("").WithTags("Timeline");
        timeline.MapGet("/timeline", TimelineEndpoints.Timeline)
            .WithName("GetTimeline").WithSummary("The dates with records, the factions and the data version");
        timeline.MapGet("/diff", TimelineEndpoints.Diff)
            .WithName("GetDiff").WithSummary("What changed hands between two dates, with areas");
        timeline.MapGet("/places/{id}/history", PlaceHistoryEndpoints.History)
            .WithName("GetPlaceHistory").WithSummary("Every record about a place, with the state after each");
        timeline.MapGet("/stats/area", AreaStatsEndpoints.AreaStats)
            .WithName("GetAreaStats").WithSummary("The area each faction holds, by day, week or month");
        var feeds = api.MapGroup("").WithTags("Feeds");
        feeds.MapGet("/changes.csv", ChangeFeed.Csv)
            .WithName("GetChangesCsv").WithSummary("The records of a window as CSV, paged");
        feeds.MapGet("/changes.atom", ChangeFeed.Atom)
            .WithName("GetChangesAtom").WithSummary("The records of a window as an Atom feed, paged (RFC 5005)");
        app.MapGet("/health", Health).RejectUndeclaredQuery()
            .WithTags("Health").WithName("GetHealth").WithSummary("The data served, for probes and monitors");
        return app;
    }

    /// <summary><c>GET /health</c>: the data served (for probes and monitors).</summary>
    internal static FileContentHttpResult Health([FromServices] MapState state)
    {
        var timeline = state.Timeline;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("data_version", state.DataVersion);
            w.WriteNumber("places", timeline.Places.Length);
            w.WriteNumber("changes", timeline.Log.Count);
            WriteDay(w, "first_date", timeline.FirstDate);
            WriteDay(w, "last_date", timeline.LastDate);
            w.WriteEndObject();
        });
    }
}
