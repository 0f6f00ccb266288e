using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The directory format of a dataset (schema 1, see <c>docs/data-format.md</c>): <c>dataset.json</c> plus one NDJSON
/// file per record type, each starting with a header line, and an optional boundary GeoJSON file. Reads strictly and
/// streaming (line by line), writes deterministically (same dataset, byte-identical files) via temp files and renames.
/// </summary>
public static class DatasetFiles
{
    /// <summary>The only schema number this build reads and writes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The manifest file name.</summary>
    public const string Manifest = "dataset.json";

    /// <summary>The factions file name.</summary>
    public const string Factions = "factions.ndjson";

    /// <summary>The sources file name.</summary>
    public const string Sources = "sources.ndjson";

    /// <summary>The places file name.</summary>
    public const string Places = "places.ndjson";

    /// <summary>The control log file name.</summary>
    public const string Changes = "changes.ndjson";

    /// <summary>The file name the writer gives the boundary.</summary>
    public const string Boundary = "boundary.geojson";

    /// <summary>
    /// Reads and validates a dataset from named text files. <paramref name="openFile"/> returns a reader for a file
    /// name (<c>dataset.json</c>, <c>places.ndjson</c>...) or null when there is no such file; readers are disposed here.
    /// Throws on the first problem; nothing is returned half-loaded.
    /// </summary>
    /// <exception cref="DatasetFormatException">A file is missing or breaks the format or its rules.</exception>
    public static Dataset Read(Func<string, TextReader?> openFile) => DatasetParser.Parse(openFile).Dataset;

    /// <summary>Reads and validates the dataset in <paramref name="directory"/>.</summary>
    /// <exception cref="DatasetFormatException">A file is missing or breaks the format or its rules.</exception>
    public static Dataset Read(string directory) => Read(OpenIn(directory));

    /// <summary>
    /// Serializes a dataset into the files of the directory format, canonically: the header line, one record per
    /// line (<c>\n</c>), members in documented order, nulls, false flags and empty arrays omitted, UTF-8 without BOM.
    /// The dataset is not validated here.
    /// </summary>
    public static IReadOnlyList<DatasetFile> Serialize(Dataset dataset) => DatasetWriter.Serialize(dataset);

    /// <summary>
    /// Validates <paramref name="dataset"/> and writes it into <paramref name="directory"/> (created if missing),
    /// replacing any dataset there: every file is written to a temp file and flushed to disk first, then renamed over.
    /// A failure before the renames leaves the old files untouched.
    /// </summary>
    /// <exception cref="DatasetFormatException">The dataset is invalid; nothing was written.</exception>
    public static void Write(string directory, Dataset dataset)
    {
        DatasetValidator.Validate(dataset);
        Directory.CreateDirectory(directory);
        var files = Serialize(dataset);
        AtomicFiles.Replace(directory, files);
        if (dataset.BoundaryGeoJson is null)
            File.Delete(Path.Combine(directory, Boundary));
    }

    internal static Func<string, TextReader?> OpenIn(string directory) => name =>
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true) : null;
    };
}

/// <summary>One file of the directory format, ready to write.</summary>
/// <param name="Name">File name, e.g. <c>places.ndjson</c>.</param>
/// <param name="Content">The exact bytes (UTF-8).</param>
public sealed record DatasetFile(string Name, ReadOnlyMemory<byte> Content);

/// <summary>The record sets of a dataset, for locating a record in files or tables.</summary>
internal enum RecordSet
{
    Manifest,
    Factions,
    Sources,
    Places,
    Changes,
    Boundary,
}

/// <summary>Where record <paramref name="index"/> of <paramref name="set"/> lives (file and line), for error messages.</summary>
internal delegate (string File, int Line) RecordLocator(RecordSet set, int index, string? field);

/// <summary>Line numbers of every record as read from files, and the number of lines of each file.</summary>
internal sealed class DatasetLayout
{
    public Dictionary<string, int> ManifestLines { get; } = new(StringComparer.Ordinal);
    public List<int> FactionLines { get; } = [];
    public List<int> SourceLines { get; } = [];
    public List<int> PlaceLines { get; } = [];
    public List<int> ChangeLines { get; } = [];
    public Dictionary<string, int> LineCounts { get; } = new(StringComparer.Ordinal);

    public List<int> LinesOf(RecordSet set) => set switch
    {
        RecordSet.Factions => FactionLines,
        RecordSet.Sources => SourceLines,
        RecordSet.Places => PlaceLines,
        RecordSet.Changes => ChangeLines,
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };

    public static string FileOf(RecordSet set) => set switch
    {
        RecordSet.Manifest => DatasetFiles.Manifest,
        RecordSet.Factions => DatasetFiles.Factions,
        RecordSet.Sources => DatasetFiles.Sources,
        RecordSet.Places => DatasetFiles.Places,
        RecordSet.Changes => DatasetFiles.Changes,
        _ => DatasetFiles.Boundary,
    };

    /// <summary>Locates records read from files; records past the end are where an append would put them.</summary>
    public (string File, int Line) Locate(RecordSet set, int index, string? field)
    {
        var file = FileOf(set);
        if (set == RecordSet.Manifest)
            return (file, field is not null && ManifestLines.TryGetValue(field, out var l) ? l : 1);
        if (set == RecordSet.Boundary)
            return (file, 0);
        var lines = LinesOf(set);
        return index < lines.Count ? (file, lines[index]) : (file, LineCounts.GetValueOrDefault(file, 1) + index - lines.Count + 1);
    }

    /// <summary>Locates records as the canonical writer lays them out (header on line 1, one record per line).</summary>
    public static (string File, int Line) Canonical(RecordSet set, int index, string? field) => set switch
    {
        RecordSet.Manifest => (DatasetFiles.Manifest, 1),
        RecordSet.Boundary => (DatasetFiles.Boundary, 0),
        _ => (FileOf(set), index + 2),
    };
}

/// <summary>The strict, streaming parser of the directory format; works on (file name, <see cref="TextReader"/>) pairs.</summary>
internal static class DatasetParser
{
    private static readonly HashSet<string> HeaderMembers = ["schema", "type"];
    private static readonly HashSet<string> ManifestMembers = ["schema", "name", "attribution", "boundary"];
    private static readonly HashSet<string> AllyMembers = ["faction", "from", "to"];
    private static readonly HashSet<string> FactionMembers = ["id", "name", "short_name", "color", "aliases", "parent", "valid_from", "valid_to", "allies", "succeeded_by"];
    private static readonly HashSet<string> SourceMembers = ["id", "publisher", "title", "url", "published", "published_is_inferred"];
    private static readonly HashSet<string> PlaceMembers = ["id", "name", "names", "kind", "lon", "lat", "governorate", "district", "subdistrict", "pcode", "population", "approximate", "note", "valid_from"];
    private static readonly HashSet<string> ChangeMembers = ["id", "place", "faction", "valid_from", "valid_to_approx", "kind", "status", "claim_of", "sources", "recorded_at", "recorded_by", "retracts", "note", "reviews", "verdict"];
    private static readonly HashSet<string> CitationMembers = ["source", "claimant"];

    public static (Dataset Dataset, DatasetLayout Layout) Parse(Func<string, TextReader?> openFile)
    {
        var layout = new DatasetLayout();
        var (info, boundaryName) = WithFile(openFile, DatasetFiles.Manifest, r => ReadManifest(r, layout));
        var factions = WithFile(openFile, DatasetFiles.Factions, r => ReadNdjson(DatasetFiles.Factions, "factions", r, ReadFaction, layout.FactionLines, layout));
        var sources = WithFile(openFile, DatasetFiles.Sources, r => ReadNdjson(DatasetFiles.Sources, "sources", r, ReadSource, layout.SourceLines, layout));
        var places = WithFile(openFile, DatasetFiles.Places, r => ReadNdjson(DatasetFiles.Places, "places", r, ReadPlace, layout.PlaceLines, layout));
        var changes = WithFile(openFile, DatasetFiles.Changes, r => ReadNdjson(DatasetFiles.Changes, "changes", r, ReadChange, layout.ChangeLines, layout));
        string? boundary = null;
        if (boundaryName is not null)
        {
            using var reader = openFile(boundaryName)
                ?? throw new DatasetFormatException(DatasetFiles.Manifest, layout.ManifestLines.GetValueOrDefault("boundary", 1), "boundary", $"file '{boundaryName}' is missing");
            boundary = reader.ReadToEnd();
        }

        var dataset = new Dataset(info, factions, places, sources, changes, boundary);
        DatasetValidator.Validate(dataset, (set, index, field) =>
            set == RecordSet.Boundary ? (boundaryName ?? DatasetFiles.Boundary, 0) : layout.Locate(set, index, field));
        return (dataset, layout);
    }

    private static T WithFile<T>(Func<string, TextReader?> openFile, string name, Func<TextReader, T> read)
    {
        using var reader = openFile(name) ?? throw new DatasetFormatException(name, 0, null, "file is missing");
        return read(reader);
    }

    internal static (DatasetInfo Info, string? Boundary) ReadManifest(TextReader reader, DatasetLayout layout)
    {
        const string file = DatasetFiles.Manifest;
        var text = reader.ReadToEnd();
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n')
                lineStarts.Add(i + 1);
        int LineAt(long offset)
        {
            var k = lineStarts.BinarySearch((int)offset);
            return (k >= 0 ? k : ~k - 1) + 1;
        }

        try
        {
            // Map top-level member names to their lines, for messages.
            var scan = new Utf8JsonReader(bytes);
            while (scan.Read())
                if (scan.TokenType == JsonTokenType.PropertyName && scan.CurrentDepth == 1)
                    layout.ManifestLines.TryAdd(scan.GetString()!, LineAt(scan.TokenStartIndex));
            using var doc = JsonDocument.Parse(bytes);
            var record = new JsonRecord(file, 1, doc.RootElement, memberLine: name => layout.ManifestLines.GetValueOrDefault(name, 1));
            CheckSchema(record);
            record.CheckMembers(ManifestMembers);
            var info = new DatasetInfo(record.RequiredString("name"), record.StringArray("attribution"));
            var boundary = record.OptionalString("boundary");
            if (boundary is not null && (boundary.Length == 0 || boundary.IndexOfAny(['/', '\\']) >= 0 || boundary is "." or ".."))
                throw record.Error("boundary", $"expected a file name in the dataset directory, found '{boundary}'");
            layout.LineCounts[file] = lineStarts.Count;
            return (info, boundary);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(file, (int)(e.LineNumber ?? 0) + 1, null, $"invalid JSON: {FirstSentence(e.Message)}", e);
        }
    }

    private static void CheckSchema(JsonRecord record)
    {
        var schema = record.RequiredInt32("schema");
        if (schema != DatasetFiles.SchemaVersion)
            throw record.Error("schema", $"schema {schema} is not supported (this version reads schema {DatasetFiles.SchemaVersion})");
    }

    private static ImmutableArray<T> ReadNdjson<T>(string file, string type, TextReader reader, Func<JsonRecord, T> read, List<int> lines, DatasetLayout layout)
    {
        var header = reader.ReadLine();
        if (header is null || header.Trim('\uFEFF', ' ', '\t', '\r').Length == 0)
            throw new DatasetFormatException(file, 1, null, $"missing header line {{\"schema\": {DatasetFiles.SchemaVersion}, \"type\": \"{type}\"}}");
        using (var doc = ParseLine(file, 1, header.TrimStart('\uFEFF')))
        {
            var record = new JsonRecord(file, 1, doc.RootElement);
            if (!record.Has("schema") && !record.Has("type"))
                throw new DatasetFormatException(file, 1, null, $"missing header line {{\"schema\": {DatasetFiles.SchemaVersion}, \"type\": \"{type}\"}}");
            CheckSchema(record);
            record.CheckMembers(HeaderMembers);
            var actual = record.RequiredString("type");
            if (actual != type)
                throw record.Error("type", $"expected '{type}', found '{actual}'");
        }

        var builder = ImmutableArray.CreateBuilder<T>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var doc = ParseLine(file, lineNumber, line);
            builder.Add(read(new JsonRecord(file, lineNumber, doc.RootElement)));
            lines.Add(lineNumber);
        }
        layout.LineCounts[file] = lineNumber;
        return builder.ToImmutable();
    }

    private static JsonDocument ParseLine(string file, int line, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(file, line, null, $"invalid JSON: {FirstSentence(e.Message)}", e);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static Faction ReadFaction(JsonRecord r)
    {
        r.CheckMembers(FactionMembers);
        return new Faction(
            r.RequiredString("id"), r.RequiredString("name"), r.RequiredString("short_name"), r.RequiredString("color"),
            r.StringArray("aliases"), r.OptionalString("parent"), r.OptionalDate("valid_from"), r.OptionalDate("valid_to"),
            ReadAllies(r), r.OptionalString("succeeded_by"));
    }

    /// <summary>
    /// <c>allies</c>: each entry a faction id (allied for all time) or <c>{"faction": ID, "from": DATE, "to": DATE}</c> with
    /// <c>from</c>/<c>to</c> optional (half-open <c>[from, to)</c>).
    /// </summary>
    internal static ImmutableArray<Alliance> ReadAllies(JsonRecord r)
    {
        if (r.Optional("allies") is not { } value)
            return [];
        const string expected = "expected an array of faction ids or {\"faction\": ID, \"from\": DATE, \"to\": DATE}";
        if (value.ValueKind != JsonValueKind.Array)
            throw r.Error("allies", $"{expected}, found {JsonRecord.Describe(value.ValueKind)}");
        var builder = ImmutableArray.CreateBuilder<Alliance>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    builder.Add(new Alliance(item.GetString()!));
                    break;
                case JsonValueKind.Object:
                    var ally = new JsonRecord(r.File, r.Line, item, $"{r.Prefix}allies[{i}].");
                    ally.CheckMembers(AllyMembers);
                    builder.Add(new Alliance(ally.RequiredString("faction"), ally.OptionalDate("from"), ally.OptionalDate("to")));
                    break;
                default:
                    throw r.Error("allies", $"element {i}: expected a faction id or an object {{\"faction\": ID, \"from\": DATE, \"to\": DATE}}, found {JsonRecord.Describe(item.ValueKind)}");
            }
            i++;
        }
        return builder.MoveToImmutable();
    }

    internal static Source ReadSource(JsonRecord r)
    {
        r.CheckMembers(SourceMembers);
        return new Source(
            r.RequiredString("id"), r.RequiredString("publisher"), r.RequiredString("title"), r.OptionalString("url"),
            r.OptionalDate("published"), r.OptionalBool("published_is_inferred"));
    }

    internal static Place ReadPlace(JsonRecord r)
    {
        r.CheckMembers(PlaceMembers);
        var id = r.RequiredString("id");
        var name = r.RequiredString("name");
        var names = r.StringArray("names");
        var kind = r.RequiredEnum("kind", FormatValues.PlaceKinds);
        var lon = r.RequiredNumber("lon");
        var lat = r.RequiredNumber("lat");
        var admin = new AdminUnits(r.OptionalString("governorate"), r.OptionalString("district"), r.OptionalString("subdistrict"), r.OptionalString("pcode"));
        return new Place(id, name, names, kind, lon, lat, admin, r.OptionalInt32("population"), r.OptionalBool("approximate"), r.OptionalString("note"),
            r.OptionalDate("valid_from"));
    }

    internal static ControlChange ReadChange(JsonRecord r)
    {
        r.CheckMembers(ChangeMembers);
        var id = r.RequiredString("id");
        var recordedAtText = r.RequiredString("recorded_at");
        if (!FormatValues.TryParseInstant(recordedAtText, out var recordedAt))
            throw r.Error("recorded_at", $"expected an RFC 3339 instant (2020-01-31T12:00:00Z), found '{recordedAtText}'");
        var recordedBy = r.RequiredString("recorded_by");
        return ReadChangeFields(r, id, recordedAt, recordedBy) with
        {
            Retracts = r.OptionalString("retracts"),
            Reviews = r.OptionalString("reviews"),
            Verdict = r.OptionalEnum("verdict", FormatValues.Verdicts),
        };
    }

    /// <summary>The fields a writer states (everything but id, recorded_at, recorded_by, retracts, reviews, verdict).</summary>
    internal static ControlChange ReadChangeFields(JsonRecord r, string id, DateTimeOffset recordedAt, string recordedBy)
    {
        var place = r.RequiredString("place");
        var faction = r.OptionalString("faction");
        var validFromText = r.RequiredString("valid_from");
        if (!FormatValues.TryParseValidFrom(validFromText, out var day, out var timeOfDay))
            throw r.Error("valid_from", $"expected YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, found '{validFromText}'");
        var approxTo = r.OptionalDate("valid_to_approx");
        var kind = r.RequiredEnum("kind", FormatValues.ChangeKinds);
        var status = r.RequiredEnum("status", FormatValues.Statuses);
        var claimOf = r.OptionalEnum("claim_of", FormatValues.ClaimOfValues);
        if (claimOf is not null && status != ChangeStatus.Claimed)
            throw r.Error("claim_of", "only allowed when status is 'claimed'");
        var sources = ReadCitations(r);
        return new ControlChange(id, place, faction, new GroundTime(day, timeOfDay, approxTo), kind, status, sources,
            recordedAt, recordedBy, null, claimOf ?? ChangeStatus.Held, r.OptionalString("note"));
    }

    internal static ImmutableArray<Citation> ReadCitations(JsonRecord r)
    {
        var value = r.Required("sources");
        if (value.ValueKind != JsonValueKind.Array)
            throw r.Error("sources", $"expected an array of {{\"source\": ID, \"claimant\": STRING}}, found {JsonRecord.Describe(value.ValueKind)}");
        var builder = ImmutableArray.CreateBuilder<Citation>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var citation = new JsonRecord(r.File, r.Line, item, $"sources[{i}].");
            citation.CheckMembers(CitationMembers);
            builder.Add(new Citation(citation.RequiredString("source"), citation.OptionalString("claimant")));
            i++;
        }
        return builder.MoveToImmutable();
    }
}
