using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Encoders;

/// <summary>
/// Streams features that follow the feature contracts of docs/data-format.md (place, territory, front line, change) with
/// <see cref="Utf8JsonWriter"/>. One encoder per timeline: lookups are prepared once.
/// </summary>
public sealed class GeoJsonFeatureEncoder
{
    /// <summary>Writer options: compact, and non-ASCII (Arabic names) written as UTF-8 rather than escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly ControlTimeline _timeline;
    private readonly Dictionary<string, Source> _sources;
    private readonly Dictionary<string, Place> _places;
    // Pre-encoded text, prepared once: the hot path (tens of thousands of places per request) only copies bytes.
    private readonly JsonEncodedText[] _placeIds;
    private readonly JsonEncodedText[] _placeNames;
    private readonly JsonEncodedText[] _factionIds;
    private readonly JsonEncodedText[] _factionNames;
    private static readonly JsonEncodedText[] KindNames = Enum.GetValues<PlaceKind>().Select(k => JsonEncodedText.Encode(KindName(k))).ToArray();
    private static readonly JsonEncodedText[] PlaceStatusNames = Enum.GetValues<PlaceStatus>().Select(st => JsonEncodedText.Encode(StatusName(st))).ToArray();
    private static readonly JsonEncodedText PType = JsonEncodedText.Encode("type"), PFeature = JsonEncodedText.Encode("Feature"),
        PId = JsonEncodedText.Encode("id"), PGeometry = JsonEncodedText.Encode("geometry"), PPoint = JsonEncodedText.Encode("Point"),
        PCoordinates = JsonEncodedText.Encode("coordinates"), PProperties = JsonEncodedText.Encode("properties"),
        PName = JsonEncodedText.Encode("name"), PNames = JsonEncodedText.Encode("names"), PKind = JsonEncodedText.Encode("kind"),
        PFaction = JsonEncodedText.Encode("faction"), PFactionName = JsonEncodedText.Encode("faction_name"),
        PStatus = JsonEncodedText.Encode("status"), PSince = JsonEncodedText.Encode("since"),
        PLastConfirmed = JsonEncodedText.Encode("last_confirmed"), PSources = JsonEncodedText.Encode("sources"),
        PFactions = JsonEncodedText.Encode("factions"), PApproximate = JsonEncodedText.Encode("approximate");

    /// <summary>Prepares an encoder for <paramref name="timeline"/>.</summary>
    public GeoJsonFeatureEncoder(ControlTimeline timeline)
    {
        _timeline = timeline;
        _sources = timeline.Dataset.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _places = timeline.Places.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _placeIds = timeline.Places.Select(p => JsonEncodedText.Encode(p.Id, WriterOptions.Encoder)).ToArray();
        _placeNames = timeline.Places.Select(p => JsonEncodedText.Encode(p.Name, WriterOptions.Encoder)).ToArray();
        _factionIds = timeline.Factions.Select(f => JsonEncodedText.Encode(f.Id, WriterOptions.Encoder)).ToArray();
        _factionNames = timeline.Factions.Select(f => JsonEncodedText.Encode(f.Name, WriterOptions.Encoder)).ToArray();
    }

    /// <summary>The contract name of a place status.</summary>
    public static string StatusName(PlaceStatus s) => s switch
    {
        PlaceStatus.Held => "held",
        PlaceStatus.Contested => "contested",
        PlaceStatus.Claimed => "claimed",
        _ => "unknown",
    };

    /// <summary>The contract name of a change kind (<see cref="ContractNames"/>).</summary>
    public static string KindName(ChangeKind k) => ContractNames.Of(k);

    /// <summary>The contract name of a change status (<see cref="ContractNames"/>).</summary>
    public static string StatusName(ChangeStatus s) => ContractNames.Of(s);

    /// <summary>The contract name of a place kind (<see cref="ContractNames"/>).</summary>
    public static string KindName(PlaceKind k) => ContractNames.Of(k);

    /// <summary>Writes a whole FeatureCollection of places at <paramref name="snapshot"/> to <paramref name="output"/>.</summary>
    public void WritePlaces(IBufferWriter<byte> output, Snapshot snapshot, IEnumerable<int>? placeIndices = null)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        WriteCollectionStart(w);
        foreach (var i in placeIndices ?? Enumerable.Range(0, snapshot.Count)) WritePlace(w, snapshot, i);
        WriteCollectionEnd(w);
    }

    /// <summary>Writes a whole FeatureCollection of territories.</summary>
    public static void WriteTerritories(IBufferWriter<byte> output, IEnumerable<Territory> territories, DateOnly? date = null)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        WriteCollectionStart(w);
        foreach (var t in territories) WriteTerritory(w, t, date);
        WriteCollectionEnd(w);
    }

    /// <summary>Writes a whole FeatureCollection of front lines.</summary>
    public static void WriteFrontLines(IBufferWriter<byte> output, IEnumerable<FrontLine> fronts, DateOnly? date = null)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        WriteCollectionStart(w);
        foreach (var f in fronts) WriteFrontLine(w, f, date);
        WriteCollectionEnd(w);
    }

    /// <summary>Writes a whole FeatureCollection of change records.</summary>
    public void WriteChanges(IBufferWriter<byte> output, IEnumerable<ControlChange> changes, DateTimeOffset? knownAt = null)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        WriteCollectionStart(w);
        foreach (var c in changes) WriteChange(w, c, knownAt);
        WriteCollectionEnd(w);
    }

    /// <summary>Starts <c>{"type":"FeatureCollection","features":[</c>.</summary>
    public static void WriteCollectionStart(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WritePropertyName("features");
        w.WriteStartArray();
    }

    /// <summary>Ends the features array and the collection object.</summary>
    public static void WriteCollectionEnd(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one place feature (contract "place").</summary>
    public void WritePlace(Utf8JsonWriter w, Snapshot snapshot, int index)
    {
        var place = _timeline.Places[index];
        var state = snapshot[index];
        w.WriteStartObject();
        w.WriteString(PType, PFeature);
        w.WriteString(PId, _placeIds[index]);
        w.WritePropertyName(PGeometry);
        w.WriteStartObject();
        w.WriteString(PType, PPoint);
        w.WritePropertyName(PCoordinates);
        GeoJsonGeometry.WritePosition(w, place.Lon, place.Lat);
        w.WriteEndObject();
        w.WritePropertyName(PProperties);
        w.WriteStartObject();
        w.WriteString(PId, _placeIds[index]);
        WriteMapDate(w, snapshot.ValidAt);
        w.WriteString(PName, _placeNames[index]);
        // Empty lists are left out, as in the tiles: Fiona 1.9 (geopandas) crashes reading an empty JSON array.
        if (!place.AlternateNames.IsDefaultOrEmpty)
        {
            w.WritePropertyName(PNames);
            w.WriteStartArray();
            foreach (var n in place.AlternateNames) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        w.WriteString(PKind, KindNames[(int)place.Kind]);
        if (state.Controller >= 0)
        {
            w.WriteString(PFaction, _factionIds[state.Controller]);
            w.WriteString(PFactionName, _factionNames[state.Controller]);
        }
        else
        {
            w.WriteNull(PFaction);
            w.WriteNull(PFactionName);
        }
        w.WriteString(PStatus, PlaceStatusNames[(int)state.Status]);
        WriteDate(w, PSince, state.Since);
        WriteDate(w, PLastConfirmed, state.LastConfirmed);
        w.WriteNumber(PSources, state.Sources);
        if (!state.Parties.IsDefaultOrEmpty)
        {
            w.WritePropertyName(PFactions);
            w.WriteStartArray();
            foreach (var p in state.Parties) w.WriteStringValue(_factionIds[p]);
            w.WriteEndArray();
        }
        w.WriteBoolean(PApproximate, place.LocationIsApproximate);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes one territory feature (contract "territory"), always a MultiPolygon; <paramref name="date"/> is the day it shows.</summary>
    public static void WriteTerritory(Utf8JsonWriter w, Territory t, DateOnly? date = null)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", $"{t.Faction}:{t.Status}");
        w.WritePropertyName("geometry");
        GeoJsonGeometry.WriteMulti(w, t.Geometry);
        w.WritePropertyName("properties");
        w.WriteStartObject();
        WriteMapDate(w, date);
        w.WriteString("faction", t.Faction);
        w.WriteString("status", t.Status);
        w.WriteNumber("area_km2", Math.Round(t.AreaKm2, 3));
        WriteStrings(w, "places", t.Places);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes one front-line feature (contract "front line"), always a MultiLineString; <paramref name="date"/> is the day it shows.</summary>
    public static void WriteFrontLine(Utf8JsonWriter w, FrontLine f, DateOnly? date = null)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", string.Join('|', f.Factions));
        w.WritePropertyName("geometry");
        GeoJsonGeometry.WriteMulti(w, f.Geometry);
        w.WritePropertyName("properties");
        w.WriteStartObject();
        WriteMapDate(w, date);
        WriteStrings(w, "factions", f.Factions);
        w.WriteNumber("length_km", Math.Round(f.LengthKm, 3));
        WriteStrings(w, "places", f.Places);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // The day a map-at-a-date feature shows: a date-typed property that QGIS's filter and temporal tools can select on.
    private static readonly JsonEncodedText PDate = JsonEncodedText.Encode("date");

    private static void WriteMapDate(Utf8JsonWriter w, DateOnly? date)
    {
        if (date is not { } d) return;
        Span<char> buffer = stackalloc char[10];
        d.TryFormat(buffer, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.WriteString(PDate, buffer);
    }

    /// <summary>Writes one change feature (contract "change"), located at its place.</summary>
    public void WriteChange(Utf8JsonWriter w, ControlChange c, DateTimeOffset? knownAt = null)
    {
        var place = _places[c.PlaceId];
        WritePointFeatureStart(w, c.Id, place);
        w.WriteString("id", c.Id);
        w.WriteString("place", c.PlaceId);
        if (c.FactionId is null) w.WriteNull("faction"); else w.WriteString("faction", c.FactionId);
        w.WriteString("valid_from", FormatValidFrom(c.ValidTime));
        if (c.ValidTime.ApproxTo is { } to) w.WriteString("valid_to_approx", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("kind", KindName(c.Kind));
        w.WriteString("status", StatusName(c.Status));
        if (c.Status == ChangeStatus.Claimed) w.WriteString("claim_of", StatusName(c.ClaimOf));
        w.WritePropertyName("sources");
        w.WriteStartArray();
        foreach (var cit in c.Sources)
        {
            var s = _sources.GetValueOrDefault(cit.SourceId);
            w.WriteStartObject();
            w.WriteString("id", cit.SourceId);
            WriteOptional(w, "publisher", s?.Publisher);
            WriteOptional(w, "title", s?.Title);
            WriteOptional(w, "url", s?.Url);
            WriteDate(w, "published", s?.Published);
            WriteOptional(w, "claimant", cit.Claimant);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("recorded_at", c.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("recorded_by", c.RecordedBy);
        WriteOptional(w, "retracts", c.Retracts);
        w.WriteBoolean("retracted", _timeline.IsRetracted(c.Id, knownAt));
        WriteOptional(w, "note", c.Note);
        if (c.Reviews is not null)
        {
            // Only on reviews (a confirmed or disputed restatement of a claim): older readers see no new members.
            w.WriteString("reviews", c.Reviews);
            w.WriteString("verdict", c.Verdict?.ToString().ToLowerInvariant());
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Opens a Feature with <paramref name="id"/> and a Point at <paramref name="place"/>, up to the open properties object.</summary>
    private static void WritePointFeatureStart(Utf8JsonWriter w, string id, Place place)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", id);
        w.WritePropertyName("geometry");
        w.WriteStartObject();
        w.WriteString("type", "Point");
        w.WritePropertyName("coordinates");
        GeoJsonGeometry.WritePosition(w, place.Lon, place.Lat);
        w.WriteEndObject();
        w.WritePropertyName("properties");
        w.WriteStartObject();
    }

    /// <summary>Formats a ground time's start as <c>YYYY-MM-DD</c> or <c>YYYY-MM-DDTHH:MMZ</c>.</summary>
    public static string FormatValidFrom(GroundTime t) => t.TimeOfDay is { } tod
        ? $"{t.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T{tod.ToString("HH:mm", CultureInfo.InvariantCulture)}Z"
        : t.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteDate(Utf8JsonWriter w, string name, DateOnly? d) => WriteDate(w, JsonEncodedText.Encode(name), d);

    private static void WriteDate(Utf8JsonWriter w, JsonEncodedText name, DateOnly? d)
    {
        if (d is { } v)
        {
            Span<byte> utf8 = stackalloc byte[10];
            v.TryFormat(utf8, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            w.WriteString(name, utf8[..written]);
        }
        else w.WriteNull(name);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
