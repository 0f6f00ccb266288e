using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Import;

public sealed class PostgisBenchImporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("postgis-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string villages, string events)
    {
        File.WriteAllText(Path.Combine(_dir, "villages.csv"), villages);
        File.WriteAllText(Path.Combine(_dir, "events.csv"), events);
    }

    [Fact]
    public void The_export_becomes_places_factions_and_held_captures()
    {
        Write("1,35.75,32.5\n2,42.125,37.375\n", "1,2011-03-01,3\n1,2015-07-20,6\n2,2012-01-02,1\n");

        var d = GazetteerImport.Import("postgis-bench", _dir);

        Assert.Equal(["F1", "F2", "F3", "F4", "F5", "F6"], d.Factions.Select(f => f.Id));
        Assert.Equal(["v1", "v2"], d.Places.Select(p => p.Id));
        Assert.Equal((42.125, 37.375), (d.Places[1].Lon, d.Places[1].Lat));
        var source = Assert.Single(d.Sources);
        Assert.Equal(PostgisBenchImporter.SourceId, source.Id);
        Assert.Equal(3, d.Changes.Length);
        Assert.All(d.Changes, c =>
        {
            Assert.Equal(ChangeKind.Capture, c.Kind);
            Assert.Equal(ChangeStatus.Held, c.Status);
            Assert.Equal(PostgisBenchImporter.RecordedAt, c.RecordedAt);
            Assert.Equal(source.Id, Assert.Single(c.Sources).SourceId);
        });
        Assert.Equal(("v1", "F6", new DateOnly(2015, 7, 20)), (d.Changes[1].PlaceId, d.Changes[1].FactionId, d.Changes[1].ValidTime.Day));
    }

    [Fact]
    public void A_header_row_is_accepted()
    {
        Write("id,lon,lat\n7,36,33\n", "village_id,t,faction\n7,2020-02-02,2\n");
        var d = PostgisBenchImporter.Read(_dir);
        Assert.Equal("v7", Assert.Single(d.Places).Id);
        Assert.Equal("F2", Assert.Single(d.Changes).FactionId);
    }

    [Theory]
    [InlineData("1,2011-03-01,3\n1,2011-03-01,4\n", 2, "t")]
    [InlineData("1,2011-03-01,3\n1,2011-03-02,7\n", 2, "faction")]
    [InlineData("1,2011-03-01,3\n9,2011-03-02,1\n", 2, "village_id")]
    [InlineData("1,2011-3-1,3\n", 1, "t")]
    public void A_bad_event_names_file_line_and_field(string events, long line, string field)
    {
        Write("1,35.75,32.5\n", events);
        var e = Assert.Throws<ImportException>(() => PostgisBenchImporter.Read(_dir));
        Assert.Equal(("events.csv", line, field), (e.File, e.Line, e.Field));
        Assert.StartsWith($"events.csv:{line}: field '{field}': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_village_names_file_line_and_field()
    {
        Write("1,35.75,32.5\n2,35.8,95\n", "");
        var e = Assert.Throws<ImportException>(() => PostgisBenchImporter.Read(_dir));
        Assert.Equal(("villages.csv", 2L, "lat"), (e.File, e.Line, e.Field));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_names_its_line()
    {
        Write("1,35.75,32.5\n", "1,2011-03-01\n");
        var e = Assert.Throws<ImportException>(() => PostgisBenchImporter.Read(_dir));
        Assert.Equal(("events.csv", 1L), (e.File, e.Line));
    }

    [Fact]
    public void The_result_is_a_valid_dataset()
    {
        Write("1,35.75,32.5\n", "1,2011-03-01,3\n");
        DatasetValidator.Validate(PostgisBenchImporter.Read(_dir));
    }
}
