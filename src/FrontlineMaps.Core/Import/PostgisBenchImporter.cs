using System.Collections.Immutable;
using System.Globalization;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import;

/// <summary>
/// Reads the PostGIS benchmark set (<c>../shared/bench/postgis</c>) as exported by <c>bench/postgis-setup.sh</c>:
/// <c>villages.csv</c> (<c>id,lon,lat</c>: the <c>villages</c> table, WGS 84) and <c>events.csv</c>
/// (<c>village_id,t,faction</c>: <c>control_events_c</c>, ordered by village and date), both without a header
/// (a header row with those names is accepted too).
/// </summary>
/// <remarks>
/// Village <c>N</c> becomes place <c>vN</c> ("Village N"); faction number <c>k</c> (1..6) becomes faction <c>Fk</c>; every
/// event becomes a capture held on its date, citing the one source <see cref="SourceId"/>, recorded at <see cref="RecordedAt"/>
/// (a fixed instant after the last date of the set), with ids <c>e0000001</c>... in file order. Each village has at most one
/// event a day (the set's <c>dedupe.sql</c> guarantees it), and its events must be in date order.
/// </remarks>
public static class PostgisBenchImporter
{
    /// <summary>Name of the places file in the input directory.</summary>
    public const string VillagesFile = "villages.csv";

    /// <summary>Name of the control events file in the input directory.</summary>
    public const string EventsFile = "events.csv";

    /// <summary>Id of the source every change cites.</summary>
    public const string SourceId = "postgis-bench";

    /// <summary>Number of factions in the set (faction numbers 1..6).</summary>
    public const int FactionCount = 6;

    /// <summary>The transaction time of every change: the day after the set's last possible date, midnight UTC.</summary>
    public static readonly DateTimeOffset RecordedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Colors = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4"];

    /// <summary>Reads <c>villages.csv</c> and <c>events.csv</c> from <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding both files (e.g. <c>bench/out</c>).</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The dataset: factions F1..F6, one source, the villages and their captures.</returns>
    /// <exception cref="ImportException">A row is malformed; the message names the file, line and field.</exception>
    public static Dataset Read(string directory, string recordedBy = "import")
    {
        using var villages = File.OpenRead(Path.Combine(directory, VillagesFile));
        using var events = File.OpenRead(Path.Combine(directory, EventsFile));
        return Read(villages, VillagesFile, events, EventsFile, recordedBy);
    }

    /// <summary>Reads the two CSV files from streams.</summary>
    /// <param name="villages">villages.csv (UTF-8).</param>
    /// <param name="villagesName">Its name in error messages.</param>
    /// <param name="events">events.csv (UTF-8).</param>
    /// <param name="eventsName">Its name in error messages.</param>
    /// <param name="recordedBy">Editor named in the changes.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ImportException">A row is malformed; the message names the file, line and field.</exception>
    public static Dataset Read(Stream villages, string villagesName, Stream events, string eventsName, string recordedBy = "import")
    {
        ArgumentNullException.ThrowIfNull(villages);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var (places, index) = ReadVillages(villages, villagesName);
        var changes = ReadEvents(events, eventsName, places, index, recordedBy);

        var factions = Enumerable.Range(1, FactionCount).Select(k => new Faction(FactionId(k), $"Faction {k}", $"F{k}", Colors[k - 1], [], Allies: []))
            .ToImmutableArray();
        var source = new Source(SourceId, "FrontlineMaps bench", "PostGIS benchmark set (../shared/bench/postgis, control_events_c)", null, null);
        var info = new DatasetInfo($"PostGIS benchmark set ({places.Length} villages, {changes.Length} events)", []);
        return new Dataset(info, factions, places, [source], changes);
    }

    /// <summary>The faction id of faction number <paramref name="number"/> (1..6): <c>F1</c>..<c>F6</c>.</summary>
    public static string FactionId(int number) => "F" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The place id of village <paramref name="villageId"/>: <c>v</c> followed by the number.</summary>
    public static string PlaceId(long villageId) => "v" + villageId.ToString(CultureInfo.InvariantCulture);

    private static (ImmutableArray<Place>, Dictionary<long, int>) ReadVillages(Stream stream, string file)
    {
        var places = ImmutableArray.CreateBuilder<Place>();
        var index = new Dictionary<long, int>();
        foreach (var (line, fields) in Rows(stream, file, ["id", "lon", "lat"]))
        {
            ImportException Bad(string field, string detail) => new(file, line, field, detail);
            if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id <= 0)
                throw Bad("id", $"'{fields[0]}' is not a positive integer");
            if (!index.TryAdd(id, places.Count)) throw Bad("id", $"duplicate village {id}");
            double lon = Coordinate(fields[1], -180, 180) ?? throw Bad("lon", $"'{fields[1]}' is not a longitude");
            double lat = Coordinate(fields[2], -90, 90) ?? throw Bad("lat", $"'{fields[2]}' is not a latitude");
            places.Add(new Place(PlaceId(id), "Village " + id.ToString(CultureInfo.InvariantCulture), [], PlaceKind.Village, lon, lat, AdminUnits.None));
        }
        if (places.Count == 0) throw new ImportException(file, 0, null, "no villages");
        return (places.ToImmutable(), index);
    }

    private static ImmutableArray<ControlChange> ReadEvents(Stream stream, string file, ImmutableArray<Place> places, Dictionary<long, int> index, string recordedBy)
    {
        var changes = ImmutableArray.CreateBuilder<ControlChange>();
        var lastDay = new DateOnly?[places.Length];
        ImmutableArray<Citation> citations = [new Citation(SourceId)];
        var factionIds = Enumerable.Range(0, FactionCount + 1).Select(FactionId).ToArray();
        foreach (var (line, fields) in Rows(stream, file, ["village_id", "t", "faction"]))
        {
            ImportException Bad(string field, string detail) => new(file, line, field, detail);
            if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long villageId) || !index.TryGetValue(villageId, out int place))
                throw Bad("village_id", $"no village '{fields[0]}' in the villages file");
            if (!DateOnly.TryParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw Bad("t", $"'{fields[1]}' is not a YYYY-MM-DD date");
            if (lastDay[place] is { } previous && day <= previous)
                throw Bad("t", $"village {villageId} already has an event on or after {previous:yyyy-MM-dd}");
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int faction) || faction < 1 || faction > FactionCount)
                throw Bad("faction", $"'{fields[2]}' is not a faction number 1..{FactionCount}");
            lastDay[place] = day;
            string id = "e" + (changes.Count + 1).ToString(CultureInfo.InvariantCulture).PadLeft(7, '0');
            changes.Add(new ControlChange(id, places[place].Id, factionIds[faction], new GroundTime(day), ChangeKind.Capture, ChangeStatus.Held,
                citations, RecordedAt, recordedBy));
        }
        return changes.ToImmutable();
    }

    // Yields (1-based line, three trimmed fields) for every non-empty line; skips a header equal to `header`.
    private static IEnumerable<(long Line, string[] Fields)> Rows(Stream stream, string file, string[] header)
    {
        using var reader = new StreamReader(stream);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0 || (line == 1 && text.StartsWith('\uFEFF') && text.Length == 1)) continue;
            var fields = text.TrimStart('\uFEFF').Split(',');
            if (fields.Length != header.Length)
                throw new ImportException(file, line, null, $"expected {header.Length} fields ({string.Join(",", header)}), found {fields.Length}");
            for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
            if (line == 1 && fields.SequenceEqual(header, StringComparer.Ordinal)) continue;
            yield return (line, fields);
        }
    }

    private static double? Coordinate(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max ? v : null;
}
