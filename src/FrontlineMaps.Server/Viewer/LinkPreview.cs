using FrontlineMaps.Core.Domain;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Viewer;

/// <summary>
/// What a link to the viewer or an embed previews as in chats and social networks: Open Graph and Twitter card tags for the
/// link's date, with <c>og:image</c> the PNG snapshot of that date pinned with <c>known_at</c> (the link's, else the last record
/// served now), so a preview keeps showing the map the link was shared with. Also the oEmbed thumbnail.
/// </summary>
internal static class LinkPreview
{
    /// <summary>The date, knowledge cut-off and box a link shows; a malformed or missing value falls back (a page never fails).</summary>
    public sealed record Target(DateOnly Date, string KnownAt, string? Bbox);

    /// <summary>Reads the view from a viewer or embed query: <c>date</c> (default: the last date), <c>known_at</c>, <c>bbox</c>.</summary>
    public static Target Of(IQueryCollection query, MapState state)
    {
        var (first, last) = state.DateRange;
        var date = last;
        if (QueryText(query, "date") is { } d && DayFormat.TryParse(d, out var asked))
            date = asked < first ? first : asked > last ? last : asked;
        string? knownAt = null;
        if (QueryText(query, "known_at") is { } k)
        {
            try { knownAt = ApiRequest.PreciseInstant(QueryParsing.ParseKnownAt("known_at", k)); }
            catch (ProblemException) { }
        }
        knownAt ??= state.Timeline.LastRecordedAt() is { } recorded ? ApiRequest.PreciseInstant(recorded) : null;
        string? bbox = null;
        if (QueryText(query, "bbox") is { } b)
        {
            try
            {
                var box = QueryParsing.ParseBbox("bbox", b);
                if (box.MaxLon > box.MinLon && box.MaxLat > box.MinLat) bbox = b;
            }
            catch (ProblemException) { }
        }
        return new Target(date, knownAt ?? "", bbox);
    }

    /// <summary>The PNG snapshot URL of <paramref name="target"/> at a size.</summary>
    public static string ImageUrl(string baseUrl, Target target, int width = SnapshotPng.DefaultWidth, int height = SnapshotPng.DefaultHeight)
    {
        var q = new List<KeyValuePair<string, string?>>();
        if (target.KnownAt.Length > 0) q.Add(new("known_at", target.KnownAt));
        if (target.Bbox is { } b) q.Add(new("bbox", b));
        if (width != SnapshotPng.DefaultWidth || height != SnapshotPng.DefaultHeight)
        {
            q.Add(new("width", width.ToString(CultureInfo.InvariantCulture)));
            q.Add(new("height", height.ToString(CultureInfo.InvariantCulture)));
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{baseUrl}/snapshots/{ApiRequest.Day(target.Date)}.png", q);
    }

    /// <summary>"2 December 2019", as the viewer writes dates.</summary>
    public static string LongDate(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The title of a link to <paramref name="date"/>.</summary>
    public static string Title(DateOnly date, string name) => $"Control of territory on {LongDate(date)} · {name}";

    /// <summary>One sentence on the map of the date: how many places have a known controller, and the largest holders.</summary>
    public static string Description(MapState state, Target target)
    {
        var snapshot = state.Timeline.Snapshot(target.Date);
        var counts = new int[state.Timeline.Factions.Length];
        var known = 0;
        for (var i = 0; i < snapshot.Count; i++)
        {
            if (snapshot.StatusOf(i) == PlaceStatus.Unknown) continue;
            known++;
            if (snapshot.ControllerOf(i) is >= 0 and var f) counts[f]++;
        }
        var top = counts.Select((n, f) => (n, f)).Where(x => x.n > 0).OrderByDescending(x => x.n).ThenBy(x => x.f).Take(3)
            .Select(x => $"{state.Timeline.Factions[x.f].ShortName} {x.n.ToString("N0", CultureInfo.InvariantCulture)}");
        var sb = new StringBuilder($"Who held which place on {LongDate(target.Date)}, with the sources behind every village. ");
        sb.Append(known.ToString("N0", CultureInfo.InvariantCulture)).Append(" places with a known controller");
        var list = string.Join(", ", top);
        if (list.Length > 0) sb.Append(" (").Append(list).Append(')');
        return sb.Append('.').ToString();
    }

    /// <summary>The Open Graph and Twitter card tags of a viewer or embed page.</summary>
    public static string MetaTags(string baseUrl, string pageUrl, MapState state, Target target)
    {
        var html = HtmlEncoder.Default;
        var name = state.Timeline.Dataset.Info.Name;
        var title = Title(target.Date, name);
        var description = Description(state, target);
        var image = ImageUrl(baseUrl, target);
        var alt = $"Map of who controlled which places in {name} on {LongDate(target.Date)}";
        var sb = new StringBuilder();
        // Stored text (the dataset's and factions' names) as markup-safe text (FreeText.ForMarkup), then encoded.
        void Property(string p, string v) => sb.Append($"<meta property=\"{p}\" content=\"{html.Encode(Core.Domain.FreeText.ForMarkup(v))}\">\n");
        void Name(string n, string v) => sb.Append($"<meta name=\"{n}\" content=\"{html.Encode(Core.Domain.FreeText.ForMarkup(v))}\">\n");
        Property("og:type", "website");
        Property("og:site_name", "FrontlineMaps");
        Property("og:title", title);
        Property("og:description", description);
        Property("og:url", pageUrl);
        Property("og:image", image);
        Property("og:image:type", "image/png");
        Property("og:image:width", SnapshotPng.DefaultWidth.ToString(CultureInfo.InvariantCulture));
        Property("og:image:height", SnapshotPng.DefaultHeight.ToString(CultureInfo.InvariantCulture));
        Property("og:image:alt", alt);
        Name("twitter:card", "summary_large_image");
        Name("twitter:title", title);
        Name("twitter:description", description);
        Name("twitter:image", image);
        Name("twitter:image:alt", alt);
        return sb.ToString();
    }

    private static string? QueryText(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0] : null;
}
