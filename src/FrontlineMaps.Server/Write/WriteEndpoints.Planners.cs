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

/// <summary>The planners: what each write request appends, read from its body and checked against the state it will be appended to.</summary>
public static partial class WriteEndpoints
{
    private static ProblemException Unprocessable(DatasetFormatException e) =>
        ProblemException.Unprocessable(e.Field ?? "body", e.Reason);

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
                    $"an editor records claims (status 'claimed'); stating '{ContractNames.Of(change.Status)}' as fact needs a reviewer's key, or a review of the claim");
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
        state.ChangeById(id) is { } target
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
            throw ProblemException.Unprocessable(prefix + "valid_to_approx", $"{DayFormat.Of(to)} is in the future");
        if (state.Timeline.PlaceIndex(change.PlaceId) is var p and >= 0 && state.Timeline.Places[p].ValidFrom is { } founded && time.Day < founded)
            throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is before place '{change.PlaceId}' existed (from {DayFormat.Of(founded)})");
        if (change.FactionId is { } factionId && state.Factions.TryGetValue(factionId, out var faction))
        {
            if (faction.ValidFrom is { } from && time.EffectiveDay < from)
                throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is before faction '{factionId}' existed (from {DayFormat.Of(from)})");
            if (faction.ValidTo is { } end && time.Day >= end)
                throw ProblemException.Unprocessable(prefix + "valid_from", $"{time} is after faction '{factionId}' ceased to exist ({DayFormat.Of(end)})");
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
}
