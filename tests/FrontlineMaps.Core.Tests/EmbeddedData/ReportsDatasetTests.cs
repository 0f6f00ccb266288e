using System.Text.Json;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.EmbeddedData;

/// <summary>The reports dataset (tests/data/reports, the facts of the five reports) says what the reports say, and the CLI shows it.</summary>
public class ReportsDatasetTests
{
    [Fact]
    public void On_2019_12_02_Ejaz_is_contested_between_the_government_and_the_opposition_because_the_reports_disagree()
    {
        var r = CliRunner.Run("snapshot", "--at", "2019-12-02", "--layer", "places");
        Assert.Equal(0, r.ExitCode);
        var ejaz = r.FeaturesById()["ejaz-idlib"];
        Assert.Equal("contested", ejaz.GetProperty("status").GetString());
        Assert.Equal(["SAA", "SNA"], ejaz.Strings("factions"));
        Assert.Equal("2019-12-01", ejaz.GetProperty("since").GetString());
        Assert.Contains("Ajaz", ejaz.Strings("names"));
        Assert.Contains("Ajaaz", ejaz.Strings("names"));
    }

    [Fact]
    public void On_2020_12_25_Ain_Issa_is_held_by_the_SDF_and_the_villages_around_it_are_only_claimed()
    {
        var features = CliRunner.Run("snapshot", "--at", "2020-12-25").FeaturesById();
        var ainIssa = features["ain-issa-raqqa"];
        Assert.Equal("SDF", ainIssa.GetProperty("faction").GetString());
        Assert.Equal("held", ainIssa.GetProperty("status").GetString());
        Assert.Equal("2020-12-24", ainIssa.GetProperty("last_confirmed").GetString());
        Assert.Equal("claimed", features["mushairfeh-raqqa"].GetProperty("status").GetString());
        Assert.Equal("SNA", features["mushairfeh-raqqa"].GetProperty("faction").GetString());
        Assert.Equal("claimed", features["jehbel-raqqa"].GetProperty("status").GetString());
        Assert.True(features["jehbel-raqqa"].GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public void At_the_end_of_2015_10_14_Ahras_is_back_with_the_rebels_after_ISIS_held_it_for_hours()
    {
        var ahras = CliRunner.Run("snapshot", "--at", "2015-10-14").FeaturesById()["ahras-aleppo"];
        Assert.Equal("Rebels", ahras.GetProperty("faction").GetString());
        Assert.Equal("held", ahras.GetProperty("status").GetString());
        var history = CliRunner.Run("history", "ahras-aleppo", "--format", "geojson").FeaturesById();
        Assert.Equal(["ISIS", "Rebels"], history.Values.Select(c => c.GetProperty("faction").GetString()!).ToArray());
    }

    [Fact]
    public void Before_any_report_every_place_is_unknown()
    {
        var features = CliRunner.Run("snapshot", "--at", "2015-01-01").FeaturesById();
        Assert.All(features.Values, f => Assert.Equal("unknown", f.GetProperty("status").GetString()));
        Assert.True(features.Count > 250);
    }

    [Fact]
    public void The_map_as_published_before_the_editors_recorded_the_reports_is_empty()
    {
        var features = CliRunner.Run("snapshot", "--at", "2020-12-31", "--known-at", "2026-11-21").FeaturesById();
        Assert.All(features.Values, f => Assert.Equal("unknown", f.GetProperty("status").GetString()));
    }

    [Fact]
    public void Every_control_fact_in_the_annotated_reports_is_a_change_in_the_reports_dataset_with_its_source()
    {
        var dataset = ReportsFixture.Load();
        var names = new PlaceNameIndex(dataset.Places);
        var sources = dataset.Sources.ToDictionary(s => s.Id);
        using var reports = JsonDocument.Parse(File.ReadAllText(RepoPaths.Shared("reports", "reports.json")));
        var titleOf = reports.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("file").GetString()!, r => r.GetProperty("title").GetString()!);
        using var annotations = JsonDocument.Parse(File.ReadAllText(RepoPaths.Shared("reports", "annotations.json")));
        var checkedFacts = 0;
        foreach (var report in annotations.RootElement.GetProperty("reports").EnumerateArray())
        {
            var title = titleOf[report.GetProperty("file").GetString()!];
            foreach (var fact in report.GetProperty("facts").EnumerateArray())
            {
                var placeName = fact.GetProperty("place").GetString()!;
                var candidates = names.Find(placeName).Select(p => p.Id).ToHashSet();
                Assert.True(candidates.Count > 0, $"no place is called '{placeName}'");
                var factions = new List<string> { fact.GetProperty("faction").GetString()! };
                if (fact.TryGetProperty("also_acceptable_faction", out var also)) factions.AddRange(also.EnumerateArray().Select(a => a.GetString()!));
                var date = DateOnly.Parse(fact.GetProperty("date").GetString()!);
                var claimed = fact.GetProperty("status").GetString() == "claimed";
                var match = dataset.Changes.Where(c => candidates.Contains(c.PlaceId) && c.ValidTime.Day == date && factions.Contains(c.FactionId!)
                        && (c.Status == Domain.ChangeStatus.Claimed) == claimed
                        && c.Sources.Any(s => sources[s.SourceId].Title == title))
                    .ToList();
                Assert.True(match.Count >= 1, $"no change for {placeName} / {string.Join('|', factions)} on {date} citing '{title}'");
                if (fact.TryGetProperty("claimant", out var claimant) && claimant.ValueKind == JsonValueKind.String)
                    Assert.Contains(match, c => c.Sources.Any(s => s.Claimant == claimant.GetString()));
                checkedFacts++;
            }
        }
        Assert.Equal(dataset.Changes.Length, checkedFacts);
    }

    [Fact]
    public void Namesakes_in_other_governorates_are_separate_places()
    {
        var names = new PlaceNameIndex(ReportsFixture.Load().Places);
        var mushairfeh = names.Find("al-Mushairfeh").Concat(names.Find("al-Mshairfeh")).Select(p => p.Id).Distinct().ToList();
        Assert.Contains("mushairfeh-raqqa", mushairfeh);
        Assert.Contains("mushairfeh-idlib", mushairfeh);
        var ejaz = new[] { "Ejaz", "Ajaz", "Ajaaz", "A'jaz", "Ijaz" }.Select(n => Assert.Single(names.Find(n)).Id).Distinct();
        Assert.Equal(["ejaz-idlib"], ejaz);
    }
}
