using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Ogc.OpenApi;
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
            .WithName("GetTimeline").WithSummary("The dates with records, the factions and the data version")
            .Ok("First and last date, data version, factions with colours, and every date with records with its counts per faction.",
                OgcHttp.Json, ResponseSchemas.Timeline)
            .Problem(400, "A malformed or unknown parameter.");
        timeline.MapGet("/diff", TimelineEndpoints.Diff)
            .WithName("GetDiff").WithSummary("What changed hands between two dates, with areas")
            .WithParameterComponent("from", "fromRequired").WithParameterComponent("to", "toRequired")
            .Ok("Per faction: places gained and lost, their counts, km² gained and lost, area on each date and net area; and the contested area.",
                OgcHttp.Json, ResponseSchemas.Diff)
            .Problem(400, "A missing, malformed or unknown parameter, or `to` before `from`.")
            .Problem(422, "A date outside what the data can answer.").TooMany("comparisons are expensive reads");
        timeline.MapGet("/places/{id}/history", PlaceHistoryEndpoints.History)
            .WithName("GetPlaceHistory").WithSummary("Every record about a place, with the state after each")
            .WithParameterComponent("id", "placeIdOrName")
            .Ok("The place (id, names, kind, lon, lat, admin units, approximate) and every record with its sources, whether it was " +
                "retracted, and the state of the place after it.", OgcHttp.Json, ResponseSchemas.PlaceHistory)
            .Problem(400, "A malformed or unknown parameter.").Problem(404, "No place has that id or name (`parameter: id`).")
            .Problem(422, "The name is shared by several places (namesakes); the problem lists their ids.");
        timeline.MapGet("/stats/area", AreaStatsEndpoints.AreaStats)
            .WithName("GetAreaStats").WithSummary("The area each faction holds, by day, week or month")
            .Ok("One sample per step from `from` (default: the first date with data) to `to` (default: the last).",
                OgcHttp.Json, ResponseSchemas.AreaStats)
            .Problem(400, "A malformed or unknown parameter, or `to` before `from`.")
            .Problem(422, "A date outside what the data can answer, or more than 3,700 steps.").TooMany("area statistics are expensive reads");
        var feeds = api.MapGroup("").WithTags("Feeds");
        feeds.MapGet("/changes.csv", ChangeFeed.Csv)
            .WithName("GetChangesCsv").WithSummary("The records of a window as CSV, paged").DescribedAsFeed(
                "One page of rows, one per record in the half-open window [from, to) of valid time (default: the last 90 days with data), " +
                "with `reviews` and `verdict` columns; `Content-Disposition: attachment`; `X-Total-Count`; the next page in `Link: rel=\"next\"`.",
                OgcHttp.Csv);
        feeds.MapGet("/changes.atom", ChangeFeed.Atom)
            .WithName("GetChangesAtom").WithSummary("The records of a window as an Atom feed, paged (RFC 5005)").DescribedAsFeed(
                "One page of an Atom 1.0 feed (RFC 4287), one entry per record in the window [from, to) (default: the last 90 days with " +
                "data), paged as RFC 5005 says: `first`, `next`, `previous` and `last` links.", "application/atom+xml");
        app.MapGet("/health", Health).RejectUndeclaredQuery()
            .WithTags("Timeline").WithName("GetHealth").WithSummary("The data served, for probes and monitors")
            .Ok("The server is up and serving a data version.", OgcHttp.Json, ResponseSchemas.Health)
            .Problem(400, "Any query parameter.");
        return app;
    }

    /// <summary>What a change feed answers, for the document.</summary>
    private static RouteHandlerBuilder DescribedAsFeed(this RouteHandlerBuilder builder, string ok, string type) => builder
        .WithParameterComponent("to", "feedTo").WithParameterComponent("limit", "feedLimit")
        .Ok(ok, type)
        .Problem(400, "A malformed or unknown parameter, or `to` before `from`.")
        .Problem(422, "A date outside what the data can answer.")
        .TooMany("the feeds are expensive reads");

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
