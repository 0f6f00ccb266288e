using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The content version of a dataset: SHA-256 over its canonical serialization (<see cref="DatasetFiles.Serialize"/>),
/// file by file, shortened to 32 lower-case hex digits. Two stores holding equal content report the same version,
/// however their files are laid out; appending any record changes it.
/// </summary>
public static class DatasetVersion
{
    /// <summary>Computes the content version of <paramref name="dataset"/>.</summary>
    public static string Compute(Dataset dataset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var file in DatasetFiles.Serialize(dataset))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Name));
            BinaryPrimitives.WriteInt64LittleEndian(length, file.Content.Length);
            hash.AppendData(length);
            hash.AppendData(file.Content.Span);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
