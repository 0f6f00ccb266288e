using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// Reads single records sent by a client (the write API) with the strict rules of the file format: unknown or duplicate members,
/// wrong types and bad values are reported as <see cref="DatasetFormatException"/> whose <see cref="DatasetFormatException.Field"/>
/// is the given prefix followed by the member name (e.g. <c>changes[2].faction</c>).
/// </summary>
public static class RecordJson
{
    private static readonly HashSet<string> ChangeRequestMembers = ["id", "place", "faction", "valid_from", "valid_to_approx", "kind", "status", "claim_of", "sources", "note"];
    private const string File = "request";

    /// <summary>A faction, every member as in <c>factions.ndjson</c>.</summary>
    public static Faction ReadFaction(JsonElement element, string prefix = "") => DatasetParser.ReadFaction(Record(element, prefix));

    /// <summary>A source, every member as in <c>sources.ndjson</c>.</summary>
    public static Source ReadSource(JsonElement element, string prefix = "") => DatasetParser.ReadSource(Record(element, prefix));

    /// <summary>A place, every member as in <c>places.ndjson</c>.</summary>
    public static Place ReadPlace(JsonElement element, string prefix = "") => DatasetParser.ReadPlace(Record(element, prefix));

    /// <summary>
    /// A control change as a writer states it: the members of <c>changes.ndjson</c> except those the server sets
    /// (<c>recorded_at</c>, <c>recorded_by</c>) and those set by their own endpoints (<c>retracts</c>, <c>reviews</c>,
    /// <c>verdict</c>). <c>id</c> is optional: <paramref name="newId"/> gives one when it is missing.
    /// </summary>
    public static ControlChange ReadChangeRequest(JsonElement element, string prefix, Func<string> newId, DateTimeOffset recordedAt, string recordedBy)
    {
        var r = Record(element, prefix);
        r.CheckMembers(ChangeRequestMembers);
        return DatasetParser.ReadChangeFields(r, r.OptionalString("id") ?? newId(), recordedAt, recordedBy);
    }

    /// <summary>The optional <c>sources</c> array of an object (empty when missing).</summary>
    public static ImmutableArray<Citation> ReadOptionalCitations(JsonElement element, string prefix = "")
    {
        var r = Record(element, prefix);
        return r.Has("sources") ? DatasetParser.ReadCitations(r) : [];
    }

    /// <summary>Rejects members of an object not in <paramref name="allowed"/>, naming the first.</summary>
    public static void CheckMembers(JsonElement element, IReadOnlySet<string> allowed, string prefix = "") => Record(element, prefix).CheckMembers(allowed);

    /// <summary>An optional string member (null when missing or null).</summary>
    public static string? OptionalString(JsonElement element, string name, string prefix = "") => Record(element, prefix).OptionalString(name);

    private static JsonRecord Record(JsonElement element, string prefix) => new(File, 0, element, prefix);

    /// <summary>Writes a change as one canonical record of <c>changes.ndjson</c>.</summary>
    public static void WriteChange(Utf8JsonWriter writer, ControlChange change) => DatasetWriter.WriteChange(writer, change);

    /// <summary>Writes a place as one canonical record of <c>places.ndjson</c>.</summary>
    public static void WritePlace(Utf8JsonWriter writer, Place place) => DatasetWriter.WritePlace(writer, place);

    /// <summary>Writes a faction as one canonical record of <c>factions.ndjson</c>.</summary>
    public static void WriteFaction(Utf8JsonWriter writer, Faction faction) => DatasetWriter.WriteFaction(writer, faction);

    /// <summary>Writes a source as one canonical record of <c>sources.ndjson</c>.</summary>
    public static void WriteSource(Utf8JsonWriter writer, Source source) => DatasetWriter.WriteSource(writer, source);
}
