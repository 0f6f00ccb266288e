namespace FrontlineMaps.Core.Storage;

/// <summary>Opens the right store for a path.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// A <see cref="DirectoryStore"/> for an existing directory; a <see cref="SqliteStore"/> for a <c>.sqlite</c>,
    /// <c>.sqlite3</c> or <c>.db</c> file (created when missing).
    /// </summary>
    /// <exception cref="ArgumentException">The path is neither a directory nor a SQLite file name.</exception>
    /// <exception cref="DatasetFormatException">The SQLite file has an unsupported schema.</exception>
    public static IDatasetStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            return new DirectoryStore(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".sqlite" or ".sqlite3" or ".db")
            return new SqliteStore(path);
        throw new ArgumentException($"'{path}' is neither a dataset directory nor a SQLite file (.sqlite, .db).", nameof(path));
    }
}
