using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The SHA-256 of each canonical file of a dataset (<see cref="DatasetFiles.Serialize"/>), kept running for the four NDJSON
/// files so that a dataset with records appended gets its digests by hashing only the appended lines: the canonical files
/// list records in the dataset's order, one line each, so appending records to the dataset appends their lines to the files.
/// Immutable: <see cref="Append"/> continues copies of the running hashes, never this instance's.
/// </summary>
internal sealed class DatasetDigest
{
    private static readonly string[] RecordFiles = [DatasetFiles.Factions, DatasetFiles.Sources, DatasetFiles.Places, DatasetFiles.Changes];

    private readonly byte[] _manifest;
    private readonly byte[]? _boundary;
    // One running SHA-256 per record file, in RecordFiles order. Only ever cloned (under the lock) after construction.
    private readonly IncrementalHash[] _running;

    private DatasetDigest(byte[] manifest, byte[]? boundary, IncrementalHash[] running)
    {
        _manifest = manifest;
        _boundary = boundary;
        _running = running;
        Version = DatasetVersion.Combine(Files());
    }

    /// <summary>The content version these digests give (<see cref="DatasetVersion"/>).</summary>
    public string Version { get; }

    /// <summary>How many times <see cref="Of"/> ran on the calling thread: tests check that appends do not hash everything again.</summary>
    [ThreadStatic]
    internal static int WholeComputesOnThisThread;

    /// <summary>The digests of every canonical file of <paramref name="dataset"/>: one pass over its whole serialization.</summary>
    public static DatasetDigest Of(Dataset dataset)
    {
        WholeComputesOnThisThread++;
        var files = DatasetWriter.Serialize(dataset).ToDictionary(f => f.Name, f => f.Content, StringComparer.Ordinal);
        var running = new IncrementalHash[RecordFiles.Length];
        for (var i = 0; i < RecordFiles.Length; i++)
        {
            running[i] = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            running[i].AppendData(files[RecordFiles[i]].Span);
        }
        return new DatasetDigest(SHA256.HashData(files[DatasetFiles.Manifest].Span),
            files.TryGetValue(DatasetFiles.Boundary, out var boundary) ? SHA256.HashData(boundary.Span) : null, running);
    }

    /// <summary>
    /// The digests of the dataset with <paramref name="additions"/> appended (<see cref="DatasetAdditions.ApplyTo"/>): costs what
    /// the additions serialize to, whatever the size of the dataset. The manifest and the boundary are not changed by an append.
    /// </summary>
    public DatasetDigest Append(DatasetAdditions additions)
    {
        var running = new IncrementalHash[RecordFiles.Length];
        lock (_running)
            for (var i = 0; i < running.Length; i++)
                running[i] = _running[i].Clone();
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, DatasetWriter.Options);
        AppendLines(running[0], buffer, writer, additions.Factions, DatasetWriter.WriteFaction);
        AppendLines(running[1], buffer, writer, additions.Sources, DatasetWriter.WriteSource);
        AppendLines(running[2], buffer, writer, additions.Places, DatasetWriter.WritePlace);
        AppendLines(running[3], buffer, writer, additions.Changes, DatasetWriter.WriteChange);
        return new DatasetDigest(_manifest, _boundary, running);
    }

    private static void AppendLines<T>(IncrementalHash hash, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, IReadOnlyList<T> records,
        Action<Utf8JsonWriter, T> write)
    {
        foreach (var record in records)
        {
            // The canonical line of the record, exactly as DatasetWriter writes it into its file.
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer, record);
            writer.Flush();
            buffer.Write("\n"u8);
            hash.AppendData(buffer.WrittenSpan);
        }
    }

    /// <summary>Each canonical file's name and SHA-256, in the order <see cref="DatasetFiles.Serialize"/> writes them.</summary>
    private IEnumerable<(string Name, byte[] Sha256)> Files()
    {
        yield return (DatasetFiles.Manifest, _manifest);
        for (var i = 0; i < RecordFiles.Length; i++)
            yield return (RecordFiles[i], _running[i].GetCurrentHash());
        if (_boundary is not null)
            yield return (DatasetFiles.Boundary, _boundary);
    }
}
