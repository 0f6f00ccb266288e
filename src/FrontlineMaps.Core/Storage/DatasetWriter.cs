using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>The canonical, deterministic serializer of the directory format.</summary>
internal static class DatasetWriter
{
    /// <summary>The canonical writer options: what every store writes into its record columns, byte for byte as the files.</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>A JSON array of strings, written canonically (the manifest's attribution in a store's <c>meta</c>).</summary>
    public static string StringsJson(System.Collections.Immutable.ImmutableArray<string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
            foreach (var value in values.OrEmpty())
                w.WriteStringValue(value);
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<DatasetFile> Serialize(Dataset dataset)
    {
        var files = new List<DatasetFile>(6)
        {
            new(DatasetFiles.Manifest, Manifest(dataset)),
            new(DatasetFiles.Factions, Ndjson("factions", dataset.Factions.OrEmpty(), WriteFaction)),
            new(DatasetFiles.Sources, Ndjson("sources", dataset.Sources.OrEmpty(), WriteSource)),
            new(DatasetFiles.Places, Ndjson("places", dataset.Places.OrEmpty(), WritePlace)),
            new(DatasetFiles.Changes, Ndjson("changes", dataset.Changes.OrEmpty(), WriteChange)),
        };
        if (dataset.BoundaryGeoJson is { } boundary)
            files.Add(new(DatasetFiles.Boundary, Encoding.UTF8.GetBytes(boundary)));
        return files;
    }

    /// <summary>Record lines (no header), each ending in <c>\n</c>, for appending to an existing file.</summary>
    public static byte[] Lines<T>(IEnumerable<T> records, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, Options);
        foreach (var record in records)
            WriteLine(buffer, writer, record, write);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Manifest(Dataset dataset)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", DatasetFiles.SchemaVersion);
            w.WriteString("name", dataset.Info.Name);
            StringArray(w, "attribution", dataset.Info.Attribution);
            if (dataset.BoundaryGeoJson is not null)
                w.WriteString("boundary", DatasetFiles.Boundary);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Ndjson<T>(string type, ImmutableArray<T> records, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + records.Length * 256);
        using var writer = new Utf8JsonWriter(buffer, Options);
        WriteLine(buffer, writer, type, static (w, t) =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema", DatasetFiles.SchemaVersion);
            w.WriteString("type", t);
            w.WriteEndObject();
        });
        foreach (var record in records)
            WriteLine(buffer, writer, record, write);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLine<T>(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, T record, Action<Utf8JsonWriter, T> write)
    {
        writer.Reset(buffer);
        write(writer, record);
        writer.Flush();
        buffer.Write("\n"u8);
    }

    public static void WriteFaction(Utf8JsonWriter w, Faction f)
    {
        w.WriteStartObject();
        w.WriteString("id", f.Id);
        w.WriteString("name", f.Name);
        w.WriteString("short_name", f.ShortName);
        w.WriteString("color", f.Color);
        StringArray(w, "aliases", f.Aliases);
        OptionalString(w, "parent", f.Parent);
        OptionalDate(w, "valid_from", f.ValidFrom);
        OptionalDate(w, "valid_to", f.ValidTo);
        if (!f.Allies.IsDefaultOrEmpty)
        {
            w.WritePropertyName("allies");
            WriteAllies(w, f.Allies);
        }
        OptionalString(w, "succeeded_by", f.SucceededBy);
        w.WriteEndObject();
    }

    public static void WriteSource(Utf8JsonWriter w, Source s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("publisher", s.Publisher);
        w.WriteString("title", s.Title);
        OptionalString(w, "url", s.Url);
        OptionalDate(w, "published", s.Published);
        if (s.PublishedIsInferred)
            w.WriteBoolean("published_is_inferred", true);
        w.WriteEndObject();
    }

    public static void WritePlace(Utf8JsonWriter w, Place p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("name", p.Name);
        StringArray(w, "names", p.AlternateNames);
        w.WriteString("kind", FormatValues.Name(p.Kind));
        w.WriteNumber("lon", p.Lon);
        w.WriteNumber("lat", p.Lat);
        var admin = p.Admin ?? AdminUnits.None;
        OptionalString(w, "governorate", admin.Governorate);
        OptionalString(w, "district", admin.District);
        OptionalString(w, "subdistrict", admin.Subdistrict);
        OptionalString(w, "pcode", admin.PCode);
        if (p.Population is { } population)
            w.WriteNumber("population", population);
        if (p.LocationIsApproximate)
            w.WriteBoolean("approximate", true);
        OptionalString(w, "note", p.Note);
        OptionalDate(w, "valid_from", p.ValidFrom);
        w.WriteEndObject();
    }

    public static void WriteChange(Utf8JsonWriter w, ControlChange c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("place", c.PlaceId);
        OptionalString(w, "faction", c.FactionId);
        w.WriteString("valid_from", FormatValues.FormatValidFrom(c.ValidTime));
        OptionalDate(w, "valid_to_approx", c.ValidTime.ApproxTo);
        w.WriteString("kind", FormatValues.Name(c.Kind));
        w.WriteString("status", FormatValues.Name(c.Status));
        if (c.ClaimOf != ChangeStatus.Held)
            w.WriteString("claim_of", FormatValues.Name(c.ClaimOf));
        w.WriteStartArray("sources");
        foreach (var citation in c.Sources.OrEmpty())
        {
            w.WriteStartObject();
            w.WriteString("source", citation.SourceId);
            OptionalString(w, "claimant", citation.Claimant);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("recorded_at", FormatValues.FormatInstant(c.RecordedAt));
        w.WriteString("recorded_by", c.RecordedBy);
        OptionalString(w, "retracts", c.Retracts);
        OptionalString(w, "note", c.Note);
        OptionalString(w, "reviews", c.Reviews);
        if (c.Verdict is { } verdict)
            w.WriteString("verdict", FormatValues.Name(verdict));
        w.WriteEndObject();
    }

    private static void OptionalString(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            w.WriteString(name, value);
    }

    private static void OptionalDate(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } day)
            w.WriteString(name, FormatValues.FormatDate(day));
    }

    /// <summary>
    /// A faction's allies as a JSON array: a timeless alliance as its faction id (the original form), a dated one as
    /// <c>{"faction": ID, "from": DATE, "to": DATE}</c> without the unbounded end.
    /// </summary>
    public static void WriteAllies(Utf8JsonWriter w, ImmutableArray<Alliance> allies)
    {
        w.WriteStartArray();
        foreach (var a in allies.OrEmpty())
        {
            if (a.IsTimeless)
            {
                w.WriteStringValue(a.Faction);
                continue;
            }
            w.WriteStartObject();
            w.WriteString("faction", a.Faction);
            OptionalDate(w, "from", a.From);
            OptionalDate(w, "to", a.To);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void StringArray(Utf8JsonWriter w, string name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
            return;
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
