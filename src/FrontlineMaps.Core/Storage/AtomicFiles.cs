namespace FrontlineMaps.Core.Storage;

/// <summary>Replaces files through temp files that are flushed to disk and then renamed over the originals.</summary>
internal static class AtomicFiles
{
    /// <summary>
    /// Writes every file to a temp file in <paramref name="directory"/> (flushed to disk), then renames them over the
    /// targets in the given order. A failure before the renames deletes the temp files and leaves the targets untouched.
    /// </summary>
    public static void Replace(string directory, IReadOnlyList<DatasetFile> files)
    {
        var temps = new List<(string Temp, string Target)>(files.Count);
        try
        {
            foreach (var file in files)
            {
                var target = Path.Combine(directory, file.Name);
                var temp = Path.Combine(directory, $".{file.Name}.{Guid.NewGuid():N}.tmp");
                temps.Add((temp, target));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                stream.Write(file.Content.Span);
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            foreach (var (temp, _) in temps)
                TryDelete(temp);
            throw;
        }

        foreach (var (temp, target) in temps)
            File.Move(temp, target, overwrite: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
