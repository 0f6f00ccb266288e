using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary>Timeline, comparison, history, area, feeds, static snapshots and health.</summary>
public static class TimelineEndpoints
{
    /// <summary>Most steps an area series may have (about ten years of days).</summary>
    public const int MaxAreaSteps = 3_700;

    /// <summary>Maps the timeline API.</summary>
    public static IEndpointRouteBuilder MapTimelineApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/timeline", Timeline);
        app.MapGet("/api/diff", Diff);
        app.MapGet("/api/places/{id}/history", History);
        app.MapGet("/api/stats/area", AreaStats);
        app.MapGet("/api/changes.csv", ChangeFeed.Csv);
        app.MapGet("/api/changes.atom", ChangeFeed.Atom);
        app.MapGet("/snapshots/{date}.svg", SnapshotSvg.Handle);
        app.MapGet("/snapshots/{date}.png", SnapshotPng.Handle);
        app.MapGet("/health", Health);
        return app;
    }

    private static IResult Timeline(HttpRequest request, MapState source)
    {
        QueryParsing.RejectUnknown(request.Query, "known_at");
        var knownAt = KnownAt(request.Query);
        var timeline = source.Timeline;
        var dates = timeline.ChangeDates(knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("data_version", source.DataVersion);
            // The token dated tile and snapshot URLs carry as ?v= to be cached as immutable (DatedCaching).
            w.WriteString("url_version", source.ETagToken);
            WriteKnownAt(w, knownAt);
            // The last recording instant seen (at full precision): known_at=this shows exactly these records, later ones left out.
            if (timeline.LastRecordedAt(knownAt) is { } recorded) w.WriteString("recorded_until", PreciseInstant(recorded));
            else w.WriteNull("recorded_until");
            WriteDay(w, "first_date", timeline.FirstDate);
            WriteDay(w, "last_date", timeline.LastDate);
            // Days a dated alliance starts or ends: the fronts change there although no record does.
            w.WritePropertyName("alliance_days");
            w.WriteStartArray();
            foreach (var day in timeline.AllianceChangeDays) w.WriteStringValue(Day(day));
            w.WriteEndArray();
            w.WritePropertyName("factions");
            w.WriteStartArray();
            foreach (var f in timeline.Factions)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("name", f.Name);
                w.WriteString("short_name", f.ShortName);
                w.WriteString("color", f.Color);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("dates");
            w.WriteStartArray();
            foreach (var d in dates)
            {
                w.WriteStartObject();
                w.WriteString("date", Day(d.Day));
                w.WriteNumber("total", d.Total);
                w.WritePropertyName("factions");
                w.WriteStartObject();
                foreach (var (faction, count) in d.PerFaction) w.WriteNumber(faction, count);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static IResult Diff(HttpRequest request, MapState source)
    {
        QueryParsing.RejectUnknown(request.Query, "from", "to", "known_at");
        var from = RequiredDay(request.Query, "from", source);
        var to = RequiredDay(request.Query, "to", source);
        RequireOrdered(from, to);
        var knownAt = KnownAt(request.Query);
        var timeline = source.Timeline;
        var diffs = timeline.Diff(from, to, knownAt).ToDictionary(d => d.FactionId, StringComparer.Ordinal);
        var snapshotFrom = timeline.Snapshot(from, knownAt);
        var snapshotTo = timeline.Snapshot(to, knownAt);
        var areaFrom = source.Map.AreaByFaction(snapshotFrom);
        var areaTo = source.Map.AreaByFaction(snapshotTo);
        var inferredFrom = source.Map.InferredAreaByFaction(snapshotFrom);
        var inferredTo = source.Map.InferredAreaByFaction(snapshotTo);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("from", Day(from));
            w.WriteString("to", Day(to));
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", source.DataVersion);
            w.WritePropertyName("factions");
            w.WriteStartArray();
            foreach (var f in timeline.Factions)
            {
                var before = areaFrom.GetValueOrDefault(f.Id);
                var after = areaTo.GetValueOrDefault(f.Id);
                diffs.TryGetValue(f.Id, out var diff);
                if (diff is null && before == after) continue;
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("name", f.Name);
                WritePlaces(w, "gained", diff?.Gained ?? []);
                WritePlaces(w, "lost", diff?.Lost ?? []);
                w.WriteNumber("gained_count", diff?.Gained.Length ?? 0);
                w.WriteNumber("lost_count", diff?.Lost.Length ?? 0);
                w.WriteNumber("area_gained_km2", Km2(CellArea(source, diff?.Gained ?? [])));
                w.WriteNumber("area_lost_km2", Km2(CellArea(source, diff?.Lost ?? [])));
                w.WriteNumber("area_from_km2", Km2(before));
                w.WriteNumber("area_to_km2", Km2(after));
                w.WriteNumber("net_area_km2", Km2(after - before));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var contestedBefore = areaFrom.GetValueOrDefault(ControlMap.ContestedClass);
            var contestedAfter = areaTo.GetValueOrDefault(ControlMap.ContestedClass);
            w.WritePropertyName("contested");
            w.WriteStartObject();
            w.WriteNumber("area_from_km2", Km2(contestedBefore));
            w.WriteNumber("area_to_km2", Km2(contestedAfter));
            w.WriteNumber("net_area_km2", Km2(contestedAfter - contestedBefore));
            w.WriteEndObject();
            // Inferred ground (never held, so not in the factions' areas above), apart.
            w.WritePropertyName("inferred");
            w.WriteStartObject();
            foreach (var f in timeline.Factions)
            {
                var before = inferredFrom.GetValueOrDefault(f.Id);
                var after = inferredTo.GetValueOrDefault(f.Id);
                if (before == 0 && after == 0) continue;
                w.WritePropertyName(f.Id);
                w.WriteStartObject();
                w.WriteNumber("area_from_km2", Km2(before));
                w.WriteNumber("area_to_km2", Km2(after));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });

        void WritePlaces(Utf8JsonWriter w, string name, IEnumerable<string> ids)
        {
            w.WritePropertyName(name);
            w.WriteStartArray();
            foreach (var id in ids)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("name", timeline.Places[timeline.PlaceIndex(id)].Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    /// <summary>Total area of the cells of <paramref name="placeIds"/> in km².</summary>
    internal static double CellArea(MapState source, IEnumerable<string> placeIds)
    {
        var total = 0.0;
        foreach (var id in placeIds)
        {
            var i = source.Timeline.PlaceIndex(id);
            if (i >= 0) total += source.Map.Cells.CellAreaKm2(i);
        }
        return total;
    }

    /// <summary>
    /// Resolves a path <c>id</c>: a place id, else one place one of whose names folds like it; 404 when nothing matches and 422
    /// listing the candidates when several namesakes do.
    /// </summary>
    internal static Place ResolvePlace(MapState source, string id)
    {
        var timeline = source.Timeline;
        var index = timeline.PlaceIndex(id);
        if (index >= 0) return timeline.Places[index];
        var names = source.PlaceNames;
        var found = names.Find(id);
        return found.Count switch
        {
            1 => found[0],
            0 => throw ProblemException.NotFound("id", $"no place has the id or name '{id}'"),
            _ => throw ProblemException.Unprocessable("id",
                $"'{id}' names {found.Count} places; use one of the ids: {string.Join(", ", found.Select(p => p.Id).Order(StringComparer.Ordinal))}"),
        };
    }

    private static IResult History(string id, HttpRequest request, MapState source)
    {
        QueryParsing.RejectUnknown(request.Query, "known_at");
        var knownAt = KnownAt(request.Query);
        var place = ResolvePlace(source, id);
        var timeline = source.Timeline;
        var history = timeline.History(place.Id, knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", source.DataVersion);
            w.WritePropertyName("place");
            w.WriteStartObject();
            w.WriteString("id", place.Id);
            w.WriteString("name", place.Name);
            w.WritePropertyName("names");
            w.WriteStartArray();
            if (!place.AlternateNames.IsDefault) foreach (var n in place.AlternateNames) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteString("kind", GeoJsonFeatureEncoder.KindName(place.Kind));
            w.WriteNumber("lon", Math.Round(place.Lon, 6));
            w.WriteNumber("lat", Math.Round(place.Lat, 6));
            w.WritePropertyName("admin");
            w.WriteStartObject();
            WriteOptional(w, "governorate", place.Admin.Governorate);
            WriteOptional(w, "district", place.Admin.District);
            WriteOptional(w, "subdistrict", place.Admin.Subdistrict);
            WriteOptional(w, "pcode", place.Admin.PCode);
            w.WriteEndObject();
            w.WriteBoolean("approximate", place.LocationIsApproximate);
            w.WriteEndObject();
            w.WritePropertyName("records");
            w.WriteStartArray();
            foreach (var entry in history) WriteRecord(w, source, entry);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRecord(Utf8JsonWriter w, MapState source, HistoryEntry entry)
    {
        var c = entry.Change;
        var timeline = source.Timeline;
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("place", c.PlaceId);
        WriteOptional(w, "faction", c.FactionId);
        w.WriteString("valid_from", GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime));
        WriteDay(w, "valid_to_approx", c.ValidTime.ApproxTo);
        w.WriteString("kind", GeoJsonFeatureEncoder.KindName(c.Kind));
        w.WriteString("status", GeoJsonFeatureEncoder.StatusName(c.Status));
        WriteOptional(w, "claim_of", c.Status == ChangeStatus.Claimed ? GeoJsonFeatureEncoder.StatusName(c.ClaimOf) : null);
        w.WritePropertyName("sources");
        w.WriteStartArray();
        foreach (var cit in c.Sources)
        {
            var s = source.Sources.GetValueOrDefault(cit.SourceId);
            w.WriteStartObject();
            w.WriteString("id", cit.SourceId);
            WriteOptional(w, "publisher", s?.Publisher);
            WriteOptional(w, "title", s?.Title);
            WriteOptional(w, "url", s?.Url);
            WriteDay(w, "published", s?.Published);
            WriteOptional(w, "claimant", cit.Claimant);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("recorded_at", Instant(c.RecordedAt));
        w.WriteString("recorded_by", c.RecordedBy);
        WriteOptional(w, "retracts", c.Retracts);
        w.WriteBoolean("retracted", entry.Retracted);
        WriteOptional(w, "note", c.Note);
        var state = entry.StateAfter;
        w.WritePropertyName("state_after");
        w.WriteStartObject();
        w.WriteString("status", GeoJsonFeatureEncoder.StatusName(state.Status));
        WriteOptional(w, "faction", state.Controller >= 0 ? timeline.Factions[state.Controller].Id : null);
        w.WritePropertyName("factions");
        w.WriteStartArray();
        foreach (var p in state.Parties) w.WriteStringValue(timeline.Factions[p].Id);
        w.WriteEndArray();
        WriteDay(w, "since", state.Since);
        WriteDay(w, "last_confirmed", state.LastConfirmed);
        w.WriteNumber("sources", state.Sources);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static IResult AreaStats(HttpRequest request, MapState source)
    {
        QueryParsing.RejectUnknown(request.Query, "from", "to", "step", "known_at");
        var (first, last) = source.DateRange;
        var from = OptionalDay(request.Query, "from", source) ?? first;
        var to = OptionalDay(request.Query, "to", source) ?? last;
        RequireOrdered(from, to);
        var stepText = QueryParsing.Single(request.Query, "step") ?? "month";
        var step = stepText switch
        {
            "day" => AreaStep.Day,
            "week" => AreaStep.Week,
            "month" => AreaStep.Month,
            _ => throw ProblemException.BadRequest("step", $"'{stepText}' is not a step: expected day, week or month"),
        };
        var steps = step switch
        {
            AreaStep.Day => to.DayNumber - from.DayNumber + 1,
            AreaStep.Week => (to.DayNumber - from.DayNumber) / 7 + 1,
            _ => MonthSteps(from, to),
        };
        if (steps > MaxAreaSteps)
            throw ProblemException.Unprocessable("step", $"{steps} {stepText} steps from {Day(from)} to {Day(to)} exceed the limit of {MaxAreaSteps}; use a longer step or a shorter interval");
        var knownAt = KnownAt(request.Query);
        var series = source.Map.AreaSeries(from, to, step, knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("from", Day(from));
            w.WriteString("to", Day(to));
            w.WriteString("step", stepText);
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", source.DataVersion);
            w.WritePropertyName("series");
            w.WriteStartArray();
            foreach (var sample in series)
            {
                w.WriteStartObject();
                w.WriteString("date", Day(sample.Day));
                w.WritePropertyName("km2");
                w.WriteStartObject();
                foreach (var (faction, km2) in sample.Km2) w.WriteNumber(faction, Km2(km2));
                w.WriteEndObject();
                w.WritePropertyName("inferred_km2");
                w.WriteStartObject();
                foreach (var (faction, km2) in sample.InferredKm2) w.WriteNumber(faction, Km2(km2));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Number of monthly steps (same day of month, clamped) from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    private static int MonthSteps(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (months > 0 && from.AddMonths(months) > to) months--;
        return Math.Max(0, months) + 1;
    }

    private static IResult Health(HttpRequest request, MapState source)
    {
        QueryParsing.RejectUnknown(request.Query);
        var timeline = source.Timeline;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("data_version", source.DataVersion);
            w.WriteNumber("places", timeline.Places.Length);
            w.WriteNumber("changes", timeline.Log.Count);
            WriteDay(w, "first_date", timeline.FirstDate);
            WriteDay(w, "last_date", timeline.LastDate);
            w.WriteEndObject();
        });
    }

    /// <summary>A short human title for a record: "Ejaz: captured by SAA (held)".</summary>
    internal static string TitleOf(ControlChange c, Place place)
    {
        var sb = new StringBuilder(place.Name).Append(": ");
        var status = GeoJsonFeatureEncoder.StatusName(c.Status);
        switch (c.Kind)
        {
            case ChangeKind.Capture:
                sb.Append(c.Status == ChangeStatus.Contested ? "contested by " : "captured by ").Append(c.FactionId).Append(" (").Append(status);
                if (c.Status == ChangeStatus.Claimed && c.ClaimOf == ChangeStatus.Contested) sb.Append(" fighting");
                sb.Append(')');
                break;
            case ChangeKind.Confirmation:
                sb.Append("confirmed for ").Append(c.FactionId).Append(" (").Append(status).Append(')');
                break;
            default:
                sb.Append("record ").Append(c.Retracts ?? "?").Append(" retracted");
                break;
        }
        return sb.ToString();
    }
}
