using System.Reflection;
using System.Text;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The default dataset compiled into the Core assembly (the repository's <c>data/</c> directory, embedded as resources
/// named <c>FrontlineMaps.Data/&lt;file&gt;</c>), read with the same strict parser as a directory.
/// </summary>
public static class EmbeddedDataset
{
    /// <summary>The resource name prefix of the embedded data files.</summary>
    public const string ResourcePrefix = "FrontlineMaps.Data/";

    private static readonly Lazy<(Dataset Dataset, string Version)> Cached = new(() =>
    {
        var dataset = Load(typeof(Dataset).Assembly);
        return (dataset, DatasetVersion.Compute(dataset));
    });

    /// <summary>True when the assembly carries an embedded manifest.</summary>
    public static bool IsAvailable => typeof(Dataset).Assembly.GetManifestResourceInfo(ResourcePrefix + DatasetFiles.Manifest) is not null;

    /// <summary>Loads (once) and returns the embedded dataset, validated.</summary>
    /// <exception cref="DatasetFormatException">A file is missing or invalid (the message names the resource file and line).</exception>
    public static Dataset Load() => Cached.Value.Dataset;

    /// <summary>The content version of the embedded dataset (see <see cref="DatasetVersion"/>).</summary>
    public static string Version => Cached.Value.Version;

    /// <summary>Reads the dataset embedded in <paramref name="assembly"/> under <see cref="ResourcePrefix"/>.</summary>
    internal static Dataset Load(Assembly assembly) => DatasetFiles.Read(name =>
        assembly.GetManifestResourceStream(ResourcePrefix + name) is { } stream
            ? new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true)
            : null);
}
