using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Testing;

/// <summary>
/// Villages laid out as a picture, one character a village, about 5 km apart near Saraqib (the outer ring of a grid reaches the
/// edge of the data's ground, so its cells are open). Each lettered village is recorded on <see cref="Recorded"/>'s valid day,
/// 2019-12-01: <c>A</c> held by SAA, <c>B</c> held by HTS, <c>R</c> held by Russia (allied with SAA), <c>a</c> claimed by SAA,
/// <c>x</c> contested; <c>.</c>: no report.
/// </summary>
internal static class PictureGrid
{
    public static readonly DateOnly ValidDay = new(2019, 12, 1);
    public static readonly DateTimeOffset Recorded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The id of the village in column <paramref name="col"/> and row <paramref name="row"/> (row 0 is the north).</summary>
    public static string Id(int col, int row) => $"p{col}_{row}";

    /// <summary>Position of a village.</summary>
    public static (double Lon, double Lat) Position(int col, int row) => (36.60 + col * 0.055, 35.80 - row * 0.045);

    /// <summary>The dataset of <paramref name="picture"/>, plus <paramref name="more"/> records.</summary>
    public static Dataset Of(string[] picture, IEnumerable<ControlChange>? more = null)
    {
        var factions = ImmutableArray.Create(
            new Faction("SAA", "Government", "SAA", "#d7301f", [], Allies: ["Russia"]),
            new Faction("HTS", "HTS", "HTS", "#4a6fa5", []),
            new Faction("Russia", "Russia", "Russia", "#7f0000", [], Allies: ["SAA"]));
        var places = new List<Place>();
        var changes = new List<ControlChange>();
        for (var row = 0; row < picture.Length; row++)
            for (var col = 0; col < picture[row].Length; col++)
            {
                var id = Id(col, row);
                var (lon, lat) = Position(col, row);
                places.Add(new Place(id, id, [], PlaceKind.Village, lon, lat, AdminUnits.None));
                (string Faction, ChangeStatus Status)? state = picture[row][col] switch
                {
                    'A' => ("SAA", ChangeStatus.Held),
                    'B' => ("HTS", ChangeStatus.Held),
                    'R' => ("Russia", ChangeStatus.Held),
                    'a' => ("SAA", ChangeStatus.Claimed),
                    'x' => ("HTS", ChangeStatus.Contested),
                    '.' => null,
                    var c => throw new ArgumentException($"unknown cell '{c}'"),
                };
                if (state is { } s)
                    changes.Add(new ControlChange($"c{id}", id, s.Faction, new GroundTime(ValidDay), ChangeKind.Capture, s.Status,
                        [new Citation("s")], Recorded.AddSeconds(changes.Count), "test"));
            }
        changes.AddRange(more ?? []);
        return new Dataset(new DatasetInfo("picture grid", ["test"]), factions, [.. places], [new Source("s", "p", "t", null, null)], [.. changes]);
    }
}
