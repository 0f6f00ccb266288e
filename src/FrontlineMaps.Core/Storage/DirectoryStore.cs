using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A dataset kept as a directory of files in the format of <c>docs/data-format.md</c> (see <see cref="DatasetFiles"/>).
/// Loads are cached until a file's length or write time changes. Appends take an exclusive lock file, re-read and
/// validate, then rewrite each touched file through a temp file and a rename, keeping the existing bytes and adding
/// the new lines; files are renamed in dependency order (factions, sources, places, changes), so even a crash between
/// two renames leaves a valid dataset.
/// </summary>
public sealed class DirectoryStore : IDatasetStore
{
    private const string LockFile = ".frontlinemaps.lock";
    private static readonly string[] Files = [DatasetFiles.Manifest, DatasetFiles.Factions, DatasetFiles.Sources, DatasetFiles.Places, DatasetFiles.Changes, DatasetFiles.Boundary];
    private readonly object _gate = new();
    private LoadedRevision? _cache;

    /// <summary>A store over <paramref name="directory"/>; nothing is read until it is needed.</summary>
    public DirectoryStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        DirectoryPath = Path.GetFullPath(directory);
    }

    /// <summary>The full path of the dataset directory.</summary>
    public string DirectoryPath { get; }

    /// <inheritdoc />
    public int SchemaVersion => DatasetFiles.SchemaVersion;

    /// <inheritdoc />
    public string Version => Current().Version.Value;

    /// <inheritdoc />
    public bool IsEmpty => !File.Exists(Path.Combine(DirectoryPath, DatasetFiles.Manifest));

    /// <inheritdoc />
    public Dataset Load() => Current().Dataset;

    /// <inheritdoc />
    public void Append(IReadOnlyList<ControlChange> changes) => Append(DatasetAdditions.OfChanges(changes));

    /// <inheritdoc />
    public void Append(DatasetAdditions additions)
    {
        ArgumentNullException.ThrowIfNull(additions);
        if (additions.IsEmpty)
            return;
        lock (_gate)
        {
            using var fileLock = AcquireLock();
            var current = Current();
            var combined = additions.ApplyTo(current.Dataset);
            DatasetValidator.Validate(combined, current.Layout.Locate);

            var files = new List<DatasetFile>(4);
            AddAppended(files, DatasetFiles.Factions, DatasetWriter.Lines(additions.Factions, DatasetWriter.WriteFaction));
            AddAppended(files, DatasetFiles.Sources, DatasetWriter.Lines(additions.Sources, DatasetWriter.WriteSource));
            AddAppended(files, DatasetFiles.Places, DatasetWriter.Lines(additions.Places, DatasetWriter.WritePlace));
            AddAppended(files, DatasetFiles.Changes, DatasetWriter.Lines(additions.Changes, DatasetWriter.WriteChange));
            AtomicFiles.Replace(DirectoryPath, files);
            _cache = null;
        }
    }

    /// <inheritdoc />
    public void Import(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            Directory.CreateDirectory(DirectoryPath);
            using var fileLock = AcquireLock();
            if (Files.Any(f => File.Exists(Path.Combine(DirectoryPath, f))))
                throw new InvalidOperationException($"{DirectoryPath} already holds a dataset; import needs an empty store.");
            DatasetFiles.Write(DirectoryPath, dataset);
            _cache = null;
        }
    }

    private void AddAppended(List<DatasetFile> files, string name, byte[] lines)
    {
        if (lines.Length == 0)
            return;
        var existing = File.ReadAllBytes(Path.Combine(DirectoryPath, name));
        var needsNewline = existing.Length > 0 && existing[^1] != (byte)'\n';
        var content = new byte[existing.Length + (needsNewline ? 1 : 0) + lines.Length];
        existing.CopyTo(content, 0);
        if (needsNewline)
            content[existing.Length] = (byte)'\n';
        lines.CopyTo(content, content.Length - lines.Length);
        files.Add(new DatasetFile(name, content));
    }

    private LoadedRevision Current()
    {
        lock (_gate)
        {
            var fingerprint = Fingerprint();
            if (_cache is { } cached && cached.Fingerprint == fingerprint)
                return cached;
            return _cache = Read();
        }
    }

    private LoadedRevision Read()
    {
        // Fingerprint before reading: a concurrent edit makes the next call read again rather than serve stale data.
        var fingerprint = Fingerprint();
        var (dataset, layout) = DatasetParser.Parse(DatasetFiles.OpenIn(DirectoryPath));
        return new LoadedRevision(dataset, fingerprint, layout);
    }

    private string Fingerprint() => string.Join('|', Files.Select(name =>
    {
        var info = new FileInfo(Path.Combine(DirectoryPath, name));
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "-";
    }));

    private FileStream AcquireLock()
    {
        var path = Path.Combine(DirectoryPath, LockFile);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>The dataset as read at one fingerprint of the directory (a read of the store, not a map at a date).</summary>
    private sealed class LoadedRevision(Dataset dataset, string fingerprint, DatasetLayout layout)
    {
        public Dataset Dataset { get; } = dataset;
        public string Fingerprint { get; } = fingerprint;
        public DatasetLayout Layout { get; } = layout;
        public StoreVersion Version { get; } = StoreVersion.Of(dataset);
    }
}
