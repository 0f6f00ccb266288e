using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

public sealed class RoundTripTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Directory_to_SQLite_to_directory_is_byte_identical()
    {
        var first = _temp.Sub("first");
        DatasetFiles.Write(first, Fixtures.Small());

        var sqlite = new SqliteStore(_temp.File("data.sqlite"));
        sqlite.Import(new DirectoryStore(first).Load());
        var second = new DirectoryStore(Path.Combine(_temp.Path, "second"));
        second.Import(new SqliteStore(_temp.File("data.sqlite")).Load());

        Fixtures.AssertSameFiles(first, second.DirectoryPath);
    }

    [Fact]
    public void Appends_in_either_store_give_byte_identical_files_and_equal_versions()
    {
        var directory = new DirectoryStore(_temp.Sub("dir"));
        directory.Import(Fixtures.Small());
        var sqlite = new SqliteStore(_temp.File("data.sqlite"));
        sqlite.Import(Fixtures.Small());
        Assert.Equal(directory.Version, sqlite.Version);

        var batch = new[] { Fixtures.Change("c7", "hill-123", "SAA"), Fixtures.Change("c8", "kafr-naya", "HTS") };
        directory.Append(batch);
        sqlite.Append(batch);

        Assert.Equal(directory.Version, sqlite.Version);
        var exported = _temp.Sub("exported");
        DatasetFiles.Write(exported, sqlite.Load());
        Fixtures.AssertSameFiles(directory.DirectoryPath, exported);
    }

    [Fact]
    public void The_loader_opens_a_directory_store_for_a_directory_and_a_SQLite_store_for_a_database_file()
    {
        var dir = _temp.Sub("data");
        DatasetFiles.Write(dir, Fixtures.Small());

        var fromDirectory = DatasetLoader.Open(dir);
        var fromSqlite = DatasetLoader.Open(_temp.File("data.db"));
        fromSqlite.Import(fromDirectory.Load());

        Assert.IsType<DirectoryStore>(fromDirectory);
        Assert.IsType<SqliteStore>(fromSqlite);
        Assert.IsType<SqliteStore>(DatasetLoader.Open(_temp.File("other.sqlite")));
        Assert.Equal(fromDirectory.Version, DatasetLoader.Open(_temp.File("data.db")).Version);
        Assert.Throws<ArgumentException>(() => DatasetLoader.Open(_temp.File("data.csv")));
    }

    [Fact]
    public void The_embedded_dataset_is_read_by_the_same_parser_or_reported_missing_by_file_name()
    {
        if (EmbeddedDataset.IsAvailable)
        {
            var dataset = EmbeddedDataset.Load();
            Assert.False(string.IsNullOrWhiteSpace(dataset.Info.Name));
            Assert.Equal(DatasetVersion.Compute(dataset), EmbeddedDataset.Version);
        }
        else
        {
            var error = Assert.Throws<DatasetFormatException>(EmbeddedDataset.Load);
            Assert.Equal("dataset.json: file is missing", error.Message);
        }
    }
}
