using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Testing;

/// <summary>
/// A 4 x 3 grid of villages 5 km apart: the west half captured by SAA and the east half by SDF on 2015-12-01, with no control
/// change after that, so only an alliance can change the fronts. <see cref="Allied"/>: SDF declares SAA an ally on
/// [<see cref="From"/>, <see cref="To"/>).
/// </summary>
internal static class AllianceGrid
{
    public static readonly DateOnly From = new(2016, 1, 1);
    public static readonly DateOnly To = new(2018, 6, 1);
    private static readonly DateTimeOffset Recorded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The grid with the given alliances of each side.</summary>
    public static Dataset With(ImmutableArray<Alliance> saaAllies = default, ImmutableArray<Alliance> sdfAllies = default)
    {
        var factions = ImmutableArray.Create(
            new Faction("SAA", "Syrian Arab Army", "SAA", "#cc0000", [], Allies: saaAllies.IsDefault ? [] : saaAllies),
            new Faction("SDF", "Syrian Democratic Forces", "SDF", "#ffcc00", [], Allies: sdfAllies.IsDefault ? [] : sdfAllies));
        var places = new List<Place>();
        var changes = new List<ControlChange>();
        for (var col = 0; col < 4; col++)
            for (var row = 0; row < 3; row++)
            {
                var id = $"p{col}{row}";
                places.Add(new Place(id, id, [], PlaceKind.Village, 36.60 + col * 0.055, 35.80 + row * 0.045, AdminUnits.None));
                changes.Add(new ControlChange($"c{id}", id, col < 2 ? "SAA" : "SDF", new GroundTime(new DateOnly(2015, 12, 1)), ChangeKind.Capture,
                    ChangeStatus.Held, [new Citation("s")], Recorded.AddSeconds(changes.Count), "test"));
            }
        return new Dataset(new DatasetInfo("alliance grid", ["test"]), factions, [.. places], [new Source("s", "p", "t", null, null)], [.. changes]);
    }

    /// <summary>SDF declares SAA an ally on [<see cref="From"/>, <see cref="To"/>).</summary>
    public static Dataset Allied() => With(sdfAllies: [new Alliance("SAA", From, To)]);
}
