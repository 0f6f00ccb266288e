using System.Net;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Issue 15 item 1: a store written before writes refused control characters may hold them (and invalid UTF-8). The server
/// still opens it, and every XML and HTML output stays well-formed: the characters become U+FFFD.
/// </summary>
public class LegacyStoreOutputTests
{
    [Fact]
    public async Task A_store_holding_control_characters_still_opens_and_every_xml_and_html_output_is_well_formed()
    {
        var dir = Path.Combine(Path.GetTempPath(), "flm-legacy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "store.sqlite");
        try
        {
            var (first, _) = await KestrelServer.Start([$"--Store:Path={db}", "--Logging:LogLevel:Default=Warning"]);
            await first.DisposeAsync();
            using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                connection.Open();
                using var cmd = connection.CreateCommand();
                cmd.CommandText = """
                    UPDATE places SET record = json_set(record,
                        '$.name', json_extract(record, '$.name') || char(7) || ' ' || char(27) || '[31m' || char(1) || char(65535) || CAST(x'ff' AS TEXT),
                        '$.note', 'n' || char(0) || 'ote');
                    UPDATE sources SET record = json_set(record,
                        '$.title', json_extract(record, '$.title') || char(7) || char(11), '$.publisher', char(1) || json_extract(record, '$.publisher'));
                    UPDATE meta SET value = value || char(2) WHERE key = 'name';
                    """;
                cmd.ExecuteNonQuery();
            }
            var (app, url) = await KestrelServer.Start([$"--Store:Path={db}", "--Logging:LogLevel:Default=Warning"]);
            await using var _ = app;
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            var xml = new[]
            {
                "/api/changes.atom?from=2015-01-01&to=2026-11-30", "/snapshots/2019-12-02.svg", "/snapshots/2016-12-22.svg?width=1600",
            };
            foreach (var path in xml)
            {
                using var response = await client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                var doc = XDocument.Parse(text); // throws on an ill-formed document
                Assert.Contains('\uFFFD', doc.ToString());
                Assert.DoesNotContain('\u0007', text);
            }
            foreach (var path in new[] { "/?f=html", "/collections/places/items?f=html&limit=400", "/collections/places/items/ejaz-idlib?f=html", "/collections/changes/items?f=html&limit=100" })
            {
                using var response = await client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                Assert.DoesNotContain(text, c => c < 0x20 && c is not ('\n' or '\t'));
            }
            foreach (var path in new[] { "/api/changes.csv?from=2015-01-01&to=2026-11-30", "/collections/places/items?limit=400", "/snapshots/2019-12-02.geojson", "/api/timeline" })
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
