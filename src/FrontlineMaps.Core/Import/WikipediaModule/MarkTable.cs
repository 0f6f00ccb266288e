using System.Collections.Immutable;
using System.Globalization;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import.WikipediaModule;

/// <summary>How one mark reads on one date: the owners (first is the holder), the place kind and the state.</summary>
/// <param name="Owners">Faction ids in the order the mark names them; empty for a symbol (not a place).</param>
/// <param name="Kind">The place kind the mark implies, or null (then the marker size decides).</param>
/// <param name="KindNote">What the kind part said ("airport or air base"), for the place's note.</param>
/// <param name="State">null (held), contested, mixed, besieged or pressure.</param>
public sealed record MarkReading(ImmutableArray<string> Owners, PlaceKind? Kind, string? KindNote, string? State)
{
    /// <summary>True when the mark is a place with a holder.</summary>
    public bool IsPlace => !Owners.IsEmpty;
}

/// <summary>
/// The editable table that says what the module's mark names mean (see <c>marks.tsv</c>, embedded, and docs/import-wikipedia-module.md).
/// A full name listed wins; otherwise the name's underscore-separated parts are read one by one.
/// </summary>
public sealed class MarkTable
{
    private sealed record Entry(string Role, string Value, DateOnly? From, DateOnly? To, long Line);

    private readonly Dictionary<string, List<Entry>> _entries;

    /// <summary>Name of the file the table was read from, for errors.</summary>
    public string File { get; }

    private MarkTable(string file, Dictionary<string, List<Entry>> entries)
    {
        File = file;
        _entries = entries;
    }

    /// <summary>The table that ships with FrontlineMaps.</summary>
    public static MarkTable Default { get; } = LoadDefault();

    private static MarkTable LoadDefault()
    {
        using var stream = typeof(MarkTable).Assembly.GetManifestResourceStream("FrontlineMaps.Import/marks.tsv")
            ?? throw new InvalidOperationException("the embedded marks.tsv is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "marks.tsv");
    }

    /// <summary>Reads a table file.</summary>
    /// <exception cref="ImportException">A line is malformed (file, line and field named).</exception>
    public static MarkTable Read(string path) => Parse(System.IO.File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses a table's text.</summary>
    /// <exception cref="ImportException">A line is malformed (file, line and field named).</exception>
    public static MarkTable Parse(string text, string file)
    {
        var entries = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        long line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var l = raw.Split('#')[0].TrimEnd('\r', ' ');
            if (l.Trim().Length == 0) continue;
            var cols = l.Split('\t');
            if (cols.Length < 3) throw new ImportException(file, line, null, "expected NAME<TAB>ROLE<TAB>VALUE[<TAB>FROM[<TAB>TO]]");
            string name = cols[0].Trim(), role = cols[1].Trim(), value = cols[2].Trim();
            if (name.Length == 0) throw new ImportException(file, line, "name", "empty");
            if (role is not ("owner" or "kind" or "state" or "symbol" or "dir"))
                throw new ImportException(file, line, "role", $"'{role}' is not owner, kind, state, symbol or dir");
            if (value.Length == 0) throw new ImportException(file, line, "value", "empty");
            if (role == "kind") ParseKind(value, file, line);
            if (role == "state" && value is not ("contested" or "mixed" or "besieged" or "pressure"))
                throw new ImportException(file, line, "value", $"'{value}' is not contested, mixed, besieged or pressure");
            DateOnly? from = cols.Length > 3 ? OptionalDate(cols[3], file, line, "from") : null;
            DateOnly? to = cols.Length > 4 ? OptionalDate(cols[4], file, line, "to") : null;
            if (from is { } f && to is { } t && t <= f) throw new ImportException(file, line, "to", $"{t:yyyy-MM-dd} is not after from {f:yyyy-MM-dd}");
            if (role != "owner" && (from is not null || to is not null)) throw new ImportException(file, line, "from", "only an owner can have dates");
            if (!entries.TryGetValue(name, out var list)) entries[name] = list = [];
            if (list.Any(e => e.Role != role)) throw new ImportException(file, line, "role", $"'{name}' is already listed as {list[0].Role}");
            if (role != "owner" && list.Count > 0) throw new ImportException(file, line, "name", $"'{name}' is listed twice");
            foreach (var e in list)
                if ((from ?? DateOnly.MinValue) < (e.To ?? DateOnly.MaxValue) && (e.From ?? DateOnly.MinValue) < (to ?? DateOnly.MaxValue))
                    throw new ImportException(file, line, "from", $"'{name}' already has an owner for some of these dates (line {e.Line})");
            list.Add(new Entry(role, value, from, to, line));
        }
        return new MarkTable(file, entries);
    }

    private static DateOnly? OptionalDate(string text, string file, long line, string field)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new ImportException(file, line, field, $"'{text}' is not a date (YYYY-MM-DD)");
    }

    private static (PlaceKind Kind, string? Note) ParseKind(string value, string file, long line)
    {
        var parts = value.Split(':', 2);
        if (!Enum.TryParse<PlaceKind>(parts[0], ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || char.IsDigit(parts[0][0]))
            throw new ImportException(file, line, "value", $"'{parts[0]}' is not a place kind (city town village hamlet hill base other)");
        return (kind, parts.Length > 1 && parts[1].Trim().Length > 0 ? parts[1].Trim() : null);
    }

    /// <summary>Every faction id the table can produce.</summary>
    public IEnumerable<string> FactionIds => _entries.Values.SelectMany(l => l).Where(e => e.Role == "owner").Select(e => e.Value).Distinct(StringComparer.Ordinal);

    /// <summary>Reads a mark name (without <c>m.</c>) for a revision of <paramref name="date"/>.</summary>
    /// <returns>The reading, or an error text naming the part that is not in the table.</returns>
    public (MarkReading? Reading, string? Error) Resolve(string name, DateOnly date)
    {
        if (_entries.ContainsKey(name)) return Combine([name], date, name);
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        foreach (var p in parts)
            if (!_entries.ContainsKey(p))
                return (null, $"mark 'm.{name}': '{p}' is not in the mark table {File} (add a line for it, or for the whole name, and pass it with --marks)");
        return Combine(parts, date, name);
    }

    private (MarkReading?, string?) Combine(IEnumerable<string> parts, DateOnly date, string name)
    {
        var owners = ImmutableArray.CreateBuilder<string>();
        PlaceKind? kind = null;
        string? note = null, state = null;
        foreach (var p in parts)
        {
            var list = _entries[p];
            switch (list[0].Role)
            {
                case "owner":
                    var e = list.FirstOrDefault(x => (x.From ?? DateOnly.MinValue) <= date && date < (x.To ?? DateOnly.MaxValue));
                    if (e is null) return (null, $"mark 'm.{name}': '{p}' names no faction for a revision of {date:yyyy-MM-dd} in the mark table {File}");
                    if (!owners.Contains(e.Value)) owners.Add(e.Value);
                    break;
                case "kind":
                    (kind, note) = ParseKind(list[0].Value, File, list[0].Line);
                    break;
                case "state":
                    state = list[0].Value;
                    break;
            }
        }
        return (new MarkReading(owners.ToImmutable(), kind, note, state), null);
    }
}
