using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Import;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.EmbeddedData;

/// <summary>
/// The embedded dataset (data/) is what <c>frontline build-data</c> makes of data/curated and ../shared: all of Syria with the
/// Wikipedia map's controllers of 2026-01-26 and 2026-01-30, the report facts and the curated history.
/// </summary>
public class FullDatasetTests
{
    private static readonly Lazy<DataBuildResult> Built = new(() => DataBuild.Run(SharedData.Path(), RepoPaths.InRepo("data", "curated")));

    [Fact]
    public void Building_from_the_curated_inputs_and_shared_data_gives_the_committed_data_and_fixture_byte_for_byte()
    {
        using var tmp = new SharedData.TempDir();
        DataBuild.Write(Built.Value, tmp.File("data"), tmp.File("reports"));
        // A second run from scratch writes the same bytes.
        DataBuild.Write(DataBuild.Run(SharedData.Path(), RepoPaths.InRepo("data", "curated")), tmp.File("again"), null);
        foreach (var file in Directory.GetFiles(tmp.File("data")).Select(Path.GetFileName))
        {
            var built = File.ReadAllBytes(tmp.File(Path.Combine("data", file!)));
            Assert.True(built.AsSpan().SequenceEqual(File.ReadAllBytes(RepoPaths.InRepo("data", file!))),
                $"data/{file} differs from the build's output: run 'frontline build-data --shared ../shared --out data --reports-out tests/data/reports' and commit");
            Assert.True(built.AsSpan().SequenceEqual(File.ReadAllBytes(tmp.File(Path.Combine("again", file!)))), $"two builds differ in {file}");
        }
        foreach (var file in Directory.GetFiles(tmp.File("reports")).Select(Path.GetFileName))
            Assert.True(File.ReadAllBytes(tmp.File(Path.Combine("reports", file!))).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(ReportsFixture.Directory, file!))),
                $"tests/data/reports/{file} differs from the build's output");
        Assert.Equal(7, Directory.GetFiles(tmp.File("data")).Length); // dataset.json, 4 NDJSON, boundary, ATTRIBUTION.md
    }

    [Theory]
    [InlineData("abu-az-zuhur", "Abu az Zuhur", 37.0448, 35.74058)]
    [InlineData("yabrud", "Yabrud", 36.65729, 33.96921)]
    [InlineData("ejaz-idlib", "Ejaz", 36.928553, 35.623502)]
    [InlineData("ocha-c4268", "Bazabur", 36.6148441, 35.7747819)]
    [InlineData("ocha-c3650", "Salmiyeh", 36.0739374, 35.237243)]
    [InlineData("ocha-c6320", "Sarab Kawkab", 40.8462445, 36.5112314)]
    [InlineData("wp-al-mashafi", "Al-Mashafi", 36.401, 32.397)]
    [InlineData("wp-shayman-ghaniman", "Shayman/Ghaniman", 37.4395, 34.7658)]
    [InlineData("wp-mazra-ah-as-suda-khirbah", "Mazra'ah as-Suda/Khirbah", 37.264, 36.663)]
    [InlineData("wp-qattinah-2", "Qattinah", 40.053, 36.808)]
    [InlineData("wp-shwaihan", "Shwaihan", 38.79, 35.632)]
    public void Place_ids_are_those_of_the_merged_places_the_history_readers_used(string id, string name, double lon, double lat)
    {
        var place = Assert.Single(EmbeddedDataset.Load().Places, p => p.Id == id);
        Assert.Equal(name, place.Name);
        Assert.Equal(lon, place.Lon);
        Assert.Equal(lat, place.Lat);
    }

    [Fact]
    public void The_places_are_the_curated_ones_then_the_OCHA_communities_then_the_Wikipedia_map_places()
    {
        var places = EmbeddedDataset.Load().Places;
        Assert.Equal(310, places.TakeWhile(p => !p.Id.StartsWith("ocha-", StringComparison.Ordinal)).Count());
        Assert.Equal(4_958, places.Count(p => p.Id.StartsWith("ocha-", StringComparison.Ordinal)));
        Assert.Equal(3_915, places.Count(p => p.Id.StartsWith("wp-", StringComparison.Ordinal)));
        Assert.InRange(places.Length, 9_000, 10_000);
        Assert.All(places.Where(p => p.Id.StartsWith("ocha-", StringComparison.Ordinal)), p => Assert.NotNull(p.Admin.Governorate));
    }

    [Fact]
    public void On_2026_01_30_every_place_the_Wikipedia_map_names_has_its_controller_and_the_factions_are_where_the_map_puts_them()
    {
        var timeline = new ControlTimeline(EmbeddedDataset.Load(), EmbeddedDataset.Version);
        var snapshot = timeline.Snapshot(new DateOnly(2026, 1, 30));
        var held = snapshot.Entries().Where(e => e.State.Status == PlaceStatus.Held).ToDictionary(e => e.Place.Id, e => timeline.Factions[e.State.Controller].Id);
        var mapped = timeline.Dataset.Changes.Where(c => c.Sources.Any(s => s.SourceId == "wikipedia-syria-detailed-map-2026-01-30")).ToList();
        Assert.InRange(mapped.Count, 6_100, 6_230);
        Assert.All(mapped, c => Assert.Equal(c.FactionId, held.GetValueOrDefault(c.PlaceId)));
        Assert.Equal("SDF", held["al-qamishli"]);
        Assert.Equal("Druze", held["as-suwayda"]);
        Assert.Equal("Israel", held["al-qunaytirah"]);
        Assert.Equal("SyrianGov2025", held["damascus"]);
        Assert.Contains("SNA", held.Values);
        var sources = timeline.Dataset.Sources.Where(s => s.Url == DataBuild.ModuleUrl).ToList();
        Assert.Equal([new DateOnly(2026, 1, 26), new DateOnly(2026, 1, 30)], sources.Select(s => s.Published!.Value).Order());
    }

    [Fact]
    public void The_report_facts_are_in_the_full_dataset_too()
    {
        var timeline = new ControlTimeline(EmbeddedDataset.Load(), EmbeddedDataset.Version);
        var state = timeline.Snapshot(new DateOnly(2019, 12, 2)).Entries().Single(e => e.Place.Id == "ejaz-idlib").State;
        Assert.Equal(PlaceStatus.Contested, state.Status);
    }

    [Fact]
    public void No_source_url_is_one_reserved_for_blind_evaluation()
    {
        // Membership only: the reserved list is never printed or otherwise used.
        var reserved = File.ReadLines(SharedData.Path("reports", "reserved-urls.txt")).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var urls = EmbeddedDataset.Load().Sources.Concat(Built.Value.Full.Sources).Where(s => s.Url is not null).ToList();
        var hits = urls.Where(s => reserved.Contains(s.Url!) || reserved.Contains(s.Url!.TrimEnd('/')) || reserved.Contains(s.Url + "/")).Select(s => s.Id).Distinct().ToList();
        Assert.True(hits.Count == 0, $"{hits.Count} sources cite a reserved report; remove them: {string.Join(", ", hits)}");
    }

    [Fact]
    public void One_alias_never_names_two_factions()
    {
        // The ingester's faction lookup does not look at dates, so aliases are unique across all factions, not only among
        // factions that exist at the same time.
        var factions = EmbeddedDataset.Load().Factions;
        var owners = factions.SelectMany(f => f.Aliases.Append(f.Name).Append(f.Id).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => (Alias: a, f.Id)))
            .GroupBy(x => x.Alias, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(x => x.Id).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(owners);
    }

    [Fact]
    public void The_government_formed_in_December_2024_succeeds_HTS_and_the_Assad_government_ends_then()
    {
        var f = EmbeddedDataset.Load().Factions.ToDictionary(x => x.Id);
        Assert.Equal(new DateOnly(2024, 12, 8), f["SAA"].ValidTo);
        Assert.Equal(new DateOnly(2024, 12, 8), f["SyrianGov2025"].ValidFrom);
        Assert.Equal("SyrianGov2025", f["HTS"].SucceededBy);
        Assert.Equal("SDF", f["YPG"].SucceededBy);
        Assert.Equal(new DateOnly(2015, 10, 10), f["YPG"].ValidTo);
        Assert.Equal(f["SDF"].ValidFrom, f["YPG"].ValidTo);
        Assert.Contains("YPG", f["YPG"].Aliases);
        Assert.DoesNotContain("YPG", f["SDF"].Aliases);
        Assert.True(f.ContainsKey("Druze") && f.ContainsKey("Israel"));
        // HTS and the SNA: allied from the joint operations room of 2019 on, not before.
        var all = EmbeddedDataset.Load().Factions;
        var index = all.Select((x, i) => (x.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var calendar = new AllianceCalendar(all, index);
        Assert.False(calendar.On(new DateOnly(2018, 6, 1)).AreAllied(index["HTS"], index["SNA"]));
        Assert.True(calendar.On(new DateOnly(2019, 12, 2)).AreAllied(index["HTS"], index["SNA"]));
        Assert.True(calendar.On(new DateOnly(2026, 1, 30)).AreAllied(index["SyrianGov2025"], index["SNA"]));
        Assert.False(calendar.On(new DateOnly(2026, 1, 30)).AreAllied(index["SyrianGov2025"], index["SDF"]));
    }
}
