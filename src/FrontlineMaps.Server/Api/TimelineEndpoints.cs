using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary><c>/api/timeline</c> (the dates with records and the factions) and <c>/api/diff</c> (what changed hands between two dates).</summary>
public static class TimelineEndpoints
{
    /// <summary><c>GET /api/timeline</c>.</summary>
    internal static FileContentHttpResult Timeline([FromQuery(Name = "known_at")] string? knownAtText, [FromServices] MapState state)
    {
        var knownAt = KnownAt(knownAtText);
        var timeline = state.Timeline;
        var dates = timeline.ChangeDates(knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("data_version", state.DataVersion);
            // The token dated tile and snapshot URLs carry as ?v= to be cached as immutable (DatedCaching).
            w.WriteString("url_version", state.ETagToken);
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

    /// <summary><c>GET /api/diff</c>.</summary>
    internal static FileContentHttpResult Diff([FromQuery] string? from, [FromQuery] string? to, [FromQuery(Name = "known_at")] string? knownAtText,
        [FromServices] MapState state) => Diff(RequiredDay("from", from, state), RequiredDay("to", to, state), knownAtText, state);

    private static FileContentHttpResult Diff(DateOnly from, DateOnly to, string? knownAtText, MapState state)
    {
        RequireOrdered(from, to);
        var knownAt = KnownAt(knownAtText);
        var timeline = state.Timeline;
        var diffs = timeline.Diff(from, to, knownAt).ToDictionary(d => d.FactionId, StringComparer.Ordinal);
        var snapshotFrom = timeline.Snapshot(from, knownAt);
        var snapshotTo = timeline.Snapshot(to, knownAt);
        var areaFrom = state.Map.AreaByFaction(snapshotFrom);
        var areaTo = state.Map.AreaByFaction(snapshotTo);
        var inferredFrom = state.Map.InferredAreaByFaction(snapshotFrom);
        var inferredTo = state.Map.InferredAreaByFaction(snapshotTo);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("from", Day(from));
            w.WriteString("to", Day(to));
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", state.DataVersion);
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
                w.WriteNumber("area_gained_km2", Km2(CellArea(state, diff?.Gained ?? [])));
                w.WriteNumber("area_lost_km2", Km2(CellArea(state, diff?.Lost ?? [])));
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
    internal static double CellArea(MapState state, IEnumerable<string> placeIds)
    {
        var total = 0.0;
        foreach (var id in placeIds)
        {
            var i = state.Timeline.PlaceIndex(id);
            if (i >= 0) total += state.Map.Cells.CellAreaKm2(i);
        }
        return total;
    }
}
