using System.Net.Http.Json;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>The store comes from configuration; other processes' writes reach the served map.</summary>
public class StoreConfigurationTests(SqliteWriteServer server) : IClassFixture<SqliteWriteServer>
{
    [Fact]
    public void The_server_creates_and_seeds_its_SQLite_store_on_first_start()
    {
        var store = new SqliteStore(server.DatabasePath);
        Assert.Equal(ReportsFixture.Load().Places.Length, store.Load().Places.Length);
        Assert.Equal(store.Version, server.Source.Current.DataVersion);
    }

    [Theory]
    [InlineData("mongodb", "Host=127.0.0.1", "Store:Provider")]
    [InlineData("postgres", "", "Store:ConnectionString")]
    [InlineData("postgres", "Host=127.0.0.1;Password=s3cret;Colour=blue", "Store:ConnectionString")]
    public void An_unusable_store_setting_stops_the_start_with_a_message_naming_the_setting(string provider, string connectionString, string setting)
    {
        var e = Assert.Throws<StoreConfigurationException>(() =>
            ServerApp.Build(["--urls", "http://127.0.0.1:0", $"--Store:Provider={provider}", $"--Store:ConnectionString={connectionString}"]));
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.Equal(setting, e.Setting);
        Assert.Contains(setting, e.Message);
    }

    [Fact]
    public async Task A_write_by_another_process_reaches_the_map_within_the_refresh_interval()
    {
        using var client = server.Client();
        // The place has no record in data/: before the other writer's change the map must not already show it as SNA's.
        Assert.NotEqual("SNA", await FactionOfArimah(client));
        // Another writer on the same file (here: this process through its own connection, as the CLI or a second server would).
        var other = new SqliteStore(server.DatabasePath);
        other.Append([new ControlChange("other-process-1", "al-arimah", "SNA", new GroundTime(new DateOnly(2020, 9, 1)), ChangeKind.Capture,
            ChangeStatus.Held, [new Citation("aranews-2015-10-14-aleppo")], DateTimeOffset.UtcNow, "other-process")]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? faction = null;
        while (DateTime.UtcNow < deadline)
        {
            faction = await FactionOfArimah(client);
            if (faction == "SNA") break;
            await Task.Delay(200);
        }
        Assert.Equal("SNA", faction);
    }

    private static async Task<string?> FactionOfArimah(HttpClient client)
    {
        var feature = await client.GetFromJsonAsync<JsonElement>("/collections/places/items/al-arimah?datetime=2020-09-01");
        return feature.GetProperty("properties").GetProperty("faction").GetString();
    }
}
