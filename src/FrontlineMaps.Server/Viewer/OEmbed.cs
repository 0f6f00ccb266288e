using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Viewer;

/// <summary>
/// oEmbed 1.0 (<c>/oembed?url=&amp;maxwidth=&amp;maxheight=&amp;format=json</c>): for a link to this server's viewer or embed page, a
/// <c>rich</c> response whose <c>html</c> is an iframe of <c>/embed</c> with the same view. A link elsewhere is a 404, a malformed
/// parameter a 400 naming it, <c>format=xml</c> a 501 (as the oEmbed spec says). The iframe is pinned to what was known when the
/// embed was made: the link's <c>known_at</c>, else the last record served now. An article then keeps showing the map its text was
/// written against, even after records about that date are added; its "Open in FrontlineMaps" link shows the latest map.
/// </summary>
public static class OEmbed
{
    /// <summary>Default size of the embedded map.</summary>
    public const int DefaultWidth = 800, DefaultHeight = 500;

    /// <summary>View parameters carried from the pasted link to the iframe.</summary>
    private static readonly string[] Carried = ["date", "map", "from", "to", "bbox", "autoplay", "controls", "hide", "layers_off"];

    /// <summary>The embed's knowledge cut-off.</summary>
    private const string KnownAt = "known_at";

    /// <summary><c>GET /oembed</c>.</summary>
    internal static FileContentHttpResult Write([FromQuery] string? url, [FromQuery(Name = "maxwidth")] string? maxWidthText,
        [FromQuery(Name = "maxheight")] string? maxHeightText, [FromQuery] string? format, HttpContext context, [FromServices] MapState state)
    {
        format ??= "json";
        if (format == "xml") throw new ProblemException(StatusCodes.Status501NotImplemented, "format", "only format=json is implemented");
        if (format != "json") throw ProblemException.BadRequest("format", $"'{format}' is not an oEmbed format: expected json");
        if (string.IsNullOrWhiteSpace(url)) throw ProblemException.BadRequest("url", "the link to embed is required (url=...)");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || link.Scheme is not ("http" or "https"))
            throw ProblemException.BadRequest("url", "the link to embed must be an absolute http(s) URL");
        var request = context.Request;
        var baseUrl = OgcHttp.BaseUrl(request);
        var pathBase = request.PathBase.Value ?? "";
        var localPath = link.AbsolutePath.StartsWith(pathBase, StringComparison.Ordinal) ? link.AbsolutePath[pathBase.Length..] : "";
        if (!string.Equals(link.Authority, new Uri(baseUrl).Authority, StringComparison.OrdinalIgnoreCase) || localPath is not ("/" or "" or "/embed"))
            throw ProblemException.NotFound("url", "this server only embeds links to its own viewer (/ or /embed)");
        var maxWidth = ParseSize("maxwidth", maxWidthText);
        var maxHeight = ParseSize("maxheight", maxHeightText);

        var linkQuery = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var (first, last) = state.DateRange;
        var date = last;
        if (linkQuery.TryGetValue("date", out var dateText) && dateText.Count > 0 && !string.IsNullOrEmpty(dateText[0]))
        {
            if (!DayFormat.TryParse(dateText[0], out date))
                throw ProblemException.BadRequest("url", $"the link's date '{dateText[0]}' is not a YYYY-MM-DD date");
            if (date < first || date > last)
                throw ProblemException.Unprocessable("url", $"the link's date {DayFormat.Of(date)} is outside the data ({DayFormat.Of(first)} to {DayFormat.Of(last)})");
        }
        var carried = new List<KeyValuePair<string, string?>> { new("date", DayFormat.Of(date)) };
        foreach (var key in Carried.Skip(1))
            if (linkQuery.TryGetValue(key, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0])) carried.Add(new(key, v[0]));
        if (linkQuery.TryGetValue(KnownAt, out var known) && known.Count > 0 && !string.IsNullOrEmpty(known[0]))
        {
            QueryParsing.ParseKnownAt("url", known[0]!); // a malformed known_at in the link: 400 naming url
            carried.Add(new(KnownAt, known[0]));
        }
        else if (state.Timeline.LastRecordedAt() is { } recorded) carried.Add(new(KnownAt, Api.ApiRequest.PreciseInstant(recorded)));
        var src = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(baseUrl + "/embed", carried);

        var width = Math.Min(DefaultWidth, maxWidth ?? int.MaxValue);
        var height = Math.Min((int)Math.Round(width * (double)DefaultHeight / DefaultWidth), maxHeight ?? int.MaxValue);
        var name = state.Timeline.Dataset.Info.Name;
        var title = $"Control of territory on {date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}: {name} (FrontlineMaps)";
        var html = HtmlEncoder.Default;
        var iframe = $"<iframe src=\"{html.Encode(src)}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" " +
                     $"title=\"{html.Encode(title)}\" loading=\"lazy\" allowfullscreen></iframe>";

        context.Response.Headers.CacheControl = "public, max-age=300";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteString("type", "rich");
        w.WriteString("title", title);
        w.WriteString("provider_name", "FrontlineMaps");
        w.WriteString("provider_url", baseUrl + "/");
        w.WriteNumber("cache_age", 300);
        w.WriteString("html", iframe);
        w.WriteNumber("width", width);
        w.WriteNumber("height", height);
        // A preview image of the same view (oEmbed 1.0 §2.3.4: within maxwidth/maxheight), when a legible size fits.
        var thumbWidth = Math.Min(SnapshotPng.DefaultWidth, maxWidth ?? int.MaxValue);
        var thumbHeight = (int)Math.Round(thumbWidth * (double)SnapshotPng.DefaultHeight / SnapshotPng.DefaultWidth);
        if (maxHeight is { } mh && thumbHeight > mh) (thumbHeight, thumbWidth) = (mh, (int)Math.Round(mh * (double)SnapshotPng.DefaultWidth / SnapshotPng.DefaultHeight));
        if (thumbWidth >= 200 && thumbHeight >= 200)
        {
            var pinned = new LinkPreview.Target(date, carried.FirstOrDefault(kv => kv.Key == KnownAt).Value ?? "", carried.FirstOrDefault(kv => kv.Key == "bbox").Value);
            w.WriteString("thumbnail_url", LinkPreview.ImageUrl(baseUrl, pinned, thumbWidth, thumbHeight));
            w.WriteNumber("thumbnail_width", thumbWidth);
            w.WriteNumber("thumbnail_height", thumbHeight);
        }
        w.WriteEndObject();
        w.Flush();
        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    private static int? ParseSize(string name, string? text)
    {
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 10_000)
            throw ProblemException.BadRequest(name, $"'{text}' is not a size in pixels (1 to 10000)");
        return n;
    }
}
