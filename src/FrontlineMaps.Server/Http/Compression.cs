using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// Brotli and gzip for the text responses (GeoJSON items and snapshots, JSON, CSV, Atom, SVG, HTML) when <c>Accept-Encoding</c>
/// asks, through ASP.NET Core's response compression at its fastest level (a 10k-place snapshot shrinks about tenfold; a request
/// should not wait on a slow compressor). Tiles are compressed (brotli or gzip) once in the tile cache and PNGs are compressed already: both are left alone.
/// </summary>
public static class Compression
{
    /// <summary>The media types compressed.</summary>
    public static readonly string[] MimeTypes =
    [
        "application/geo+json", "application/json", "application/schema+json", "application/problem+json",
        "application/vnd.oai.openapi+json", "application/atom+xml", "text/csv", "text/html", "text/plain", "image/svg+xml",
    ];

    /// <summary>Registers brotli (preferred) and gzip.</summary>
    public static IServiceCollection AddFrontlineCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // the bodies hold no secrets a compression side channel could leak
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses, and gives compressed bodies their own ETag (<see cref="Conditional.CompressedETags"/>).</summary>
    public static WebApplication UseFrontlineCompression(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Conditional.CompressedETags(context.Response);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseResponseCompression();
        return app;
    }
}
