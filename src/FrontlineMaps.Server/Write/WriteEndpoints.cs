using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc.OpenApi;

using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// The write API: <c>POST /api/changes</c> (one change or an array, all-or-nothing), <c>POST /api/sources</c>,
/// <c>POST /api/places</c>, <c>POST /api/factions</c>, <c>POST /api/changes/{id}/retract</c>, <c>POST /api/changes/{id}/review</c>,
/// and <c>GET /api/places/{id}</c> (the place with its version as ETag, for <c>If-Match</c>). Every write appends new records
/// (nothing is updated or deleted), records who (the key's name) and when, runs in one store transaction and is on the map when
/// the response is sent. See docs/api.md.
/// </summary>
public static partial class WriteEndpoints
{
    /// <summary>Most records one request may carry.</summary>
    public const int MaxBatch = 1000;

    /// <summary>Header that makes a retried POST return the first result.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly HashSet<string> RetractMembers = ["note", "sources"];
    private static readonly HashSet<string> ReviewMembers = ["verdict", "note", "sources"];

    /// <summary>Maps the write endpoints (and the place version they check) as one group: no query parameters anywhere.</summary>
    public static IEndpointRouteBuilder MapWriteApi(this IEndpointRouteBuilder app)
    {
        var writes = app.MapGroup("/api").WithTags("Writing").RejectUndeclaredQuery();
        writes.MapPost("/changes", (HttpContext ctx, [FromServices] MapSource source) => Handle(ctx, source, "changes", PlanChanges))
            .RequireRole(ApiRole.Editor).WithName("PostChanges").DescribedAsWrite("PostChanges").WithSummary("Records one change or a batch (all or nothing)");
        writes.MapPost("/sources", (HttpContext ctx, [FromServices] MapSource source) => Handle(ctx, source, "sources", PlanSources))
            .RequireRole(ApiRole.Editor).WithName("PostSources").DescribedAsWrite("PostSources").WithSummary("Adds one source or a batch");
        writes.MapPost("/places", (HttpContext ctx, [FromServices] MapSource source) => Handle(ctx, source, "places", PlanPlaces))
            .RequireRole(ApiRole.Admin).WithName("PostPlaces").DescribedAsWrite("PostPlaces").WithSummary("Adds one place or a batch");
        writes.MapPost("/factions", (HttpContext ctx, [FromServices] MapSource source) => Handle(ctx, source, "factions", PlanFactions))
            .RequireRole(ApiRole.Admin).WithName("PostFactions").DescribedAsWrite("PostFactions").WithSummary("Adds one faction or a batch");
        writes.MapPost("/changes/{id}/retract", (HttpContext ctx, [FromServices] MapSource source, string id) =>
                Handle(ctx, source, "changes", (body, state, w) => PlanRetraction(id, body, state, w), bodyOptional: true))
            .RequireRole(ApiRole.Reviewer).WithName("RetractChange").DescribedAsWrite("RetractChange").WithSummary("Retracts a record (appends a retraction)");
        writes.MapPost("/changes/{id}/review", (HttpContext ctx, [FromServices] MapSource source, string id) =>
                Handle(ctx, source, "changes", (body, state, w) => PlanReview(id, body, state, w)))
            .RequireRole(ApiRole.Reviewer).WithName("ReviewChange").DescribedAsWrite("ReviewChange").WithSummary("Confirms or disputes a claim (appends a review)");
        writes.MapMethods("/places/{id}", ["GET", "HEAD"], GetPlace)
            .WithName("GetPlace").WithSummary("A place with its version (ETag), for If-Match on the next write about it")
            .WithParameterComponent("id", "placeId")
            .OkWithHeader("The place record (as in places.ndjson), its state today (place feature properties) and its version, " +
                          "also sent as a strong ETag (`Cache-Control: no-cache`).", ResponseSchemas.PlaceVersion, "ETag", "PlaceETag")
            .NotModified().Problem(400, "Any query parameter.").Problem(404, "No place has that id (`parameter: id`).");
        return app;
    }

    /// <summary>What one request appends, and for which places (for <c>If-Match</c>).</summary>
    private sealed record Plan(DatasetAdditions Additions, IReadOnlyList<string> Places, bool Batch);

    private delegate Plan Planner(JsonElement? body, MapState state, Writer writer);

    private static async Task<IResult> Handle(HttpContext ctx, MapSource source, string set, Planner planner, bool bodyOptional = false)
    {
        var writer = Writer.Of(ctx.User);
        var limits = ctx.RequestServices.GetRequiredService<WriteLimits>();
        var dates = ctx.RequestServices.GetRequiredService<PlausibleDates>();
        var bytes = await RequestBody.ReadAsync(ctx, limits.MaxBodyBytes, bodyOptional);
        using var document = RequestBody.Parse(bytes, bodyOptional);
        var body = document?.RootElement;

        StoredResponse? stored = null;
        string? scope = null, requestHash = null;
        var log = ctx.RequestServices.GetRequiredService<ILogger<MapSource>>();
        Plan? plan = null;
        StoredResponse? earlierResponse;
        MapState after;
        IReadOnlyDictionary<string, string>? headers = null;
        try
        {
            if (IdempotencyKey(ctx.Request) is { } idempotencyKey)
            {
                scope = writer.KeyId + ":" + idempotencyKey;
                requestHash = Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{ctx.Request.Method} {ctx.Request.Path}\n"), .. bytes]));
                if (source.Editor?.FindResponse(scope) is { } earlier)
                {
                    // The first attempt may have been committed without this server learning of it (its connection broke during
                    // the commit): serve the store as it is before saying the write is done.
                    if (earlier.RequestHash == requestHash) source.Refresh();
                    return Replay(earlier, requestHash);
                }
            }
            (earlierResponse, after) = await source.WriteAsync(state =>
            {
                plan = planner(body, state, writer);
                dates.Check(plan.Additions, plan.Batch);
                var expected = CheckIfMatch(ctx.Request, state, plan.Places);
                try
                {
                    DatasetValidator.ValidateAdditions(state.Dataset, plan.Additions);
                }
                catch (DatasetFormatException e)
                {
                    throw Unprocessable(e, plan.Batch);
                }
                stored = scope is null ? null : new StoredResponse(scope, requestHash!, StatusCodes.Status201Created, ResponseBody(plan.Additions));
                return (plan.Additions, stored, expected);
            },
            // Called by the store inside the write's transaction with the dataset as written: the first response and any replay of
            // it carry the same headers.
            (written, version) => headers = HeadersOf(plan!, written, version),
            ctx.RequestAborted);
        }
        catch (StalePlaceVersionException e)
        {
            // Checked again by the store inside the write's transaction: another writer (maybe another server on the same
            // PostgreSQL) got in between. Nothing was written.
            throw new ProblemException(StatusCodes.Status412PreconditionFailed, "If-Match",
                $"place '{e.Expected.PlaceId}' has changed since that version; reload it and decide again");
        }
        catch (DatasetFormatException e)
        {
            // The store's own check failed (another process wrote in between): still nothing written.
            throw Unprocessable(e, plan?.Batch ?? false);
        }
        catch (CommitOutcomeUnknownException e)
        {
            log.LogWarning("Write outcome unknown: {Message}", e.Message);
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "body",
                "the connection to the store broke while the write was committing, and whether it was stored is unknown. " +
                (scope is null
                    ? "Check before writing again (GET the records by id); send every write with an Idempotency-Key so that a retry is always safe"
                    : "Retry with the same Idempotency-Key: that returns the first result if it was stored, and writes once if it was not"))
            { RetryAfterSeconds = 1 };
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // Thrown before the commit (no connection, or the connection broke in the transaction, which the database then rolls
            // back), or by a commit the store looked up afterwards and did not find: nothing was written.
            log.LogWarning("Write failed in the store: {Type}: {Message}", e.GetType().Name, e.Message);
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "body", "the store could not take the write now; nothing was written, retry")
            { RetryAfterSeconds = 1 };
        }
        if (earlierResponse is not null) return Replay(earlierResponse, requestHash!);

        // A store without an editor side does not call back: the state served after the write describes it then.
        headers ??= HeadersOf(plan!, after.Dataset, after.DataVersion);
        return new WrittenResult(stored?.Body ?? ResponseBody(plan!.Additions), StatusCodes.Status201Created, headers, Replayed: false);
    }

    /// <summary>Location (one change, not a batch), ETag (a write about one place: its version after) and X-Data-Version.</summary>
    private static Dictionary<string, string> HeadersOf(Plan plan, Dataset written, string version)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Data-Version"] = version };
        if (plan.Places.Count == 1 && PlaceVersions.Of(written.Changes, plan.Places[0]) is { ChangeCount: > 0 } placeVersion)
            headers["ETag"] = PlaceETag(placeVersion);
        if (plan.Additions.Changes.Count == 1 && !plan.Batch)
            headers["Location"] = $"/collections/changes/items/{Uri.EscapeDataString(plan.Additions.Changes[0].Id)}";
        return headers;
    }

    private static IResult Replay(StoredResponse earlier, string requestHash)
    {
        if (earlier.RequestHash != requestHash)
            throw ProblemException.Unprocessable(IdempotencyHeader, "this Idempotency-Key was used for a different request; use a new key for a new request");
        return ReplayResult(earlier);
    }

    private static WrittenResult ReplayResult(StoredResponse earlier) => new(earlier.Body, earlier.Status, earlier.Headers, Replayed: true);

    /// <summary>A write's response, first or replayed: the same body, status and headers (a replay adds <c>Idempotent-Replayed</c>).</summary>
    private sealed record WrittenResult(string Body, int Status, IReadOnlyDictionary<string, string>? Headers, bool Replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in Headers ?? new Dictionary<string, string>()) httpContext.Response.Headers[name] = value;
            if (Replayed) httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(Body, "application/json", Encoding.UTF8, Status).ExecuteAsync(httpContext);
        }
    }

    private static string? IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers[IdempotencyHeader];
        if (values.Count == 0) return null;
        var key = values.Count == 1 ? values[0] : null;
        if (key is null || key.Length is 0 or > 200 || key.Any(c => c < 0x21 || c > 0x7e))
            throw ProblemException.BadRequest(IdempotencyHeader, "expected one key of 1 to 200 visible ASCII characters");
        return key;
    }

    private static ProblemException Unprocessable(DatasetFormatException e, bool batch)
    {
        var field = e.Field ?? "body";
        var parameter = batch && e.Line > 0 ? $"{e.File}[{e.Line - 1}].{field}" : field;
        return ProblemException.Unprocessable(parameter, e.Reason);
    }

    private static string ResponseBody(DatasetAdditions additions)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            void Array<T>(string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
            {
                if (items.Count == 0) return;
                w.WriteStartArray(name);
                foreach (var item in items) write(w, item);
                w.WriteEndArray();
            }
            Array("factions", additions.Factions, RecordJson.WriteFaction);
            Array("sources", additions.Sources, RecordJson.WriteSource);
            Array("places", additions.Places, RecordJson.WritePlace);
            Array("changes", additions.Changes, RecordJson.WriteChange);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
