using System.Globalization;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkiaSharp;
using Svg.Skia;

namespace FrontlineMaps.Server.Api;

/// <summary>
/// <c>GET /snapshots/{date}.png</c>: the static map as a PNG, for link previews (Open Graph, Twitter cards, oEmbed thumbnails)
/// and chat apps that do not show SVG. It is the SVG snapshot (<see cref="SnapshotSvg"/>) rendered with Svg.Skia and fitted into
/// <c>width</c> × <c>height</c> (default 1200 × 630, the Open Graph size; each 200 to 2400) on white, so both formats show the same
/// map, legend and date. Same parameters, errors and caching as the SVG (ETag, immutable with the current <c>v</c>); the
/// expensive-reads limiter bounds how many are rendered (it covers all of <c>/snapshots/</c>).
/// </summary>
internal static class SnapshotPng
{
    /// <summary>The Open Graph image size.</summary>
    public const int DefaultWidth = 1200, DefaultHeight = 630;

    private const int MinSize = 200, MaxSize = 2400;

    /// <summary><c>GET /snapshots/{date}.png</c>.</summary>
    public static Results<FileContentHttpResult, StatusCodeHttpResult> Handle(
        [AsParameters] DatedQuery query, [FromQuery] string? bbox, [FromQuery] string? width, [FromQuery] string? height,
        HttpContext http, [FromServices] DerivedCache cache)
    {
        var w = ParseSize("width", width, DefaultWidth);
        var h = ParseSize("height", height, DefaultHeight);
        var view = SnapshotSvg.Prepare(query, bbox, http, cache, $"png|{w}x{h}");
        if (view is null) return DatedCaching.NotModified;
        // The SVG is laid out at the PNG's size (a landscape preview puts the legend beside the map), then rasterised.
        var svg = SnapshotSvg.Render(query.State, view.Snapshot, cache.For(view.Snapshot), view.Region, view.Bbox, w, h);
        return TypedResults.Bytes(ToPng(svg, w, h), "image/png");
    }

    private static int ParseSize(string name, string? value, int fallback)
    {
        if (value is null) return fallback;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < MinSize || n > MaxSize)
            throw ProblemException.BadRequest(name, $"'{value}' is not a whole number of pixels from {MinSize} to {MaxSize}");
        return n;
    }

    /// <summary>Renders SVG bytes into a <paramref name="width"/> × <paramref name="height"/> PNG, centred and scaled to fit.</summary>
    internal static byte[] ToPng(byte[] svgBytes, int width, int height)
    {
        using var svg = new SKSvg();
        using (var input = new MemoryStream(svgBytes)) svg.Load(input);
        var picture = svg.Picture ?? throw new InvalidOperationException("the SVG snapshot did not render");
        var bounds = picture.CullRect;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var scale = (float)Math.Min(width / bounds.Width, height / bounds.Height);
        canvas.Translate((width - bounds.Width * scale) / 2, (height - bounds.Height * scale) / 2);
        canvas.Scale(scale);
        canvas.DrawPicture(picture);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
