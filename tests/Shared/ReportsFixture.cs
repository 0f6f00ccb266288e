using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Testing;

/// <summary>
/// The small dataset of the five shared reports (310 curated places, the 23 report facts), written by
/// <c>frontline build-data --reports-out tests/data/reports</c>. Tests that assert facts of those reports (Ejaz on
/// 2019-12-02, the goldens...) run on it; the embedded default is the full country (data/).
/// </summary>
internal static class ReportsFixture
{
    private static readonly Lazy<(Dataset Dataset, string Version)> Cached = new(() =>
    {
        var dataset = DatasetFiles.Read(Directory);
        return (dataset, DatasetVersion.Compute(dataset));
    });

    /// <summary>The fixture's directory (tests/data/reports).</summary>
    public static string Directory => RepoPaths.InRepo("tests", "data", "reports");

    /// <summary>The server switch that seeds a new store from the fixture.</summary>
    public static string SeedSwitch => "--Store:Seed=" + Directory;

    /// <summary>The dataset, read once.</summary>
    public static Dataset Load() => Cached.Value.Dataset;

    /// <summary>Its content version.</summary>
    public static string Version => Cached.Value.Version;
}
