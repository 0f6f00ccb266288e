using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.CliTests;

/// <summary>Bad input to the CLI gets a clear message naming the option, or the file, line and field; and nothing is written.</summary>
public class CliErrorTests
{
    [Fact]
    public void A_malformed_date_names_the_option_and_the_expected_form()
    {
        var r = CliRunner.Run("snapshot", "--at", "2019-13-02");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("option '--at'", r.Stderr);
        Assert.Contains("YYYY-MM-DD", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void An_unknown_layer_is_refused()
    {
        var r = CliRunner.Run("snapshot", "--at", "2019-12-02", "--layer", "roads");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("roads", r.Stderr);
    }

    [Fact]
    public void An_inverted_change_interval_is_refused()
    {
        var r = CliRunner.Run("changes", "--from", "2020-01-01", "--to", "2019-01-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("option '--to'", r.Stderr);
    }

    [Fact]
    public void A_place_name_shared_by_namesakes_asks_for_an_id()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-cli-");
        try
        {
            var data = Path.Combine(dir.FullName, "data");
            Assert.Equal(0, CliRunner.Run("export", "--out", data).ExitCode);
            var places = Path.Combine(data, "places.ndjson");
            var lines = File.ReadAllLines(places).ToList();
            lines.Add("""{"id":"ahras-hasakah","name":"Ahras","kind":"village","lon":40.9,"lat":36.9,"governorate":"Al-Hasakeh"}""");
            File.WriteAllLines(places, lines);
            var r = CliRunner.Run("history", "Ahras", "--data", data);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("ahras-aleppo", r.Stderr);
            Assert.Contains("ahras-hasakah", r.Stderr);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void A_bad_data_file_is_reported_with_file_line_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-cli-");
        try
        {
            var data = Path.Combine(dir.FullName, "data");
            Assert.Equal(0, CliRunner.Run("export", "--out", data).ExitCode);
            var changes = Path.Combine(data, "changes.ndjson");
            var lines = File.ReadAllLines(changes);
            lines[3] = lines[3].Replace("\"faction\":\"", "\"faction\":\"XX", StringComparison.Ordinal);
            File.WriteAllLines(changes, lines);
            var r = CliRunner.Run("snapshot", "--at", "2019-12-02", "--data", data);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("changes.ndjson:4", r.Stderr);
            Assert.Contains("field 'faction'", r.Stderr);
            Assert.Equal("", r.Stdout);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Exporting_into_an_existing_dataset_is_refused_and_loses_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-cli-");
        try
        {
            var db = Path.Combine(dir.FullName, "map.sqlite");
            Assert.Equal(0, CliRunner.Run("export", "--out", db).ExitCode);
            var before = CliRunner.Run("snapshot", "--at", "2020-12-25", "--data", db).Stdout;
            var again = CliRunner.Run("export", "--out", db);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already holds a dataset", again.Stderr);
            Assert.Equal(before, CliRunner.Run("snapshot", "--at", "2020-12-25", "--data", db).Stdout);
        }
        finally { dir.Delete(true); }
    }
}

/// <summary>The generate, import and export commands work end to end on real files.</summary>
public class CliDatasetCommandTests
{
    [Fact]
    public void A_generated_dataset_written_to_SQLite_can_be_mapped_and_every_place_is_known_at_the_end()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-gen-");
        try
        {
            var db = Path.Combine(dir.FullName, "gen.sqlite");
            var gen = CliRunner.Run("generate", "--places", "500", "--changes", "5000", "--seed", "3", "--out", db);
            Assert.Equal(0, gen.ExitCode);
            Assert.Contains("500 places", gen.Stderr);
            var snap = CliRunner.Run("snapshot", "--data", db, "--at", "2024-12-31");
            Assert.Equal(0, snap.ExitCode);
            var features = snap.FeaturesById();
            Assert.Equal(500, features.Count);
            Assert.All(features.Values, f => Assert.NotEqual("unknown", f.GetProperty("status").GetString()));
            var fronts = CliRunner.Run("snapshot", "--data", db, "--at", "2020-01-01", "--layer", "frontlines");
            Assert.NotEmpty(fronts.FeaturesById());
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Exporting_to_a_directory_and_back_to_SQLite_keeps_the_map()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-export-");
        try
        {
            var folder = Path.Combine(dir.FullName, "copy");
            var db = Path.Combine(dir.FullName, "copy.sqlite");
            Assert.Equal(0, CliRunner.Run("export", "--out", folder).ExitCode);
            Assert.Equal(0, CliRunner.Run("export", "--data", folder, "--out", db).ExitCode);
            var embedded = CliRunner.Run("snapshot", "--at", "2019-12-02").Stdout;
            Assert.Equal(embedded, CliRunner.Run("snapshot", "--at", "2019-12-02", "--data", db).Stdout);
        }
        finally { dir.Delete(true); }
    }
}
