using System.Collections.Immutable;
using System.Text.Json;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// One JSON object of a data file, read strictly: duplicate and unknown members, wrong types and bad values are
/// reported as <see cref="DatasetFormatException"/> with file, line and field.
/// </summary>
internal sealed class JsonRecord
{
    private readonly Dictionary<string, JsonElement> _members = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly string _file;
    private readonly int _line;
    private readonly string _prefix;
    private readonly Func<string, int>? _memberLine;

    public JsonRecord(string file, int line, JsonElement element, string prefix = "", Func<string, int>? memberLine = null)
    {
        _file = file;
        _line = line;
        _prefix = prefix;
        _memberLine = memberLine;
        if (element.ValueKind != JsonValueKind.Object)
            throw new DatasetFormatException(file, line, prefix.Length == 0 ? null : prefix.TrimEnd('.'), $"expected a JSON object, found {Describe(element.ValueKind)}");
        foreach (var member in element.EnumerateObject())
        {
            if (!_members.TryAdd(member.Name, member.Value))
                throw Error(member.Name, "duplicate member");
            _order.Add(member.Name);
        }
    }

    public string File => _file;

    public int Line => _line;

    /// <summary>What goes before each member name in error fields (e.g. <c>factions[2].</c>), for nested records.</summary>
    public string Prefix => _prefix;

    public DatasetFormatException Error(string field, string reason) =>
        new(_file, _memberLine?.Invoke(field) ?? _line, _prefix + field, reason);

    /// <summary>Rejects the first member (in document order) not in <paramref name="allowed"/>.</summary>
    public void CheckMembers(IReadOnlySet<string> allowed)
    {
        foreach (var name in _order)
            if (!allowed.Contains(name))
                throw Error(name, $"unknown member (expected one of {string.Join(", ", allowed)})");
    }

    public bool Has(string name) => _members.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string name) => _members.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null
        ? v
        : throw Error(name, "required field is missing");

    public JsonElement? Optional(string name) => _members.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string RequiredString(string name) => AsString(name, Required(name));

    public string? OptionalString(string name) => Optional(name) is { } v ? AsString(name, v) : null;

    public ImmutableArray<string> StringArray(string name)
    {
        if (Optional(name) is not { } v)
            return [];
        if (v.ValueKind != JsonValueKind.Array)
            throw Error(name, $"expected an array of strings, found {Describe(v.ValueKind)}");
        var builder = ImmutableArray.CreateBuilder<string>(v.GetArrayLength());
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Error(name, $"element {i}: expected a string, found {Describe(item.ValueKind)}");
            builder.Add(Text(name, item));
            i++;
        }
        return builder.MoveToImmutable();
    }

    public double RequiredNumber(string name)
    {
        var v = Required(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw Error(name, $"expected a number, found {Describe(v.ValueKind)}");
    }

    public int RequiredInt32(string name) => AsInt32(name, Required(name));

    public int? OptionalInt32(string name) => Optional(name) is { } v ? AsInt32(name, v) : null;

    public bool OptionalBool(string name) => Optional(name) is not { } v
        ? false
        : v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, $"expected true or false, found {Describe(v.ValueKind)}"),
        };

    public DateOnly? OptionalDate(string name)
    {
        if (OptionalString(name) is not { } text)
            return null;
        return FormatValues.TryParseDate(text, out var day) ? day : throw Error(name, $"expected a date YYYY-MM-DD, found '{text}'");
    }

    public T RequiredEnum<T>(string name, IReadOnlyDictionary<string, T> values) => AsEnum(name, RequiredString(name), values);

    public T? OptionalEnum<T>(string name, IReadOnlyDictionary<string, T> values) where T : struct =>
        OptionalString(name) is { } text ? AsEnum(name, text, values) : null;

    private T AsEnum<T>(string name, string text, IReadOnlyDictionary<string, T> values) => values.TryGetValue(text, out var value)
        ? value
        : throw Error(name, $"unknown value '{text}' (expected one of {string.Join(", ", values.Keys)})");

    private string AsString(string name, JsonElement v) => v.ValueKind == JsonValueKind.String
        ? Text(name, v)
        : throw Error(name, $"expected a string, found {Describe(v.ValueKind)}");

    /// <summary>A string's value; an escaped lone surrogate (<c>"\ud800"</c>) or invalid UTF-8 is a format error, not a crash.</summary>
    private string Text(string name, JsonElement v)
    {
        try
        {
            return v.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error(name, "not valid Unicode text (invalid UTF-8 or a lone surrogate)");
        }
    }

    private int AsInt32(string name, JsonElement v) => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
        ? i
        : throw Error(name, v.ValueKind == JsonValueKind.Number ? $"expected an integer, found {v.GetRawText()}" : $"expected an integer, found {Describe(v.ValueKind)}");

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
