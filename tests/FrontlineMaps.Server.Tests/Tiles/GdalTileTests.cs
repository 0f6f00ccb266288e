using System.Diagnostics;
using FrontlineMaps.Core.Encoders.Mvt;
using static FrontlineMaps.Server.Tests.Tiles.TileTestData;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>GDAL's MVT driver as a real client of the tiles served by Kestrel (needs <c>ogrinfo</c>: apt-get install gdal-bin).</summary>
public class GdalTileTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static (int Exit, string Output) Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ogrinfo is missing: install GDAL (apt-get install -y gdal-bin) to run the MVT client tests", e);
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "ogrinfo did not finish in 60 s");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Downloads a tile into DIR/z/x/y.pbf: the layout the MVT driver reads the tile's position from.</summary>
    private async Task<string> Download(DateOnly date, TileId t)
    {
        using var client = new HttpClient();
        var bytes = await client.GetByteArrayAsync($"{server.BaseUrl}/tiles/{date:yyyy-MM-dd}/{t.Z}/{t.X}/{t.Y}.mvt");
        var dir = Path.Combine(Path.GetTempPath(), "frontline-gdal-" + Guid.NewGuid().ToString("N"), t.Z.ToString(), t.X.ToString());
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{t.Y}.pbf");
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    [Fact]
    public async Task Ogrinfo_reads_every_layer_and_its_attributes_from_a_served_tile()
    {
        var path = await Download(Late2020, RaqqaZ8);
        var (exit, output) = Ogrinfo("-ro", "-al", "-so", path);
        Assert.True(exit == 0, output);
        Assert.Contains("Layer name: places", output);
        Assert.Contains("Layer name: territory", output);
        Assert.Contains("Layer name: frontlines", output);
        Assert.Contains("faction: String", output);
        Assert.Contains("area_km2: Real", output);
        Assert.Contains("length_km: Real", output);
        Assert.Contains("sources: Integer", output);
        Assert.Contains("Geometry: Polygon", output);
        Assert.Contains("Geometry: Line String", output);
        // GDAL placed the tile from its z/x/y path: the places' extent (EPSG:3857 metres) lies inside the tile.
        var extent = output[output.IndexOf("Layer name: places", StringComparison.Ordinal)..].Split('\n').First(l => l.StartsWith("Extent:", StringComparison.Ordinal));
        var numbers = System.Text.RegularExpressions.Regex.Matches(extent, @"-?\d+(\.\d+)?").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        const double half = 20037508.342789244;
        var n = 1 << RaqqaZ8.Z;
        double west = -half + 2 * half * RaqqaZ8.X / n, east = -half + 2 * half * (RaqqaZ8.X + 1) / n;
        double north = half - 2 * half * RaqqaZ8.Y / n, south = half - 2 * half * (RaqqaZ8.Y + 1) / n;
        Assert.InRange(numbers[0], west - 1, east + 1);
        Assert.InRange(numbers[2], west - 1, east + 1);
        Assert.InRange(numbers[1], south - 1, north + 1);
        Assert.InRange(numbers[3], south - 1, north + 1);
    }

    [Fact]
    public async Task A_village_read_by_ogrinfo_has_the_faction_of_the_GeoJSON_snapshot()
    {
        var expected = GeoJsonFactions(Late2020);
        var id = Timeline.Places.Where(p => expected[p.Id] is not null)
            .First(p => WebMercator.TileAt(p.Lon, p.Lat, 8) == RaqqaZ8).Id;
        var path = await Download(Late2020, RaqqaZ8);
        var (exit, output) = Ogrinfo("-ro", "-where", $"id = '{id}'", path, "places");
        Assert.True(exit == 0, output);
        Assert.Contains("Feature Count: 1", output);
        Assert.Contains($"id (String) = {id}", output);
        Assert.Contains($"faction (String) = {expected[id]}", output);
        Assert.Contains("POINT (", output);
    }

    [Fact]
    public async Task Ogrinfo_reads_the_versioned_tile_URL_of_the_TileJSON_and_follows_a_stale_version_to_the_current_tile()
    {
        using var client = new HttpClient();
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/tiles/{Late2020:yyyy-MM-dd}.json"));
        var template = doc.RootElement.GetProperty("tiles")[0].GetString()!;
        Assert.Contains("?v=", template);
        var url = template.Replace("{z}", RaqqaZ8.Z.ToString()).Replace("{x}", RaqqaZ8.X.ToString()).Replace("{y}", RaqqaZ8.Y.ToString());
        var stale = System.Text.RegularExpressions.Regex.Replace(url, "v=[^&]+", "v=0123456789abcdef");
        foreach (var target in new[] { url, stale })
        {
            // GDAL reads the tile over HTTP (following the 302 of a stale v) and places it from the z/x/y in the path.
            var (exit, output) = Ogrinfo("-ro", "-so", "-al", "MVT:/vsicurl/" + target);
            Assert.True(exit == 0, output);
            Assert.Contains("Layer name: places", output);
            Assert.Contains("Layer name: territory", output);
            Assert.Matches(@"Feature Count: [1-9]", output);
            Assert.Contains("Pseudo-Mercator", output);
        }
    }
}
