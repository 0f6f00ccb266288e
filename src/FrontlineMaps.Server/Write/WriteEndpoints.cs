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

    /// <summary>Maps the write endpoints.</summary>
    public static IEndpointRouteBuilder MapWriteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/changes", (HttpContext ctx, MapSource source) => Handle(ctx, source, "changes", PlanChanges)).RequireRole(ApiRole.Editor);
        app.MapPost("/api/sources", (HttpContext ctx, MapSource source) => Handle(ctx, source, "sources", PlanSources)).RequireRole(ApiRole.Editor);
        app.MapPost("/api/places", (HttpContext ctx, MapSource source) => Handle(ctx, source, "places", PlanPlaces)).RequireRole(ApiRole.Admin);
        app.MapPost("/api/factions", (HttpContext ctx, MapSource source) => Handle(ctx, source, "factions", PlanFactions)).RequireRole(ApiRole.Admin);
        app.MapPost("/api/changes/{id}/retract", (HttpContext ctx, MapSource source, string id) =>
            Handle(ctx, source, "changes", (body, state, w) => PlanRetraction(id, body, state, w), bodyOptional: true)).RequireRole(ApiRole.Reviewer);
        app.MapPost("/api/changes/{id}/review", (HttpContext ctx, MapSource source, string id) =>
            Handle(ctx, source, "changes", (body, state, w) => PlanReview(id, body, state, w))).RequireRole(ApiRole.Reviewer);
        app.MapMethods("/api/places/{id}", ["GET", "HEAD"], GetPlace);
        return app;
    }

    /// <summary>What one request appends, and for which places (for <c>If-Match</c>).</summary>
    private sealed record Plan(DatasetAdditions Additions, IReadOnlyList<string> Places, bool Batch);

    private delegate Plan Planner(JsonElement? body, MapState state, Writer writer);

    private static async Task<IResult> Handle(HttpContext ctx, MapSource source, string set, Planner planner, bool bodyOptional = false)
    {
        QueryParsing.RejectUnknown(ctx.Request.Query);
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

    private static ProblemException Unprocessable(DatasetFormatException e) =>
        ProblemException.Unprocessable(e.Field ?? "body", e.Reason);

    // ---- planners ----

    private static List<JsonElement> Items(JsonElement? body, out bool batch)
    {
        var root = body!.Value;
        batch = root.ValueKind == JsonValueKind.Array;
        if (!batch)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw ProblemException.BadRequest("body", "expected a JSON object (one record) or an array of objects");
            return [root];
        }
        var count = root.GetArrayLength();
        if (count == 0) throw ProblemException.Unprocessable("body", "the array is empty: nothing to write");
        if (count > MaxBatch) throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "body", $"at most {MaxBatch} records per request");
        return [.. root.EnumerateArray()];
    }

    private static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatasetFormatException e)
        {
            throw Unprocessable(e);
        }
    }

    private static string Prefix(string set, bool batch, int i) => batch ? $"{set}[{i}]." : "";

    private static Plan PlanChanges(JsonElement? body, MapState state, Writer writer)
    {
        var items = Items(body, out var batch);
        var now = DateTimeOffset.UtcNow;
        var changes = new List<ControlChange>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = Prefix("changes", batch, i);
            var item = items[i];
            var change = Read(() => RecordJson.ReadChangeRequest(item, prefix, NewId, now, writer.Name));
            CheckId(prefix + "id", change.Id);
            if (change.Kind == ChangeKind.Retraction)
                throw ProblemException.Unprocessable(prefix + "kind", "retract a record with POST /api/changes/{id}/retract");
            if (change.Status != ChangeStatus.Claimed && !writer.May(ApiRole.Reviewer))
                throw new ProblemException(StatusCodes.Status403Forbidden, prefix + "status",
                    $"an editor records claims (status 'claimed'); stating '{FormatValuesName(change.Status)}' as fact needs a reviewer's key, or a review of the claim");
            CheckTimes(prefix, change, state, now);
            changes.Add(change);
        }
        return new Plan(DatasetAdditions.OfChanges(changes), [.. changes.Select(c => c.PlaceId).Distinct(StringComparer.Ordinal)], batch);
    }

    private static Plan PlanSources(JsonElement? body, MapState state, Writer writer)
    {
        var sources = ReadRecords(body, "sources", RecordJson.ReadSource, s => s.Id, out var batch);
        return new Plan(new DatasetAdditions([], sources, [], []), [], batch);
    }

    private static Plan PlanPlaces(JsonElement? body, MapState state, Writer writer)
    {
        var places = ReadRecords(body, "places", RecordJson.ReadPlace, p => p.Id, out var batch);
        return new Plan(new DatasetAdditions([], [], places, []), [], batch);
    }

    private static Plan PlanFactions(JsonElement? body, MapState state, Writer writer)
    {
        var factions = ReadRecords(body, "factions", RecordJson.ReadFaction, f => f.Id, out var batch);
        return new Plan(new DatasetAdditions(factions, [], [], []), [], batch);
    }

    /// <summary>Reads one record or a batch of them (each field named with its index in a batch), then checks their ids.</summary>
    private static List<T> ReadRecords<T>(JsonElement? body, string set, Func<JsonElement, string, T> read, Func<T, string> id, out bool batch)
    {
        var items = Items(body, out batch);
        var isBatch = batch;
        var records = items.Select((item, i) => Read(() => read(item, Prefix(set, isBatch, i)))).ToList();
        for (var i = 0; i < records.Count; i++) CheckId(Prefix(set, isBatch, i) + "id", id(records[i]));
        return records;
    }

    private static Plan PlanRetraction(string id, JsonElement? body, MapState state, Writer writer)
    {
        var target = Target(state, id);
        // A retraction may itself be retracted (that puts its target back); a record already retracted is not retracted twice,
        // but once every retraction of it has been retracted, it may be retracted again.
        if (state.Timeline.IsRetracted(id))
        {
            var standing = state.Dataset.Changes.First(c => c.Retracts == id && !state.Timeline.IsRetracted(c.Id));
            throw ProblemException.Unprocessable("id", $"'{id}' is already retracted by '{standing.Id}'; retract '{standing.Id}' to put it back");
        }
        var (note, sources) = Extras(body, RetractMembers);
        var retraction = new ControlChange(NewId(), target.PlaceId, null, target.ValidTime, ChangeKind.Retraction, target.Status, sources,
            DateTimeOffset.UtcNow, writer.Name, id, target.ClaimOf, note);
        return new Plan(DatasetAdditions.OfChanges([retraction]), [target.PlaceId], false);
    }

    private static Plan PlanReview(string id, JsonElement? body, MapState state, Writer writer)
    {
        var target = Target(state, id);
        var root = body!.Value;
        if (root.ValueKind != JsonValueKind.Object) throw ProblemException.BadRequest("body", "expected a JSON object {\"verdict\": \"confirmed\" | \"disputed\"}");
        var verdictText = Read(() => RecordJson.OptionalString(root, "verdict"))
            ?? throw ProblemException.Unprocessable("verdict", "required field is missing (expected one of confirmed, disputed)");
        ReviewVerdict verdict = verdictText switch
        {
            "confirmed" => ReviewVerdict.Confirmed,
            "disputed" => ReviewVerdict.Disputed,
            _ => throw ProblemException.Unprocessable("verdict", $"unknown value '{verdictText}' (expected one of confirmed, disputed)"),
        };
        var (note, extra) = Extras(body, ReviewMembers);
        if (target.RecordedBy == writer.Name)
            throw new ProblemException(StatusCodes.Status403Forbidden, "id", $"'{id}' was recorded with this key ('{writer.Name}'); a claim is reviewed by someone else");
        var sources = target.Sources.AddRange(extra.Where(e => !target.Sources.Contains(e)));
        var review = target with
        {
            Id = NewId(),
            Status = verdict == ReviewVerdict.Confirmed ? target.ClaimOf : ChangeStatus.Claimed,
            ClaimOf = verdict == ReviewVerdict.Confirmed ? ChangeStatus.Held : target.ClaimOf,
            Sources = sources,
            RecordedAt = DateTimeOffset.UtcNow,
            RecordedBy = writer.Name,
            Retracts = null,
            Note = note,
            Reviews = id,
            Verdict = verdict,
        };
        try
        {
            DatasetValidator.ValidateAdditions(state.Dataset, DatasetAdditions.OfChanges([review]));
        }
        catch (DatasetFormatException e) when (e.Field == "reviews")
        {
            throw ProblemException.Unprocessable("id", e.Reason);
        }
        return new Plan(DatasetAdditions.OfChanges([review]), [target.PlaceId], false);
    }

    private static ControlChange Target(MapState state, string id) =>
        state.ChangesById.TryGetValue(id, out var target)
            ? target
            : throw ProblemException.Unprocessable("id", $"unknown record '{id}'");

    private static (string? Note, ImmutableArray<Citation> Sources) Extras(JsonElement? body, HashSet<string> allowed)
    {
        if (body is not { } root) return (null, []);
        if (root.ValueKind != JsonValueKind.Object) throw ProblemException.BadRequest("body", "expected a JSON object");
        return Read(() =>
        {
            RecordJson.CheckMembers(root, allowed);
            var note = RecordJson.OptionalString(root, "note");
            if (note is not null && string.IsNullOrWhiteSpace(note)) throw new DatasetFormatException("request", 0, "note", "must not be empty (omit it instead)");
            return (note, RecordJson.ReadOptionalCitations(root));
        });
    }

    private static void CheckTimes(string prefix, ControlChange change, MapState state, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var time = change.ValidTime;
        if (time.Day > today || (time.TimeOfDay is { } t && TimeKey.At(time.Day, t) > TimeKey.At(now.UtcDateTime)))
            throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is in the future (now {now.UtcDateTime:yyyy-MM-dd'T'HH:mm}Z)");
        if (time.ApproxTo is { } to && to > today)
            throw ProblemException.Unprocessable(prefix + "valid_to_approx", $"{to:yyyy-MM-dd} is in the future");
        if (state.Timeline.PlaceIndex(change.PlaceId) is var p and >= 0 && state.Timeline.Places[p].ValidFrom is { } founded && time.Day < founded)
            throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is before place '{change.PlaceId}' existed (from {founded:yyyy-MM-dd})");
        if (change.FactionId is { } factionId && state.Factions.TryGetValue(factionId, out var faction))
        {
            if (faction.ValidFrom is { } from && time.EffectiveDay < from)
                throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is before faction '{factionId}' existed (from {from:yyyy-MM-dd})");
            if (faction.ValidTo is { } end && time.Day >= end)
                throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is after faction '{factionId}' ceased to exist ({end:yyyy-MM-dd})");
        }
    }

    private static void CheckId(string field, string id)
    {
        if (!IdPattern().IsMatch(id))
            throw ProblemException.Unprocessable(field, "an id is 1 to 120 characters: letters, digits and . _ : - (starting with a letter or digit)");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    private static string NewId() =>
        $"c-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    private static string FormatValuesName(ChangeStatus status) => status.ToString().ToLowerInvariant();

    // ---- If-Match and place versions ----

    /// <summary>
    /// The version of one place as a strong ETag: its id, the number of records about it and the last one's id. Records are only
    /// appended, so the version changes exactly when a record about the place is written.
    /// </summary>
    internal static string? PlaceETag(MapState state, string placeId) =>
        VersionOf(state, placeId) is { } version ? PlaceETag(version) : null;

    private static string PlaceETag(PlaceVersion version)
    {
        var placeId = version.PlaceId;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{placeId}\n{version.ChangeCount}\n{version.LastChangeId}")))[..16];
        return $"\"place-{version.ChangeCount}-{hash}\"";
    }

    /// <summary>
    /// The <see cref="PlaceVersion"/> of a place in this state (as <see cref="PlaceVersions.Of"/> computes it), from an index built
    /// once per state; null when there is no such place.
    /// </summary>
    private static PlaceVersion? VersionOf(MapState state, string placeId) => state.PlaceVersionOf(placeId);

    /// <summary>
    /// Checks <c>If-Match</c> against the state served; returns the place version it matched, for the store to check again inside
    /// the write's transaction (a state is only as fresh as this process knows), or null when there is nothing to check there.
    /// </summary>
    private static PlaceVersion? CheckIfMatch(HttpRequest request, MapState state, IReadOnlyList<string> places)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return null;
        if (places.Count != 1)
            throw ProblemException.BadRequest("If-Match", "If-Match applies to a write about one place");
        var current = PlaceETag(state, places[0]);
        var tags = header.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (tags.Contains("*") ? current is null : !tags.Contains(current ?? ""))
            throw new ProblemException(StatusCodes.Status412PreconditionFailed, "If-Match",
                $"place '{places[0]}' has changed since that version (now {current ?? "missing"}); reload it and decide again");
        // "*" only asks that the place exists: places are never deleted, so that cannot change before the write commits.
        return tags.Contains(current!) ? VersionOf(state, places[0]) : null;
    }

    private static IResult GetPlace(HttpContext ctx, MapState state, string id)
    {
        QueryParsing.RejectUnknown(ctx.Request.Query);
        var index = state.Timeline.PlaceIndex(id);
        if (index < 0) throw ProblemException.NotFound("id", $"no place has the id '{id}'");
        var etag = PlaceETag(state, id)!;
        ctx.Response.Headers.ETag = etag;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (Conditional.IfNoneMatch(ctx.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        var place = state.Timeline.Places[index];
        var snapshot = state.Timeline.Snapshot(DateOnly.FromDateTime(DateTime.UtcNow), null);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WritePropertyName("place");
            RecordJson.WritePlace(w, place);
            w.WritePropertyName("now");
            state.Encoder.WritePlace(w, snapshot, index);
            w.WriteString("version", etag);
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
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
