using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import;

/// <summary>
/// Reads the Ukraine village-level control history (<c>data/ukraine/places.csv</c> and <c>changes.csv</c>: DeepStateMap
/// front-line polygons classified over GeoNames places) into a dataset.
/// </summary>
/// <remarks>
/// Places get the id <c>gn-GEONAMEID</c>, the GeoNames name, the ASCII name and the alternate names as alternates, the
/// oblast as governorate, the population, and a kind from it (100,000 and more a city, 10,000 a town, else a village).
/// Each <c>changes.csv</c> row becomes a capture valid on its date: <c>RU</c> and <c>UA</c> held by that faction;
/// <c>contested</c> (DeepStateMap's grey zone) contested by the side opposing the last holder, or by <c>RU</c> on the first
/// day, when there is no earlier holder. The transaction time is the snapshot's publication instant (its file name is
/// UTC unix seconds), and the snapshot is named in the note. Every change cites one source describing the data's provenance.
/// Rows must be in date order per place, each place at most once a day.
/// </remarks>
public static class UkraineHistoryImporter
{
    /// <summary>Faction id of Ukraine.</summary>
    public const string Ukraine = "UA";

    /// <summary>Faction id of Russia.</summary>
    public const string Russia = "RU";

    /// <summary>Id of the source every change cites.</summary>
    public const string SourceId = "deepstatemap-history";

    private static readonly string[] PlaceHeader = ["geonameid", "name", "asciiname", "lat", "lon", "admin1", "population", "alternatenames"];
    private static readonly string[] ChangeHeader = ["date", "geonameid", "status", "snapshot"];

    private static readonly Dictionary<string, string> Oblasts = new(StringComparer.Ordinal)
    {
        ["01"] = "Cherkasy", ["02"] = "Chernihiv", ["03"] = "Chernivtsi", ["04"] = "Dnipropetrovsk", ["05"] = "Donetsk",
        ["06"] = "Ivano-Frankivsk", ["07"] = "Kharkiv", ["08"] = "Kherson", ["09"] = "Khmelnytskyi", ["10"] = "Kirovohrad",
        ["11"] = "Crimea", ["12"] = "Kyiv city", ["13"] = "Kyiv oblast", ["14"] = "Luhansk", ["15"] = "Lviv", ["16"] = "Mykolaiv",
        ["17"] = "Odesa", ["18"] = "Poltava", ["19"] = "Rivne", ["20"] = "Sevastopol", ["21"] = "Sumy", ["22"] = "Ternopil",
        ["23"] = "Vinnytsia", ["24"] = "Volyn", ["25"] = "Zakarpattia", ["26"] = "Zaporizhzhia", ["27"] = "Zhytomyr",
    };

    /// <summary>Reads <c>places.csv</c> and <c>changes.csv</c> from <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding both files.</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The dataset: factions UA and RU, one source, the places and the changes in file order.</returns>
    /// <exception cref="ImportException">A row is malformed; the message names the file, line and field.</exception>
    public static Dataset Read(string directory, string recordedBy = "import")
    {
        using var places = File.OpenRead(Path.Combine(directory, "places.csv"));
        using var changes = File.OpenRead(Path.Combine(directory, "changes.csv"));
        return Read(places, "places.csv", changes, "changes.csv", recordedBy);
    }

    /// <summary>Reads the two CSV files from streams.</summary>
    /// <param name="places">places.csv (UTF-8).</param>
    /// <param name="placesName">Its name in error messages.</param>
    /// <param name="changes">changes.csv (UTF-8).</param>
    /// <param name="changesName">Its name in error messages.</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ImportException">A row is malformed; the message names the file, line and field.</exception>
    public static Dataset Read(Stream places, string placesName, Stream changes, string changesName, string recordedBy = "import")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var placeList = ReadPlaces(places, placesName);
        var byGeonameId = new Dictionary<string, int>(placeList.Length, StringComparer.Ordinal);
        for (int i = 0; i < placeList.Length; i++) byGeonameId[placeList[i].Id] = i;
        var changeList = ReadChanges(changes, changesName, byGeonameId, placeList.Length, recordedBy);

        var factions = ImmutableArray.Create(
            new Faction(Ukraine, "Armed Forces of Ukraine", "Ukraine", "#0057b7", ["ZSU"], Allies: []),
            new Faction(Russia, "Armed Forces of the Russian Federation", "Russia", "#a52714", ["Russian forces"], Allies: []));
        var source = new Source(SourceId, "DeepStateMap (archive DanielRose2310/deepstatemaps-history, commit df633a1)",
            "DeepStateMap daily front-line polygons 2022-04-03..2025-08-03, classified over GeoNames cities500 places of Ukraine",
            "https://github.com/DanielRose2310/deepstatemaps-history", new DateOnly(2025, 8, 5), PublishedIsInferred: true);
        var info = new DatasetInfo("Ukraine village control (DeepStateMap × GeoNames, 2022–2025)",
            ["GeoNames, geonames.org (CC BY 4.0)", "DeepStateMap (deepstatemap.live): no open licence, private testing only"]);
        return new Dataset(info, factions, placeList, [source], changeList);
    }

    private static CsvReader OpenCsv(Stream stream, string file, string[] header)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true, DetectColumnCountChanges = true };
        var csv = new CsvReader(new StreamReader(stream), config);
        if (!csv.Read() || !csv.ReadHeader()) throw new ImportException(file, 1, null, "the file is empty");
        var actual = csv.HeaderRecord ?? [];
        if (!actual.SequenceEqual(header, StringComparer.Ordinal))
            throw new ImportException(file, 1, null, $"header must be '{string.Join(",", header)}', not '{string.Join(",", actual)}'");
        return csv;
    }

    // Reads a row, turning CsvHelper's own errors (bad quoting, wrong column count) into ImportException.
    private static bool NextRow(CsvReader csv, string file)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvHelperException e)
        {
            throw new ImportException(file, (e.Context?.Parser?.RawRow ?? 0), null, "malformed CSV row", e);
        }
    }

    private static ImmutableArray<Place> ReadPlaces(Stream stream, string file)
    {
        using var csv = OpenCsv(stream, file, PlaceHeader);
        var places = ImmutableArray.CreateBuilder<Place>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (NextRow(csv, file))
        {
            long line = csv.Parser.RawRow;
            string Field(int i) => csv.GetField(i)?.Trim() ?? "";
            ImportException Bad(string field, string detail) => new(file, line, field, detail);

            string geonameId = Field(0);
            if (!long.TryParse(geonameId, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw Bad("geonameid", $"'{geonameId}' is not a GeoNames id");
            string id = "gn-" + geonameId;
            if (!ids.Add(id)) throw Bad("geonameid", $"duplicate id {geonameId}");
            string name = Field(1);
            if (name.Length == 0) throw Bad("name", "must not be empty");
            string ascii = Field(2);
            double lat = Coordinate(Field(3), -90, 90) ?? throw Bad("lat", $"'{Field(3)}' is not a latitude");
            double lon = Coordinate(Field(4), -180, 180) ?? throw Bad("lon", $"'{Field(4)}' is not a longitude");
            string admin1 = Field(5);
            if (!Oblasts.TryGetValue(admin1, out var oblast)) throw Bad("admin1", $"unknown admin1 code '{admin1}'");
            string populationText = Field(6);
            int? population = null;
            if (populationText.Length > 0)
            {
                if (!int.TryParse(populationText, NumberStyles.None, CultureInfo.InvariantCulture, out int p)) throw Bad("population", $"'{populationText}' is not a population");
                population = p;
            }

            var alternates = ImmutableArray.CreateBuilder<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { name };
            if (ascii.Length > 0 && seen.Add(ascii)) alternates.Add(ascii);
            foreach (var alt in Field(7).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (seen.Add(alt)) alternates.Add(alt);
            var kind = population switch { >= 100_000 => PlaceKind.City, >= 10_000 => PlaceKind.Town, _ => PlaceKind.Village };
            places.Add(new Place(id, name, alternates.ToImmutable(), kind, lon, lat, new AdminUnits(oblast, null, null, null), population,
                Note: "GeoNames " + geonameId));
        }
        return places.ToImmutable();
    }

    private static double? Coordinate(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max ? v : null;

    private static ImmutableArray<ControlChange> ReadChanges(Stream stream, string file, Dictionary<string, int> places, int placeCount, string recordedBy)
    {
        using var csv = OpenCsv(stream, file, ChangeHeader);
        var changes = ImmutableArray.CreateBuilder<ControlChange>();
        var lastDay = new DateOnly?[placeCount];
        var lastHolder = new string?[placeCount];
        ImmutableArray<Citation> citations = [new Citation(SourceId)];
        while (NextRow(csv, file))
        {
            long line = csv.Parser.RawRow;
            string Field(int i) => csv.GetField(i)?.Trim() ?? "";
            ImportException Bad(string field, string detail) => new(file, line, field, detail);

            string dateText = Field(0);
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) throw Bad("date", $"'{dateText}' is not a YYYY-MM-DD date");
            string geonameId = Field(1);
            if (!places.TryGetValue("gn-" + geonameId, out int place)) throw Bad("geonameid", $"no place {geonameId} in places.csv");
            if (lastDay[place] is { } previous && date <= previous) throw Bad("date", $"place {geonameId} already has a change on or after {date:yyyy-MM-dd}");
            string snapshot = Field(3);
            if (!snapshot.EndsWith(".geojson", StringComparison.Ordinal)
                || !long.TryParse(snapshot.AsSpan(0, snapshot.Length - ".geojson".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long unix)
                || unix > 253_402_300_799)
                throw Bad("snapshot", $"'{snapshot}' is not <unix seconds>.geojson");
            var published = DateTimeOffset.FromUnixTimeSeconds(unix);
            if (DateOnly.FromDateTime(published.UtcDateTime) != date) throw Bad("snapshot", $"'{snapshot}' was not published on {date:yyyy-MM-dd}");

            string status = Field(2);
            (string faction, ChangeStatus changeStatus, string note) = status switch
            {
                "RU" => (Russia, ChangeStatus.Held, "snapshot " + snapshot),
                "UA" => (Ukraine, ChangeStatus.Held, "snapshot " + snapshot),
                "contested" => (lastHolder[place] == Russia ? Ukraine : Russia, ChangeStatus.Contested, "grey zone in snapshot " + snapshot),
                _ => throw Bad("status", $"'{status}' is not RU, UA or contested"),
            };
            if (changeStatus == ChangeStatus.Held) lastHolder[place] = faction;
            lastDay[place] = date;
            string id = string.Create(CultureInfo.InvariantCulture, $"ua-{changes.Count + 1:D6}");
            changes.Add(new ControlChange(id, "gn-" + geonameId, faction, new GroundTime(date), ChangeKind.Capture, changeStatus, citations,
                published, recordedBy, Note: note));
        }
        return changes.ToImmutable();
    }
}
