using System.Diagnostics;

namespace FrontlineMaps.Server.Tests.Snapshots;

/// <summary>GDAL reads the whole-map GeoJSON straight from the running server, as a GIS user would.</summary>
public class SnapshotOgrinfoTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static (int Exit, string Out, string Err) Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException("ogrinfo is not installed: apt-get install gdal-bin (.ci/run does)", e); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(60_000), "ogrinfo timed out");
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }

    [Fact]
    public void Ogrinfo_reads_the_places_of_a_date_with_their_faction_and_status()
    {
        var (exit, stdout, stderr) = Ogrinfo("-ro", "-al", "-where", "id = 'ejaz-idlib'", $"GeoJSON:{server.BaseUrl}/snapshots/2019-12-02.geojson");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Feature Count: 1", stdout);
        Assert.Contains("status (String) = contested", stdout);
        Assert.Contains("POINT (36.928553 35.623502)", stdout);
    }

    [Fact]
    public void Ogrinfo_reads_the_front_lines_of_a_date_as_line_geometry()
    {
        var (exit, stdout, stderr) = Ogrinfo("-ro", "-al", "-so", $"GeoJSON:{server.BaseUrl}/snapshots/2020-12-25.geojson?layer=frontlines");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Geometry: Multi Line String", stdout); // one geometry type per layer, whatever the day's fronts look like
        Assert.Contains("length_km: Real", stdout);
    }
}
