using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary><c>/api/places/{id}/history</c>: every record about a place (by id or by one of its names), with the state after each.</summary>
public static class PlaceHistoryEndpoints
{
    /// <summary>
    /// Resolves a path <c>id</c>: a place id, else one place one of whose names folds like it; 404 when nothing matches and 422
    /// listing the candidates when several namesakes do.
    /// </summary>
    internal static Place ResolvePlace(MapState state, string id)
    {
        var timeline = state.Timeline;
        var index = timeline.PlaceIndex(id);
        if (index >= 0) return timeline.Places[index];
        var names = state.PlaceNames;
        var found = names.Find(id);
        return found.Count switch
        {
            1 => found[0],
            0 => throw ProblemException.NotFound("id", $"no place has the id or name '{id}'"),
            _ => throw ProblemException.Unprocessable("id",
                $"'{id}' names {found.Count} places; use one of the ids: {string.Join(", ", found.Select(p => p.Id).Order(StringComparer.Ordinal))}"),
        };
    }

    /// <summary><c>GET /api/places/{id}/history</c>.</summary>
    internal static FileContentHttpResult History(string id, [FromQuery(Name = "known_at")] string? knownAtText, [FromServices] MapState state)
    {
        var knownAt = KnownAt(knownAtText);
        var place = ResolvePlace(state, id);
        var timeline = state.Timeline;
        var history = timeline.History(place.Id, knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", state.DataVersion);
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
            foreach (var entry in history) WriteRecord(w, state, entry);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRecord(Utf8JsonWriter w, MapState state, HistoryEntry entry)
    {
        var c = entry.Change;
        var timeline = state.Timeline;
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
            var s = state.Sources.GetValueOrDefault(cit.SourceId);
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
        var after = entry.StateAfter;
        w.WritePropertyName("state_after");
        w.WriteStartObject();
        w.WriteString("status", GeoJsonFeatureEncoder.StatusName(after.Status));
        WriteOptional(w, "faction", after.Controller >= 0 ? timeline.Factions[after.Controller].Id : null);
        w.WritePropertyName("factions");
        w.WriteStartArray();
        foreach (var p in after.Parties) w.WriteStringValue(timeline.Factions[p].Id);
        w.WriteEndArray();
        WriteDay(w, "since", after.Since);
        WriteDay(w, "last_confirmed", after.LastConfirmed);
        w.WriteNumber("sources", after.Sources);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
