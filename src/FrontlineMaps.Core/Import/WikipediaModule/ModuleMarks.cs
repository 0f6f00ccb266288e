using System.Globalization;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Import.WikipediaModule;

/// <summary>One entry of the module's <c>marks</c> list.</summary>
/// <param name="Line">1-based line of the entry in the module's source.</param>
/// <param name="Lat">Latitude.</param>
/// <param name="Lon">Longitude (<c>long</c>).</param>
/// <param name="Mark">The mark's name after <c>m.</c> (<c>gov_hill</c>), or null for an image file (<c>"Rif_Aleppo2.svg"</c>): an overlay, not a place.</param>
/// <param name="MarkSize">The marker size in pixels, if given.</param>
/// <param name="Name">The place's name: the label's text (or the link's, when there is no label); null when unnamed.</param>
/// <param name="Page">The Wikipedia page the label links to, without a section, or null.</param>
public sealed record ModuleMark(int Line, double Lat, double Lon, string? Mark, int? MarkSize, string? Name, string? Page);

/// <summary>Reads the <c>marks</c> list of the detailed-map module's returned table.</summary>
public static partial class ModuleMarks
{
    /// <summary>The marks of a module's source, in order.</summary>
    /// <exception cref="ImportException">The source is not the module, or an entry is malformed (file, line, field named).</exception>
    public static IReadOnlyList<ModuleMark> Read(string text, string file)
    {
        var module = LuaTableReader.ReadModule(text, file);
        if (module["marks"] is not LuaTable marks)
            throw new ImportException(file, module.Line, "marks", "the module's table has no 'marks = { ... }' list");
        var result = new List<ModuleMark>(marks.Items.Count);
        foreach (var item in marks.Items)
        {
            if (item is not LuaTable entry) throw new ImportException(file, item.Line, "marks", "an entry of marks must be a table { lat = ..., long = ..., mark = ... }");
            double lat = Coordinate(entry, "lat", -90, 90, file), lon = Coordinate(entry, "long", -180, 180, file);
            string? mark = entry["mark"] switch
            {
                LuaName n when n.Value.StartsWith("m.", StringComparison.Ordinal) && n.Value.Length > 2 => n.Value[2..],
                LuaString => null, // an image file drawn as an overlay
                null => throw new ImportException(file, entry.Line, "mark", "missing"),
                var other => throw new ImportException(file, entry.Line, "mark", $"expected m.NAME or a file name, found {Describe(other)}"),
            };
            int? size = entry["marksize"] switch
            {
                null => null,
                LuaNumber n when n.Value >= 0 && n.Value <= 100000 => (int)n.Value,
                var other => throw new ImportException(file, entry.Line, "marksize", $"expected a size in pixels, found {Describe(other)}"),
            };
            var (name, page) = ReadLabel(entry["label"], file, entry.Line, "label");
            if (name is null)
            {
                var (linkName, linkPage) = ReadLabel(entry["link"], file, entry.Line, "link");
                name = linkName;
                page ??= linkPage ?? linkName;
            }
            result.Add(new ModuleMark(entry.Line, lat, lon, mark, size, name, page));
        }
        return result;
    }

    private static double Coordinate(LuaTable entry, string field, double min, double max, string file) => entry[field] switch
    {
        LuaNumber n when n.Value >= min && n.Value <= max && double.IsFinite(n.Value) => n.Value,
        LuaNumber n => throw new ImportException(file, entry.Line, field, $"{n.Value.ToString(CultureInfo.InvariantCulture)} is outside [{min}, {max}]"),
        null => throw new ImportException(file, entry.Line, field, "missing"),
        var other => throw new ImportException(file, entry.Line, field, $"expected a number, found {Describe(other)}"),
    };

    private static string Describe(LuaValue v) => v switch
    {
        LuaString s => $"the string \"{s.Value}\"",
        LuaName n => n.Value,
        LuaNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
        LuaTable => "a table",
        LuaExpression e => e.Text,
        _ => v.GetType().Name,
    };

    /// <summary>A label or link: <c>[[Page|Text]]</c>, <c>[[Page]]</c> or plain text; markup around it is dropped.</summary>
    private static (string? Name, string? Page) ReadLabel(LuaValue? value, string file, int line, string field)
    {
        if (value is null) return (null, null);
        if (value is not LuaString s) throw new ImportException(file, line, field, $"expected a string, found {Describe(value)}");
        var text = s.Value;
        var m = WikiLink().Match(text);
        string? page = null;
        string name;
        if (m.Success)
        {
            page = m.Groups["page"].Value.Trim();
            name = m.Groups["text"].Success ? m.Groups["text"].Value : page;
        }
        else name = text;
        name = Tags().Replace(name, " ");
        name = Spaces().Replace(name.Replace("'''", "").Replace("''", ""), " ").Trim();
        if (page is not null)
        {
            int hash = page.IndexOf('#');
            page = hash switch { 0 => null, > 0 => page[..hash].Trim(), _ => page };
            if (page is not null) page = page.Replace('_', ' ');
        }
        return (name.Length > 0 ? name : null, string.IsNullOrEmpty(page) ? null : page);
    }

    [GeneratedRegex(@"\[\[(?<page>[^\]|]+)(\|(?<text>[^\]]*))?\]\]")]
    private static partial Regex WikiLink();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
