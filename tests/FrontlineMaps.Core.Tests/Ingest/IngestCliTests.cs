using System.Text.Json;
using FrontlineMaps.Core.Tests.Cli;
using FrontlineMaps.Core.Tests.Import;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary><c>frontline ingest --explain</c> and batch input, run as a user runs them.</summary>
public class IngestCliTests
{
    [Fact]
    public void Explain_prints_each_sentence_with_its_cues_roles_and_why_a_fact_was_or_was_not_emitted()
    {
        using var tmp = new SharedData.TempDir();
        var report = tmp.File("r.txt");
        File.WriteAllText(report, "Government artillery shelled Kafr Nabl on Tuesday.\nRebels pushed into the countryside on Thursday. Saraqib fell on Friday, residents said.\n");
        var r = CliRunner.Run("ingest", report, "--published", "2019-12-03", "--explain");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("[0] Government artillery shelled Kafr Nabl on Tuesday.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("no cue: nothing here changes control", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("cue fell \"fell\"", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("=> Saraqib", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("claimed by residents", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("facts after merging duplicates: 1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_of_reports_gives_one_ndjson_line_per_report_listed_and_dated_by_its_reports_json()
    {
        using var tmp = new SharedData.TempDir();
        File.WriteAllText(tmp.File("a.txt"), "Government forces captured Saraqib on Monday.");
        File.WriteAllText(tmp.File("b.txt"), "Rebels retook Saraqib on Monday.");
        File.WriteAllText(tmp.File("notes.txt"), "not a report of the set");
        File.WriteAllText(tmp.File("reports.json"), """[{"file": "a.txt", "published": "2019-12-03", "publisher": "Example Wire"}, {"file": "b.txt", "published": "2020-03-03"}]""");
        var r = CliRunner.Run("ingest", tmp.FullName);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var b = JsonDocument.Parse(lines[1]);
        Assert.Equal(("b.txt", "2020-03-03"), (b.RootElement.GetProperty("report").GetProperty("file").GetString(), b.RootElement.GetProperty("report").GetProperty("published").GetString()));
        Assert.Equal("2020-03-02", Assert.Single(b.RootElement.GetProperty("facts").EnumerateArray()).GetProperty("date").GetString());
        Assert.Contains("2 report(s)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ndjson_batch_writes_one_json_file_per_report_with_its_metadata()
    {
        using var tmp = new SharedData.TempDir();
        var input = tmp.File("in.ndjson");
        File.WriteAllLines(input,
        [
            """{"text": "Government forces captured Saraqib on Monday.", "published": "2019-12-03", "publisher": "Example Wire", "title": "Saraqib", "url": "https://example.org/a"}""",
            "",
            """{"text": "Rebels shelled Kafr Nabl.", "published": "2019-12-04"}""",
        ]);
        var outDir = Path.Combine(tmp.FullName, "out");
        var r = CliRunner.Run("ingest", input, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var files = Directory.GetFiles(outDir).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["in-1.json", "in-3.json"], files.Select(Path.GetFileName));
        using var a = JsonDocument.Parse(File.ReadAllText(files[0]));
        Assert.Equal("Example Wire", a.RootElement.GetProperty("report").GetProperty("publisher").GetString());
        var fact = Assert.Single(a.RootElement.GetProperty("facts").EnumerateArray());
        Assert.Equal(("Saraqib", "SAA"), (fact.GetProperty("place").GetProperty("as_written").GetString(), fact.GetProperty("faction").GetString()));
        using var b = JsonDocument.Parse(File.ReadAllText(files[1]));
        Assert.Empty(b.RootElement.GetProperty("facts").EnumerateArray());
    }

    [Fact]
    public void A_bad_ndjson_line_is_refused_with_file_line_and_field_and_nothing_is_written()
    {
        using var tmp = new SharedData.TempDir();
        var input = tmp.File("in.ndjson");
        File.WriteAllLines(input, ["""{"text": "Rebels took Saraqib.", "published": "2019-12-03"}""", """{"text": "Rebels took Ariha.", "published": "3 Dec"}"""]);
        var outDir = Path.Combine(tmp.FullName, "out");
        var r = CliRunner.Run("ingest", input, "--out", outDir);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("in.ndjson", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("2", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("published", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_directory_report_without_a_date_is_refused_unless_published_is_given()
    {
        using var tmp = new SharedData.TempDir();
        File.WriteAllText(tmp.File("a.txt"), "Government forces captured Saraqib on Monday.");
        var refused = CliRunner.Run("ingest", tmp.FullName);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("a.txt", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("published", refused.Stderr, StringComparison.Ordinal);
        var ok = CliRunner.Run("ingest", tmp.FullName, "--published", "2019-12-03");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("\"Saraqib\"", ok.Stdout, StringComparison.Ordinal);
    }
}
