namespace FrontlineMaps.Core.Tests.Import;

/// <summary>Locates ../shared beside the repository (CI has it: a missing file fails the test).</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.GetFullPath(RepoPaths.Shared(parts));
        Assert.True(File.Exists(path) || Directory.Exists(path), $"shared data missing: {path}");
        return path;
    }

    /// <summary>A fresh temporary directory, deleted on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string FullName { get; } = Directory.CreateTempSubdirectory("frontline-import-").FullName;

        public string File(string name) => System.IO.Path.Combine(FullName, name);

        public void Dispose() => Directory.Delete(FullName, recursive: true);
    }
}
