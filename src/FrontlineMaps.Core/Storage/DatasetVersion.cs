using System.Security.Cryptography;
using System.Text;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The content version of a dataset: the SHA-256 of each file of its canonical serialization (<see cref="DatasetFiles.Serialize"/>),
/// listed as <c>sha256sum</c> lists them (<c>HEX␠␠NAME\n</c>, files in the order written: <c>dataset.json</c>, the four NDJSON
/// files, <c>boundary.geojson</c> if any), and that listing hashed with SHA-256, shortened to 32 lower-case hex digits. So a
/// directory written by <c>frontline export</c> gives it with <c>sha256sum dataset.json factions.ndjson sources.ndjson
/// places.ndjson changes.ndjson [boundary.geojson] | sha256sum | cut -c1-32</c>. Two stores holding equal content report the
/// same version, however their files are laid out and whatever writes built it; appending any record changes it. Per file, so
/// that after an append a store hashes only the appended lines (<see cref="DatasetDigest"/>, <see cref="StoreVersion"/>).
/// </summary>
public static class DatasetVersion
{
    /// <summary>Computes the content version of <paramref name="dataset"/> in full.</summary>
    public static string Compute(Dataset dataset) => DatasetDigest.Of(dataset).Version;

    /// <summary>The version of the files whose names and SHA-256 digests are given, in serialization order.</summary>
    internal static string Combine(IEnumerable<(string Name, byte[] Sha256)> files)
    {
        var listing = new StringBuilder();
        foreach (var (name, sha256) in files)
            listing.Append(Convert.ToHexStringLower(sha256)).Append("  ").Append(name).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())))[..32];
    }
}

/// <summary>
/// The content version of one revision a store loaded: computed in full the first time it is asked for, and carried to a
/// revision made by appending records to this one (hashing only those records) once this one's is known. A revision whose
/// predecessor's version was never asked for computes its own in full, so no revision holds on to older ones.
/// </summary>
internal sealed class StoreVersion
{
    private readonly Lazy<DatasetDigest> _digest;

    private StoreVersion(Lazy<DatasetDigest> digest) => _digest = digest;

    /// <summary>The version of <paramref name="dataset"/>, computed in full when first asked for.</summary>
    public static StoreVersion Of(Dataset dataset) => new(new Lazy<DatasetDigest>(() => DatasetDigest.Of(dataset)));

    /// <summary>
    /// The version of <paramref name="combined"/>, which is this revision's dataset with <paramref name="additions"/> appended
    /// (<see cref="DatasetAdditions.ApplyTo"/>, the records exactly as the new revision holds them).
    /// </summary>
    public StoreVersion Appended(Dataset combined, DatasetAdditions additions) =>
        _digest.IsValueCreated ? new(new Lazy<DatasetDigest>(_digest.Value.Append(additions))) : Of(combined);

    /// <summary>The version string (<see cref="DatasetVersion"/>).</summary>
    public string Value => _digest.Value.Version;
}
