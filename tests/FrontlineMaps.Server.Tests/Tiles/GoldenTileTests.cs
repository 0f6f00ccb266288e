using FrontlineMaps.Core.Encoders.Mvt;
using static FrontlineMaps.Server.Tests.Tiles.TileTestData;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>
/// Golden tiles: tests/FrontlineMaps.Server.Tests/Tiles/Golden/*.mvt, compared byte for byte. To accept new output after a
/// deliberate change: <c>FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden</c>, then review the decoded difference.
/// </summary>
public class GoldenTileTests
{
    public static TheoryData<string, string, int, int, int> Tiles => new()
    {
        { "idlib", "2019-12-02", IdlibZ8.Z, IdlibZ8.X, IdlibZ8.Y },
        { "idlib", "2020-12-25", IdlibZ8.Z, IdlibZ8.X, IdlibZ8.Y },
        { "raqqa", "2019-12-02", RaqqaZ8.Z, RaqqaZ8.X, RaqqaZ8.Y },
        { "raqqa", "2020-12-25", RaqqaZ8.Z, RaqqaZ8.X, RaqqaZ8.Y },
        { "syria", "2015-10-14", 6, 38, 25 },
    };

    [Theory, MemberData(nameof(Tiles))]
    public void Golden_tiles_of_the_embedded_dataset_match_byte_for_byte(string area, string date, int z, int x, int y)
    {
        var actual = Encoder.Encode(new TileId(z, x, y), DateOnly.Parse(date));
        Assert.NotEmpty(actual);
        var path = Path.Combine(RepoPaths.InRepo("tests", "FrontlineMaps.Server.Tests", "Tiles", "Golden"), $"{area}-{date}-{z}-{x}-{y}.mvt");
        if (Environment.GetEnvironmentVariable("FRONTLINE_ACCEPT_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden tile {path} is missing; run FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden");
        var expected = File.ReadAllBytes(path);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            File.WriteAllBytes(path + ".actual", actual);
            Assert.Fail($"{Path.GetFileName(path)} differs from its golden tile ({expected.Length} vs {actual.Length} bytes; actual written to {path}.actual). " +
                        "If the change is intended: FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden");
        }
    }
}
