using System.Globalization;
using System.Text.Json;

namespace FrontlineMaps.Core.Import;

/// <summary>Typed reads of JSON members that report failures as <see cref="ImportException"/>.</summary>
internal readonly struct JsonFields(string file, long record, JsonElement obj)
{
    public ImportException Error(string? field, string detail) => new(file, record, field, detail);

    public bool Has(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string RequiredString(string name) =>
        OptionalString(name) is { Length: > 0 } s ? s : throw Error(name, Has(name) ? "must not be empty" : "is missing");

    public string? OptionalString(string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw Error(name, $"must be a string, not {Kind(v)}");
        return v.GetString()!.Trim();
    }

    public double RequiredNumber(string name, double min, double max)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) throw Error(name, "is missing");
        if (v.ValueKind != JsonValueKind.Number) throw Error(name, $"must be a number, not {Kind(v)}");
        double d = v.GetDouble();
        if (!(d >= min && d <= max)) throw Error(name, string.Create(CultureInfo.InvariantCulture, $"{d} is outside {min}..{max}"));
        return d;
    }

    public int? OptionalInt(string name, int min)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i)) throw Error(name, $"must be an integer, not {v.GetRawText()}");
        if (i < min) throw Error(name, string.Create(CultureInfo.InvariantCulture, $"{i} is below {min}"));
        return i;
    }

    public bool? OptionalBool(string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, $"must be true or false, not {Kind(v)}"),
        };
    }

    /// <summary>Throws when the object has a member outside <paramref name="known"/>: typos must not pass silently.</summary>
    public void OnlyKnown(IReadOnlySet<string> known)
    {
        foreach (var p in obj.EnumerateObject())
            if (!known.Contains(p.Name)) throw Error(p.Name, "unknown member");
    }

    public static string Kind(JsonElement v) => v.ValueKind.ToString().ToLowerInvariant();
}
