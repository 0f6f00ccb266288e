using Microsoft.Extensions.FileProviders;

namespace FrontlineMaps.Server.Viewer;

/// <summary>
/// Where the built viewer is: <c>viewer.html</c> and <c>assets/</c>, written by src/FrontlineMaps.Viewer/build.mjs into the server's
/// wwwroot during <c>dotnet build</c> and copied to the output directory. The web root is used when it holds the viewer (a
/// <c>dotnet run</c> from the project), else the copy beside the assembly (tests, published apps).
/// </summary>
public sealed class ViewerFiles
{
    /// <summary>Finds the viewer for this host.</summary>
    public ViewerFiles(IWebHostEnvironment environment)
    {
        var candidates = new[] { environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") };
        Root = candidates.FirstOrDefault(dir => !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "viewer.html")));
        Assets = Root is null ? new NullFileProvider() : new PhysicalFileProvider(Path.Combine(Root, "assets"));
    }

    /// <summary>The directory holding viewer.html, or null when the viewer was not built.</summary>
    public string? Root { get; }

    /// <summary>The hashed assets (bundle, stylesheet, worker, basemap) and their <c>.gz</c> copies.</summary>
    public IFileProvider Assets { get; }

    private sealed record ShellCache(DateTime Stamp, string Html);

    private volatile ShellCache? _shell; // replaced whole, so concurrent requests never see a torn pair

    /// <summary>The HTML shell (read again when the build rewrites it), or null when the viewer was not built.</summary>
    public string? Shell()
    {
        if (Root is null) return null;
        var path = Path.Combine(Root, "viewer.html");
        var stamp = File.GetLastWriteTimeUtc(path);
        var cached = _shell;
        if (cached is not null && cached.Stamp == stamp) return cached.Html;
        var html = File.ReadAllText(path);
        _shell = new ShellCache(stamp, html);
        return html;
    }
}
