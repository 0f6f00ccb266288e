using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import;

/// <summary>What <see cref="WikipediaMapImporter"/> produces: the map as a source, its places and one confirmation per owned place.</summary>
/// <param name="Source">The map extract as a source (publisher Wikipedia, published on the map's date, no URL).</param>
/// <param name="Places">Every place of the map, in file order.</param>
/// <param name="Changes">One confirmation per place with an owner, valid from the map's date, citing <paramref name="Source"/>.</param>
public sealed record WikipediaMapImport(Source Source, ImmutableArray<Place> Places, ImmutableArray<ControlChange> Changes);

/// <summary>
/// Reads an extract of Wikipedia's "Syrian Civil War detailed map" module (a JSON array of
/// <c>{name, wiki_page, lat, lng, owner, type, is_besieged, marksize, population}</c>) into places and control confirmations.
/// </summary>
/// <remarks>
/// <para>
/// Owner codes map to faction ids through a dictionary; <see cref="DefaultOwnerMap"/> covers every code of the
/// 2026-01 extracts and the codes of the older module: <c>SAA</c> (the Assad government's army) → <c>SAA</c>; <c>SDF</c>,
/// <c>SNA</c>, <c>ISIS</c>, <c>Rebels</c>, <c>Turkey</c>, <c>Russia</c>, <c>Druze</c> (Suwayda's Druze factions),
/// <c>Israel</c> (the IDF south of the Golan) → the same id. In the 2026 extracts <c>HTS</c> marks the government formed after
/// December 2024, so <c>HTS</c>, <c>Syrian Government (HTS)</c> and <c>Syria</c> all map to the government faction id
/// (<see cref="DefaultGovernmentFactionId"/> unless the caller names another). An owner not in the dictionary is an error.
/// </para>
/// <para>
/// <c>is_besieged</c> marks a place encircled by an enemy while its owner still holds it, so the change stays
/// <see cref="ChangeStatus.Held"/> and says "besieged" in its note; a contested status is reserved for fighting inside a place.
/// A place's kind follows the module's marker size: 10 and above a city, 7–9 a town, smaller a village. Ids are slugs of
/// the Wikipedia page (or the name when there is none) prefixed <c>wp-</c>; repeated slugs get <c>-2</c>, <c>-3</c>... in file order.
/// </para>
/// </remarks>
public static partial class WikipediaMapImporter
{
    /// <summary>Default faction id of the post-December-2024 Syrian government (owner <c>HTS</c> in the 2026 extracts).</summary>
    public const string DefaultGovernmentFactionId = "SyrianGov2025";

    /// <summary>Publisher of the source the importer creates.</summary>
    public const string Publisher = "Wikipedia";

    /// <summary>Title of the source the importer creates.</summary>
    public const string Title = "Syrian Civil War detailed map (module extract)";

    private static readonly FrozenSet<string> Known = FrozenSet.ToFrozenSet(
        ["name", "wiki_page", "lat", "lng", "owner", "type", "is_besieged", "marksize", "population"], StringComparer.Ordinal);

    /// <summary>The default owner-code → faction-id mapping (see the remarks of <see cref="WikipediaMapImporter"/>).</summary>
    /// <param name="governmentFactionId">Faction id of the post-December-2024 government.</param>
    /// <returns>A new dictionary.</returns>
    public static ImmutableDictionary<string, string> DefaultOwnerMap(string governmentFactionId = DefaultGovernmentFactionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(governmentFactionId);
        var map = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var same in new[] { "SAA", "SDF", "SNA", "ISIS", "Rebels", "Turkey", "Russia", "Druze", "Israel" }) map[same] = same;
        foreach (var government in new[] { "HTS", "Syrian Government (HTS)", "Syria" }) map[government] = governmentFactionId;
        return map.ToImmutable();
    }

    /// <summary>The map's date from a file name ending in <c>-YYYY-MM-DD.json</c>, or null.</summary>
    /// <param name="fileName">A file name or path.</param>
    /// <returns>The date, or null when the name carries none.</returns>
    public static DateOnly? DateFromFileName(string fileName)
    {
        var m = FileDatePattern().Match(Path.GetFileName(fileName));
        return m.Success && DateOnly.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <param name="mapDate">The map's date; by default taken from the file name (<see cref="DateFromFileName"/>).</param>
    /// <param name="ownerMap">Owner code → faction id; by default <see cref="DefaultOwnerMap"/>().</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The source, places and changes.</returns>
    /// <exception cref="ArgumentException">No date was given and the file name carries none.</exception>
    /// <exception cref="ImportException">The file is malformed or names an unknown owner.</exception>
    public static WikipediaMapImport Read(string path, DateOnly? mapDate = null, IReadOnlyDictionary<string, string>? ownerMap = null, string recordedBy = "import")
    {
        var date = mapDate ?? DateFromFileName(path)
            ?? throw new ArgumentException($"'{Path.GetFileName(path)}' carries no date (-YYYY-MM-DD.json): pass the map's date", nameof(mapDate));
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), date, ownerMap, recordedBy);
    }

    /// <summary>Reads a module extract from a stream.</summary>
    /// <param name="stream">The JSON text (UTF-8).</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <param name="mapDate">The map's date: valid time of the changes and publication date of the source.</param>
    /// <param name="ownerMap">Owner code → faction id; by default <see cref="DefaultOwnerMap"/>().</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The source, places and changes.</returns>
    /// <exception cref="ImportException">The input is malformed or names an unknown owner; the message names the record (1-based) and field.</exception>
    public static WikipediaMapImport Read(Stream stream, string fileName, DateOnly mapDate, IReadOnlyDictionary<string, string>? ownerMap = null, string recordedBy = "import")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        ownerMap ??= DefaultOwnerMap();
        string stamp = mapDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var source = new Source("wikipedia-syria-detailed-map-" + stamp, Publisher, Title, null, mapDate);
        ImmutableArray<Citation> citations = [new Citation(source.Id)];
        var recordedAt = new DateTimeOffset(mapDate.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var validTime = new GroundTime(mapDate);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ImportException(fileName, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array) throw new ImportException(fileName, 0, null, "the file must hold a JSON array of places");
            var places = ImmutableArray.CreateBuilder<Place>(root.GetArrayLength());
            var changes = ImmutableArray.CreateBuilder<ControlChange>(root.GetArrayLength());
            var ids = new HashSet<string>(StringComparer.Ordinal);
            long record = 0;
            foreach (var item in root.EnumerateArray())
            {
                record++;
                if (item.ValueKind != JsonValueKind.Object) throw new ImportException(fileName, record, null, "a place must be an object");
                var f = new JsonFields(fileName, record, item);
                f.OnlyKnown(Known);
                string name = f.RequiredString("name");
                string? page = f.OptionalString("wiki_page");
                double lat = f.RequiredNumber("lat", -90, 90), lon = f.RequiredNumber("lng", -180, 180);
                string? owner = f.OptionalString("owner");
                string? type = f.OptionalString("type");
                bool besieged = f.OptionalBool("is_besieged") ?? false;
                int? markSize = f.OptionalInt("marksize", 0);
                int? population = f.OptionalInt("population", 0);
                string? factionId = null;
                if (!string.IsNullOrEmpty(owner) && !ownerMap.TryGetValue(owner, out factionId))
                    throw f.Error("owner", $"unknown owner '{owner}' (known: {string.Join(", ", ownerMap.Keys.Order(StringComparer.Ordinal))})");

                string id = UniqueId("wp-" + Slug(string.IsNullOrEmpty(page) ? name : page), ids);
                var kind = markSize switch { >= 10 => PlaceKind.City, >= 7 => PlaceKind.Town, _ => PlaceKind.Village };
                string? note = page is { Length: > 0 } ? $"Wikipedia page \"{page}\"" : null;
                if (type is { Length: > 0 } && type != "Settlement") note = note is null ? type : $"{note}; {type}";
                places.Add(new Place(id, DisplayName(name), [], kind, lon, lat, AdminUnits.None, population, Note: note));
                if (factionId is not null)
                {
                    string changeId = string.Create(CultureInfo.InvariantCulture, $"wp-{stamp}-{changes.Count + 1:D5}");
                    changes.Add(new ControlChange(changeId, id, factionId, validTime, ChangeKind.Confirmation, ChangeStatus.Held, citations,
                        recordedAt, recordedBy, Note: besieged ? "besieged on the map" : null));
                }
            }
            return new WikipediaMapImport(source, places.MoveToImmutable(), changes.ToImmutable());
        }
    }

    /// <summary>
    /// A map label as people read it: HTML entities decoded (the module writes <c>al&amp;#8209;Zabadani</c> to keep a hyphen
    /// from breaking a line) and typographic hyphens and spaces made plain, so the name matches what users type. Ids keep
    /// being made from the raw text, so they stay stable.
    /// </summary>
    internal static string DisplayName(string raw)
    {
        string decoded = System.Net.WebUtility.HtmlDecode(raw);
        var sb = new StringBuilder(decoded.Length);
        foreach (char c in decoded)
            sb.Append(c switch { '\u2010' or '\u2011' => '-', '\u00A0' or '\u202F' => ' ', _ => c });
        return sb.ToString().Trim();
    }

    /// <summary><paramref name="baseId"/>, or it with -2, -3... when taken; the id is added to <paramref name="ids"/>.</summary>
    internal static string UniqueId(string baseId, HashSet<string> ids)
    {
        if (ids.Add(baseId)) return baseId;
        for (int n = 2; ; n++)
        {
            string candidate = baseId + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (ids.Add(candidate)) return candidate;
        }
    }

    /// <summary>Lower-case slug: letters and digits kept, every other run of characters becomes one hyphen.</summary>
    internal static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        if (sb.Length > 0 && sb[^1] == '-') sb.Length--;
        return sb.Length > 0 ? sb.ToString() : "place";
    }

    [GeneratedRegex(@"-(\d{4}-\d{2}-\d{2})\.json$")]
    private static partial Regex FileDatePattern();
}
