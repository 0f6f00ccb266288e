using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// The SQLite layout is numbered migrations over canonical JSON records (<see cref="SqliteSchema"/>). A file of the
/// hand-written layout that came before (<c>Legacy/hand-written-layout.sql</c>, made by that build) is converted on open
/// without losing a byte of a record, a key or a stored response.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static string Legacy(string name) => RepoPaths.InRepo("tests", "FrontlineMaps.Core.Tests", "Storage", "Legacy", name);

    private string HandWritten()
    {
        var path = _temp.File("legacy.sqlite");
        using var c = Raw(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = File.ReadAllText(Legacy("hand-written-layout.sql"));
        cmd.ExecuteNonQuery();
        return path;
    }

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static List<string> Rows(string path, string sql)
    {
        using var c = Raw(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    [Fact]
    public void A_database_of_the_hand_written_layout_opens_converted_with_every_record_key_and_response_as_it_was()
    {
        var path = HandWritten();
        const string Keys = "SELECT id, name, role, hash, created_at, revoked_at FROM api_keys ORDER BY id";
        const string Responses = "SELECT scope, request_hash, status, body, created_at, headers FROM idempotency ORDER BY scope";
        const string Meta = "SELECT key, value FROM meta ORDER BY key";
        var keys = Rows(path, Keys);
        var responses = Rows(path, Responses);
        var meta = Rows(path, Meta);
        var seqs = new[] { "factions", "sources", "places", "changes" }.Select(t => Rows(path, $"SELECT seq, id FROM {t} ORDER BY seq")).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Single(responses);

        var store = new SqliteStore(path);

        // Every record: the files written from the converted store are, byte for byte, those the hand-written build wrote.
        var written = _temp.Sub("written");
        DatasetFiles.Write(written, store.Load());
        Fixtures.AssertSameFiles(Legacy("expected"), written);
        Assert.Equal(File.ReadAllText(Legacy("expected-version.txt")).Trim(), store.Version);
        Fixtures.AssertSameContent(LegacyDataset.Dataset(), store.Load());
        // Every row at its old seq (errors keep naming the same rows), keys, responses and the manifest as they were.
        Assert.Equal(seqs, new[] { "factions", "sources", "places", "changes" }.Select(t => Rows(path, $"SELECT seq, id FROM {t} ORDER BY seq")));
        Assert.Equal(keys, Rows(path, Keys));
        Assert.Equal(responses, Rows(path, Responses));
        Assert.Equal(meta, Rows(path, Meta));
        var response = store.FindResponse(LegacyDataset.Response().Scope)!;
        Assert.Equal(LegacyDataset.Response().Body, response.Body);
        Assert.Equal(LegacyDataset.Response().Headers, response.Headers);
        Assert.Equal(["admin-two", "editor-one"], store.ListKeys().Select(k => k.Name).Order());
        Assert.False(store.ListKeys().Single(k => k.Name == "editor-one").IsActive);

        // The layout is the numbered one, with nothing of the old left.
        Assert.Equal([.. Enumerable.Range(1, SqliteSchema.Latest).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Rows(path, "SELECT version FROM schema_version ORDER BY version"));
        Assert.Empty(Rows(path, "SELECT name FROM sqlite_schema WHERE name IN ('change_sources') OR name LIKE 'legacy%'"));
        Assert.Equal(["1"], Rows(path, "PRAGMA user_version"));

        // And it goes on as any store: an append, read back by a new instance.
        store.Append([Fixtures.Change("c9", "young", "SDF", new GroundTime(new DateOnly(2019, 6, 1)))]);
        Assert.Equal(store.Version, new SqliteStore(path).Version);
        Assert.Equal("c9", new SqliteStore(path).Load().Changes[^1].Id);
    }

    [Fact]
    public void A_conversion_that_fails_leaves_the_hand_written_file_as_it_was()
    {
        var path = HandWritten();
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DROP TRIGGER changes_no_update; UPDATE changes SET valid_from = 'someday' WHERE id = 'c1';";
            cmd.ExecuteNonQuery();
        }
        var before = Rows(path, "SELECT type, name FROM sqlite_schema ORDER BY name");

        var error = Assert.Throws<DatasetFormatException>(() => new SqliteStore(path));

        Assert.Equal("legacy.sqlite:changes:1: field 'valid_from': expected YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, found 'someday'", error.Message);
        Assert.Equal(before, Rows(path, "SELECT type, name FROM sqlite_schema ORDER BY name"));
    }

    [Fact]
    public void A_record_is_stored_as_its_canonical_line_and_its_table_has_no_column_per_field_so_a_new_field_needs_no_ALTER_TABLE()
    {
        var path = _temp.File("data.sqlite");
        var store = new SqliteStore(path);
        store.Import(LegacyDataset.Dataset());

        // places.valid_from came after the first layout: here it is a field of the record, like every other one.
        Assert.Equal(["seq", "record", "id", "lon", "lat"], Rows(path, "SELECT name FROM pragma_table_xinfo('places')"));
        Assert.Equal(["seq", "record", "id", "place", "faction", "valid_from", "kind", "status", "retracts"],
            Rows(path, "SELECT name FROM pragma_table_xinfo('changes')"));
        var lines = DatasetFiles.Serialize(store.Load()).Single(f => f.Name == "places.ndjson");
        var canonical = System.Text.Encoding.UTF8.GetString(lines.Content.Span).Split('\n').Single(l => l.Contains("\"young\"", StringComparison.Ordinal));
        Assert.Equal([canonical], Rows(path, "SELECT record FROM places WHERE id = 'young'"));
        Assert.Equal(new DateOnly(2019, 1, 1), new SqliteStore(path).Load().Places.Single(p => p.Id == "young").ValidFrom);
    }

    [Fact]
    public void A_database_at_an_older_migration_is_brought_up_to_date_on_open_and_keeps_its_content()
    {
        var path = _temp.File("data.sqlite");
        using (var c = Raw(path))
            Assert.Equal([1], SqliteSchema.Migrate(c, "data.sqlite", 1));
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = """
                INSERT INTO meta (key, value) VALUES ('name', 'Early'), ('attribution', '[]');
                INSERT INTO factions (record) VALUES ('{"id":"SAA","name":"Syrian Arab Army","short_name":"SAA","color":"#cc0000"}');
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new SqliteStore(path);

        Assert.Equal([.. Enumerable.Range(1, SqliteSchema.Latest).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Rows(path, "SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal("Early", store.Load().Info.Name);
        Assert.Equal("SAA", store.Load().Factions.Single().Id);
        var (key, token) = store.CreateKey("after-migration", ApiRole.Admin);
        Assert.Equal(key, store.FindKey(token));
        using (var c = Raw(path))
            Assert.Empty(SqliteSchema.Migrate(c, "data.sqlite", SqliteSchema.Latest));
    }

    [Fact]
    public void A_layout_newer_than_this_build_is_refused_with_a_clear_message()
    {
        var path = _temp.File("future.sqlite");
        _ = new SqliteStore(path);
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00Z')";
            cmd.ExecuteNonQuery();
        }

        var error = Assert.Throws<DatasetFormatException>(() => new SqliteStore(path));

        Assert.Equal($"future.sqlite: field 'schema_version': layout 99 is newer than this version of FrontlineMaps (it migrates up to {SqliteSchema.Latest}): upgrade it", error.Message);
    }
}
