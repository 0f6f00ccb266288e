using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Import;

/// <summary>What <see cref="HistoryReader"/> turns the curated history files into.</summary>
/// <param name="Sources">One source per report URL, in order of first use.</param>
/// <param name="Changes">One change per row, in file order (files by name).</param>
/// <param name="Places">The places of the <c>*.places.ndjson</c> files (places no gazetteer holds), in file order.</param>
public sealed record HistoryRead(ImmutableArray<Source> Sources, ImmutableArray<ControlChange> Changes, ImmutableArray<Place> Places);

/// <summary>
/// Reads the curated history (<c>data/curated/history/*.ndjson</c>, format in docs/data-format.md, "Curated history"): one
/// control fact per line with its report's URL, publisher, title and publication date. Each URL becomes one source (id from
/// the publisher, the publication date and a hash of the URL, so it does not move when rows are added); each row one change
/// (id from its date, place, faction, kind and URL). <c>recorded_at</c> is the report's publication time: the instant when the
/// row gives one, else the date at 00:00:00Z plus one second per earlier row published that day (in file order), so "the map as
/// published on D" holds every report published by D. A place id given in two <c>*.places.ndjson</c> files (two eras'
/// editors added the same airbase) is one place: the first file's record, with the other's spellings added, when both lie
/// within <see cref="SamePlaceKm"/>; farther apart it is an error. Every problem is a <see cref="DatasetFormatException"/> naming the file,
/// line and field; nothing is returned then.
/// </summary>
public static class HistoryReader
{
    /// <summary>The editor named in every history change.</summary>
    public const string RecordedBy = "frontlinemaps-editors";

    /// <summary>How far apart two history places files may put one place id (the first file's record is kept).</summary>
    public const double SamePlaceKm = 3.0;

    /// <summary>The prefix of ids of history places, sources and changes.</summary>
    public const string IdPrefix = "h-";

    private static readonly HashSet<string> RowMembers =
        ["date", "date_to", "place", "place_name", "faction", "kind", "status", "claimant", "url", "publisher", "title", "published", "note"];

    /// <summary>Reads every <c>*.ndjson</c> of <paramref name="directory"/> (files by ordinal name; <c>*.places.ndjson</c> are places).</summary>
    /// <param name="directory">The history directory.</param>
    /// <param name="places">The places the rows may name besides those of the places files.</param>
    /// <param name="factions">The factions the rows may name.</param>
    /// <param name="label">How the directory is named in messages (e.g. <c>history</c>).</param>
    /// <exception cref="DatasetFormatException">A row or place is malformed or names something unknown.</exception>
    public static HistoryRead ReadDirectory(string directory, IReadOnlyList<Place> places, IReadOnlyList<Faction> factions, string label = "history")
    {
        if (!Directory.Exists(directory)) return new HistoryRead([], [], []);
        var files = Directory.GetFiles(directory, "*.ndjson").Order(StringComparer.Ordinal).ToList();
        var placeFiles = files.Where(f => f.EndsWith(".places.ndjson", StringComparison.Ordinal)).ToList();
        var rowFiles = files.Except(placeFiles).ToList();
        string Name(string path) => label + "/" + Path.GetFileName(path);
        return Read(
            rowFiles.Select(f => (Name(f), (Func<TextReader>)(() => new StreamReader(f, Encoding.UTF8)))),
            placeFiles.Select(f => (Name(f), (Func<TextReader>)(() => new StreamReader(f, Encoding.UTF8)))),
            places, factions);
    }

    /// <summary>Reads history rows and extra places from named readers.</summary>
    /// <exception cref="DatasetFormatException">A row or place is malformed or names something unknown.</exception>
    public static HistoryRead Read(IEnumerable<(string File, Func<TextReader> Open)> rowFiles, IEnumerable<(string File, Func<TextReader> Open)> placeFiles,
        IReadOnlyList<Place> places, IReadOnlyList<Faction> factions)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal); // place id -> where it comes from
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in places)
        {
            known.TryAdd(p.Id, "the merged places");
            names.TryAdd(p.Id, p.Name);
        }
        var extra = ImmutableArray.CreateBuilder<Place>();
        var historyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (file, open) in placeFiles)
            foreach (var (line, record) in NdjsonRecords.Read(file, open, "places"))
            {
                var place = DatasetParser.ReadPlace(record);
                if (!place.Id.StartsWith(IdPrefix, StringComparison.Ordinal))
                    throw record.Error("id", $"a history place id starts with '{IdPrefix}', found '{place.Id}'");
                if (historyIndex.TryGetValue(place.Id, out var earlier) && !known[place.Id].StartsWith(file + ":", StringComparison.Ordinal))
                {
                    // Two eras' editors added the same place: one place, the first file's record with the other's spellings.
                    var first = extra[earlier];
                    var km = Gazetteer.GeoDistance.Km(first, place);
                    if (km > SamePlaceKm)
                        throw record.Error("id", string.Create(CultureInfo.InvariantCulture, $"'{place.Id}' is already defined at {known[place.Id]}, {km:F1} km away: the same id must be the same place (within {SamePlaceKm} km)"));
                    var have = new HashSet<string>(first.AllNames, StringComparer.Ordinal);
                    var more = place.AllNames.Where(have.Add).ToList();
                    if (more.Count > 0) extra[earlier] = first with { AlternateNames = (first.AlternateNames.IsDefault ? [] : first.AlternateNames).AddRange(more) };
                    continue;
                }
                if (known.TryGetValue(place.Id, out var where))
                    throw record.Error("id", $"duplicate place id '{place.Id}' (already in {where})");
                known[place.Id] = $"{file}:{line}";
                names[place.Id] = place.Name;
                historyIndex[place.Id] = extra.Count;
                extra.Add(place);
            }

        var factionById = factions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var sources = new Dictionary<string, (Source Source, string Where)>(StringComparer.Ordinal); // by URL
        var sourceOrder = ImmutableArray.CreateBuilder<Source>();
        var changes = ImmutableArray.CreateBuilder<ControlChange>();
        var changeIds = new HashSet<string>(StringComparer.Ordinal);
        var perDay = new Dictionary<DateOnly, int>();
        foreach (var (file, open) in rowFiles)
        {
            (DateOnly Day, int Line)? previous = null;
            foreach (var (line, r) in NdjsonRecords.Read(file, open, "history"))
            {
                r.CheckMembers(RowMembers);
                var dateText = r.RequiredString("date");
                if (!FormatValues.TryParseValidFrom(dateText, out var day, out var timeOfDay))
                    throw r.Error("date", $"expected YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, found '{dateText}'");
                if (previous is { } prev && day < prev.Day)
                    throw r.Error("date", $"{dateText} is before the date of line {prev.Line}: rows are in chronological order");
                previous = (day, line);
                var dateTo = r.OptionalDate("date_to");
                if (dateTo is { } to && to <= day) throw r.Error("date_to", $"{FormatValues.FormatDate(to)} is not after date {FormatValues.FormatDate(day)}");

                var placeId = r.RequiredString("place");
                if (!known.ContainsKey(placeId)) throw r.Error("place", $"unknown place '{placeId}' (not in the merged places nor a history places file)");
                var placeName = r.RequiredString("place_name");
                var factionId = r.RequiredString("faction");
                if (!factionById.TryGetValue(factionId, out var faction))
                    throw r.Error("faction", $"unknown faction '{factionId}' (known: {string.Join(", ", factionById.Keys.Order(StringComparer.Ordinal))})");
                if (!faction.ExistsOn(day))
                    throw r.Error("faction", $"'{factionId}' did not exist on {FormatValues.FormatDate(day)} ({Interval(faction)})");

                var kind = r.RequiredString("kind");
                var status = r.RequiredString("status");
                if (kind is not ("capture" or "hold" or "contested")) throw r.Error("kind", $"expected capture, hold or contested, found '{kind}'");
                if (status is not ("confirmed" or "claimed")) throw r.Error("status", $"expected confirmed or claimed, found '{status}'");
                var claimant = r.OptionalString("claimant");
                if (status == "claimed" && claimant is null) throw r.Error("claimant", "required when status is 'claimed' (who makes the claim)");

                var url = r.RequiredString("url");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw r.Error("url", $"expected an absolute http(s) address, found '{url}'");
                var publisher = r.RequiredString("publisher");
                var title = r.RequiredString("title");
                var publishedText = r.RequiredString("published");
                DateTimeOffset? publishedAt = null;
                DateOnly published;
                if (FormatValues.TryParseDate(publishedText, out var pd)) published = pd;
                else if (FormatValues.TryParseInstant(publishedText, out var pi))
                {
                    publishedAt = pi.ToUniversalTime();
                    published = DateOnly.FromDateTime(publishedAt.Value.UtcDateTime);
                }
                else throw r.Error("published", $"expected YYYY-MM-DD or an RFC 3339 instant, found '{publishedText}'");
                if (day > published)
                    throw r.Error("date", $"{dateText} is after the report's publication ({FormatValues.FormatDate(published)})");
                var note = r.OptionalString("note");

                if (sources.TryGetValue(url, out var existing))
                {
                    var s = existing.Source;
                    if (s.Publisher != publisher) throw r.Error("publisher", $"'{publisher}' differs from '{s.Publisher}' given for the same url at {existing.Where}");
                    if (s.Title != title) throw r.Error("title", $"differs from the title given for the same url at {existing.Where}");
                    if (s.Published != published) throw r.Error("published", $"{FormatValues.FormatDate(published)} differs from {FormatValues.FormatDate(s.Published!.Value)} given for the same url at {existing.Where}");
                }
                else
                {
                    var source = new Source($"{IdPrefix}{Slug(publisher, 40)}-{FormatValues.FormatDate(published)}-{Hash(url)}", publisher, title, url, published);
                    sources[url] = (source, $"{file}:{line}");
                    sourceOrder.Add(source);
                }
                var sourceId = sources[url].Source.Id;

                var (changeKind, changeStatus, claimOf) = (kind, status) switch
                {
                    ("capture", "confirmed") => (ChangeKind.Capture, ChangeStatus.Held, ChangeStatus.Held),
                    ("capture", _) => (ChangeKind.Capture, ChangeStatus.Claimed, ChangeStatus.Held),
                    ("hold", "confirmed") => (ChangeKind.Confirmation, ChangeStatus.Held, ChangeStatus.Held),
                    ("hold", _) => (ChangeKind.Confirmation, ChangeStatus.Claimed, ChangeStatus.Held),
                    ("contested", "confirmed") => (ChangeKind.Capture, ChangeStatus.Contested, ChangeStatus.Held),
                    _ => (ChangeKind.Capture, ChangeStatus.Claimed, ChangeStatus.Contested),
                };
                DateTimeOffset recordedAt;
                if (publishedAt is { } at) recordedAt = at;
                else
                {
                    var n = perDay.GetValueOrDefault(published);
                    perDay[published] = n + 1;
                    recordedAt = new DateTimeOffset(published.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(n);
                }
                var id = $"{IdPrefix}{day:yyyy-MM-dd}-{placeId}-{factionId.ToLowerInvariant()}-{kind}-{Hash(url)}";
                if (!changeIds.Add(id))
                    throw r.Error("place", $"the same fact (date, place, faction, kind) from the same report is given twice (id '{id}')");
                var written = string.Equals(placeName, names[placeId], StringComparison.OrdinalIgnoreCase) ? null : $"written \"{placeName}\"";
                changes.Add(new ControlChange(id, placeId, factionId, new GroundTime(day, timeOfDay, dateTo), changeKind, changeStatus,
                    [new Citation(sourceId, claimant)], recordedAt, RecordedBy, ClaimOf: claimOf,
                    Note: written is null ? note : note is null ? written : $"{note} ({written})"));
            }
        }
        return new HistoryRead(sourceOrder.ToImmutable(), changes.ToImmutable(), extra.ToImmutable());
    }

    private static string Interval(Faction f) =>
        (f.ValidFrom, f.ValidTo) switch
        {
            ({ } a, { } b) => $"it exists from {FormatValues.FormatDate(a)} to {FormatValues.FormatDate(b)}",
            ({ } a, null) => $"it exists from {FormatValues.FormatDate(a)}",
            (null, { } b) => $"it exists until {FormatValues.FormatDate(b)}",
            _ => "it always exists",
        };

    /// <summary>First 8 hex digits of the SHA-256 of <paramref name="text"/>: a short, stable id part.</summary>
    internal static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    private static string Slug(string text, int max)
    {
        var slug = WikipediaMapImporter.Slug(text);
        return slug.Length <= max ? slug : slug[..max].TrimEnd('-');
    }
}
