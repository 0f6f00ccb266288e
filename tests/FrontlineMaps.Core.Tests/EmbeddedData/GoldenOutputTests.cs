using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.EmbeddedData;

/// <summary>
/// The encoded output of the embedded dataset at the report dates, compared byte for byte with golden files in
/// tests/FrontlineMaps.Core.Tests/Golden. Accept deliberate changes with <c>FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden</c>.
/// </summary>
public class GoldenOutputTests
{
    public static TheoryData<string> ReportDates => new() { "2015-10-14", "2019-11-30", "2019-12-02", "2020-06-23", "2020-12-25" };

    [Theory]
    [MemberData(nameof(ReportDates))]
    public void Golden_places_at_each_report_date_are_unchanged(string date) => Check($"places-{date}.geojson", "snapshot", "--at", date, "--layer", "places");

    [Theory]
    [MemberData(nameof(ReportDates))]
    public void Golden_territory_at_each_report_date_is_unchanged(string date) => Check($"territory-{date}.geojson", "snapshot", "--at", date, "--layer", "territory");

    [Theory]
    [MemberData(nameof(ReportDates))]
    public void Golden_front_lines_at_each_report_date_are_unchanged(string date) => Check($"frontlines-{date}.geojson", "snapshot", "--at", date, "--layer", "frontlines");

    [Fact]
    public void Golden_change_feed_as_csv_is_unchanged()
    {
        var r = CliRunner.Run("changes", "--from", "2015-01-01", "--to", "2021-01-01", "--format", "csv");
        Assert.Equal(0, r.ExitCode);
        Golden.Verify("changes.csv", r.Stdout);
    }

    [Fact]
    public void Golden_change_feed_as_geojson_is_unchanged() => Check("changes.geojson", "changes", "--from", "2015-01-01", "--to", "2021-01-01");

    private static void Check(string golden, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(0, r.ExitCode);
        Golden.Verify(golden, OneFeaturePerLine(r.Stdout));
    }

    /// <summary>Re-lays a FeatureCollection with one feature per line, so that golden diffs read per feature.</summary>
    private static string OneFeaturePerLine(string geojson)
    {
        using var doc = JsonDocument.Parse(geojson);
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        for (var i = 0; i < features.Count; i++)
            sb.Append(JsonSerializer.Serialize(features[i], options)).Append(i < features.Count - 1 ? ",\n" : "\n");
        return sb.Append("]}\n").ToString();
    }
}
