using System.Diagnostics;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Import;

public sealed class UkraineHistoryImporterTests(ITestOutputHelper output)
{
    private static string Dir => SharedData.Path("data", "ukraine");

    [Fact]
    public void The_Ukraine_files_give_2851_places_and_their_changes()
    {
        var sw = Stopwatch.StartNew();
        var d = UkraineHistoryImporter.Read(Dir);
        output.WriteLine($"Ukraine: {d.Places.Length} places, {d.Changes.Length} changes in {sw.Elapsed.TotalMilliseconds:F0} ms");

        int rows = File.ReadLines(Path.Combine(Dir, "changes.csv")).Skip(1).Count(l => l.Length > 0);
        Assert.Equal(2851, d.Places.Length);
        Assert.Equal(rows, d.Changes.Length);
        Assert.Equal(["UA", "RU"], d.Factions.Select(f => f.Id));
        Assert.Equal(2, d.Factions.Select(f => f.Color).Distinct().Count());
        var source = Assert.Single(d.Sources);
        Assert.Contains("DeepStateMap", source.Publisher, StringComparison.Ordinal);
        Assert.Contains("GeoNames, geonames.org (CC BY 4.0)", d.Info.Attribution);

        // Every place has its initial state on the first day.
        var first = new DateOnly(2022, 4, 3);
        Assert.Equal(2851, d.Changes.Count(c => c.ValidTime.Day == first));
        Assert.Equal(d.Places.Select(p => p.Id).Order(), d.Changes.Where(c => c.ValidTime.Day == first).Select(c => c.PlaceId).Order());

        // Replaying the log reproduces the per-day totals of days.csv (the dataset's own aggregate check).
        var state = new Dictionary<string, string>();
        var byDay = d.Changes.GroupBy(c => c.ValidTime.Day).ToDictionary(g => g.Key, g => g.ToList());
        int checkedDays = 0;
        foreach (var line in File.ReadLines(Path.Combine(Dir, "days.csv")).Skip(1))
        {
            var f = line.Split(',');
            var day = DateOnly.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture);
            foreach (var c in byDay.GetValueOrDefault(day) ?? []) state[c.PlaceId] = c.Status == ChangeStatus.Contested ? "contested" : c.FactionId!;
            Assert.Equal((int.Parse(f[2]), int.Parse(f[3]), int.Parse(f[4])),
                (state.Values.Count(v => v == "RU"), state.Values.Count(v => v == "contested"), state.Values.Count(v => v == "UA")));
            checkedDays++;
        }
        Assert.True(checkedDays > 1000);

        // README sanity check: Kherson (706448) is Ukrainian again on 2022-11-11.
        var kherson = d.Changes.Where(c => c.PlaceId == "gn-706448").ToList();
        Assert.Equal((UkraineHistoryImporter.Ukraine, new DateOnly(2022, 11, 11)), (kherson[^1].FactionId, kherson[^1].ValidTime.Day));
        Assert.Equal("Kherson", d.Places.Single(p => p.Id == "gn-706448").Admin.Governorate);
    }

    [Theory]
    [InlineData("places.csv", "505257,", "505257x,", "geonameid")]
    [InlineData("places.csv", ",46.91495,", ",146.91495,", "lat")]
    [InlineData("changes.csv", "2022-04-03,505257,RU", "2022-04-03,505257,XX", "status")]
    [InlineData("changes.csv", "2022-04-03,505257,RU", "2022-04-03,999999999,RU", "geonameid")]
    [InlineData("changes.csv", "2022-04-03,505257,RU", "2022-13-03,505257,RU", "date")]
    public void A_corrupted_copy_fails_with_file_line_and_field(string file, string find, string replace, string field)
    {
        using var dir = new SharedData.TempDir();
        foreach (var name in new[] { "places.csv", "changes.csv" }) File.Copy(Path.Combine(Dir, name), dir.File(name));
        var lines = File.ReadAllLines(dir.File(file));
        int index = Array.FindIndex(lines, l => l.Contains(find, StringComparison.Ordinal));
        Assert.True(index > 0, $"'{find}' not in {file}");
        lines[index] = lines[index].Replace(find, replace, StringComparison.Ordinal);
        File.WriteAllLines(dir.File(file), lines);

        var e = Assert.Throws<ImportException>(() => UkraineHistoryImporter.Read(dir.FullName));
        Assert.Equal((file, index + 1L, field), (e.File, e.Line, e.Field));
        Assert.StartsWith($"{file}:{index + 1}: field '{field}':", e.Message, StringComparison.Ordinal);
    }
}
