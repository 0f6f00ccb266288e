namespace FrontlineMaps.Testing;

/// <summary>
/// Where the repository and the shared data beside it are, found from the test binary's location. Linked into every test
/// and benchmark project by tests/Directory.Build.props.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FrontlineMaps.sln"))) return dir.FullName;
        throw new InvalidOperationException("FrontlineMaps.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (where FrontlineMaps.sln is).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path in the shared folder beside the repository (../shared). CI has it; a missing file is a failure.</summary>
    public static string Shared(params string[] parts) => Path.Combine([Path.GetDirectoryName(Root)!, "shared", .. parts]);

    /// <summary>A path inside the repository.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);
}
