using System.Text;
using System.Xml;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary>
/// The change feed for <c>[from, to)</c> as CSV (for spreadsheets) and as Atom 1.0 (RFC 4287, for feed readers): one row or
/// entry per record, in valid-time order.
/// </summary>
internal static class ChangeFeed
{
    /// <summary>The parameters of both feeds: the window <c>[from, to)</c>, <c>known_at</c> and the page.</summary>
    public sealed record FeedQuery(
        [FromQuery(Name = "from")] string? From, [FromQuery(Name = "to")] string? To, [FromQuery(Name = "known_at")] string? KnownAt,
        [FromQuery(Name = "limit")] string? Limit, [FromQuery(Name = "offset")] string? Offset, [FromServices] MapState State);

    /// <summary>The Atom namespace.</summary>
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Records per page of a feed unless <c>limit</c> says otherwise, and the most a page holds.</summary>
    public const int DefaultPage = 1_000, MaxPage = 10_000;

    /// <summary>A feed's page: <c>offset</c> and <c>limit</c> (capped to <see cref="MaxPage"/>), validated, naming the parameter.</summary>
    private static (int Offset, int Limit) Page(string? limitText, string? offsetText)
    {
        var limit = limitText is null ? DefaultPage : Math.Min(QueryParsing.ParseLimit("limit", limitText), MaxPage);
        return (QueryParsing.ParseOffset("offset", offsetText), limit);
    }

    /// <summary>The URL of another page of this feed (same window and knowledge), or null past either end.</summary>
    private static string? PageUrl(HttpRequest request, int offset, int limit, int count)
    {
        if (offset < 0 || offset >= count) return null;
        var q = request.Query.Where(kv => kv.Key is not ("offset" or "limit"))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString())).ToList();
        q.Add(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (offset > 0) q.Add(new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PublicAddress.Of(request) + request.Path, q);
    }

    /// <summary><c>GET /api/changes.csv</c>: one page (<c>limit</c>, <c>offset</c>); the next page in a <c>Link: rel="next"</c> header.</summary>
    public static FileContentHttpResult Csv([AsParameters] FeedQuery query, HttpRequest request, HttpResponse response)
    {
        var state = query.State;
        var (from, to) = FeedWindow(query.From, query.To, state);
        var knownAt = KnownAt(query.KnownAt);
        var (offset, limit) = Page(query.Limit, query.Offset);
        var all = state.Timeline.Changes(from, to, knownAt);
        var changes = all.Skip(offset).Take(limit).ToList();
        response.Headers["X-Total-Count"] = all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (PageUrl(request, offset + limit, limit, all.Count) is { } next) links.Add($"<{next}>; rel=\"next\"; type=\"text/csv\"");
        if (offset > 0 && PageUrl(request, QueryParsing.PreviousPageOffset(offset, limit, all.Count), limit, all.Count) is { } prev)
            links.Add($"<{prev}>; rel=\"prev\"; type=\"text/csv\"");
        if (links.Count > 0) response.Headers.Link = string.Join(", ", links);
        var text = new StringWriter();
        ChangeCsv.Write(text, state.Timeline, changes, knownAt);
        response.Headers.ContentDisposition = $"attachment; filename=\"changes-{Day(from)}-{Day(to)}.csv\"";
        return TypedResults.Bytes(Utf8.GetBytes(text.ToString()), "text/csv; charset=utf-8");
    }

    /// <summary><c>GET /api/changes.atom</c>: one page of a paged feed (RFC 5005 §3: <c>first</c>, <c>next</c>, <c>previous</c>, <c>last</c> links).</summary>
    public static FileContentHttpResult Atom([AsParameters] FeedQuery query, HttpRequest request)
    {
        var state = query.State;
        var (from, to) = FeedWindow(query.From, query.To, state);
        var knownAt = KnownAt(query.KnownAt);
        var (offset, limit) = Page(query.Limit, query.Offset);
        var timeline = state.Timeline;
        var all = timeline.Changes(from, to, knownAt);
        var changes = all.Skip(offset).Take(limit).ToList();
        var baseUrl = PublicAddress.Of(request);
        var self = baseUrl + request.Path + request.QueryString;
        var updated = changes.Count > 0 ? changes.Max(c => c.RecordedAt)
            : timeline.Log.Count > 0 ? timeline.Log.Max(c => c.RecordedAt) : DateTimeOffset.UnixEpoch;

        using var stream = new MemoryStream();
        using (var x = SafeXmlWriter.Over(stream, new XmlWriterSettings { Encoding = Utf8, Indent = true }))
        {
            x.WriteStartDocument();
            x.WriteStartElement("feed", AtomNamespace);
            x.WriteElementString("id", AtomNamespace, $"tag:frontlinemaps,2026:changes/{Uri.EscapeDataString(state.DataVersion)}/{Day(from)}/{Day(to)}"
                + (knownAt is { } k ? "/known-at/" + Instant(k) : ""));
            x.WriteElementString("title", AtomNamespace, $"{timeline.Dataset.Info.Name}: control changes {Day(from)} to {Day(to)} (end exclusive)");
            x.WriteElementString("updated", AtomNamespace, Instant(updated));
            WriteLink(x, "self", self, "application/atom+xml");
            // RFC 5005 paged feed: a reader follows next until there is none.
            if (all.Count > 0)
            {
                WriteLink(x, "first", PageUrl(request, 0, limit, all.Count)!, "application/atom+xml");
                WriteLink(x, "last", PageUrl(request, (all.Count - 1) / limit * limit, limit, all.Count)!, "application/atom+xml");
            }
            if (PageUrl(request, offset + limit, limit, all.Count) is { } next) WriteLink(x, "next", next, "application/atom+xml");
            if (offset > 0 && all.Count > 0 && PageUrl(request, QueryParsing.PreviousPageOffset(offset, limit, all.Count), limit, all.Count) is { } previous)
                WriteLink(x, "previous", previous, "application/atom+xml");
            x.WriteStartElement("author", AtomNamespace);
            x.WriteElementString("name", AtomNamespace, "FrontlineMaps");
            x.WriteEndElement();
            x.WriteElementString("generator", AtomNamespace, "FrontlineMaps");
            if (!timeline.Dataset.Info.Attribution.IsDefault && timeline.Dataset.Info.Attribution.Length > 0)
                x.WriteElementString("rights", AtomNamespace, string.Join("; ", timeline.Dataset.Info.Attribution));
            foreach (var c in changes) WriteEntry(x, state, c, baseUrl, knownAt);
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return TypedResults.Bytes(stream.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static void WriteEntry(XmlWriter x, MapState state, ControlChange c, string baseUrl, DateTimeOffset? knownAt)
    {
        var timeline = state.Timeline;
        var place = timeline.Places[timeline.PlaceIndex(c.PlaceId)];
        var retracted = timeline.IsRetracted(c.Id, knownAt);
        x.WriteStartElement("entry", AtomNamespace);
        x.WriteElementString("id", AtomNamespace, $"tag:frontlinemaps,2026:change/{Uri.EscapeDataString(c.Id)}");
        x.WriteElementString("title", AtomNamespace, TitleOf(c, place) + (retracted ? " [retracted]" : ""));
        x.WriteElementString("updated", AtomNamespace, Instant(c.RecordedAt));
        var published = c.Sources.Select(s => state.Sources.GetValueOrDefault(s.SourceId)?.Published).Where(d => d is not null).Min();
        if (published is { } p)
            x.WriteElementString("published", AtomNamespace, Instant(new DateTimeOffset(p.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        x.WriteStartElement("author", AtomNamespace);
        x.WriteElementString("name", AtomNamespace, c.RecordedBy);
        x.WriteEndElement();
        WriteLink(x, "alternate", $"{baseUrl}/api/places/{Uri.EscapeDataString(c.PlaceId)}/history", "application/json");
        if (c.FactionId is not null)
        {
            x.WriteStartElement("category", AtomNamespace);
            x.WriteAttributeString("term", c.FactionId);
            x.WriteEndElement();
        }
        x.WriteStartElement("summary", AtomNamespace);
        x.WriteAttributeString("type", "text");
        x.WriteString(SummaryOf(state, c, retracted));
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static string SummaryOf(MapState state, ControlChange c, bool retracted)
    {
        var sb = new StringBuilder();
        sb.Append("On ").Append(c.ValidTime.ToString()).Append(" (").Append(GeoJsonFeatureEncoder.KindName(c.Kind)).Append(", ")
            .Append(GeoJsonFeatureEncoder.StatusName(c.Status)).Append("). ");
        if (c.Sources.Length > 0)
        {
            sb.Append("Sources: ");
            for (var i = 0; i < c.Sources.Length; i++)
            {
                var cit = c.Sources[i];
                var s = state.Sources.GetValueOrDefault(cit.SourceId);
                if (i > 0) sb.Append("; ");
                if (s is null) sb.Append(cit.SourceId);
                else
                {
                    sb.Append(s.Publisher).Append(", \u201C").Append(s.Title).Append('\u201D');
                    if (s.Published is { } d) sb.Append(", ").Append(Day(d));
                    if (s.Url is not null) sb.Append(", ").Append(s.Url);
                }
                if (cit.Claimant is not null) sb.Append(" (claimant: ").Append(cit.Claimant).Append(')');
            }
            sb.Append('.');
        }
        if (c.Retracts is not null) sb.Append(" Retracts ").Append(c.Retracts).Append('.');
        if (retracted) sb.Append(" This record has since been retracted.");
        if (c.Note is not null) sb.Append(" Note: ").Append(c.Note);
        return sb.ToString().Trim();
    }

    private static void WriteLink(XmlWriter x, string rel, string href, string type)
    {
        x.WriteStartElement("link", AtomNamespace);
        x.WriteAttributeString("rel", rel);
        x.WriteAttributeString("type", type);
        x.WriteAttributeString("href", href);
        x.WriteEndElement();
    }

    /// <summary>A short human title for a record: "Ejaz: captured by SAA (held)".</summary>
    internal static string TitleOf(ControlChange c, Place place)
    {
        var sb = new StringBuilder(place.Name).Append(": ");
        var status = GeoJsonFeatureEncoder.StatusName(c.Status);
        switch (c.Kind)
        {
            case ChangeKind.Capture:
                sb.Append(c.Status == ChangeStatus.Contested ? "contested by " : "captured by ").Append(c.FactionId).Append(" (").Append(status);
                if (c.Status == ChangeStatus.Claimed && c.ClaimOf == ChangeStatus.Contested) sb.Append(" fighting");
                sb.Append(')');
                break;
            case ChangeKind.Confirmation:
                sb.Append("confirmed for ").Append(c.FactionId).Append(" (").Append(status).Append(')');
                break;
            default:
                sb.Append("record ").Append(c.Retracts ?? "?").Append(" retracted");
                break;
        }
        return sb.ToString();
    }
}
