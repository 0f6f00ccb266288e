using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Server.Ogc;

/// <summary>A selection of features, ready to page and write.</summary>
/// <param name="Count">numberMatched.</param>
/// <param name="Write">Writes feature number <c>i</c> of the selection.</param>
internal sealed record FeatureSelection(int Count, Action<Utf8JsonWriter, int> Write);

/// <summary>Selects the features of each collection for an <see cref="ItemQuery"/> and answers the items documents as typed results.</summary>
internal sealed class OgcItems(MapState state, DerivedCache cache)
{
    private readonly Lazy<Dictionary<string, ControlChange>> _changesById = new(() =>
    {
        var d = new Dictionary<string, ControlChange>(StringComparer.Ordinal);
        foreach (var c in state.Timeline.Log) d.TryAdd(c.Id, c);
        return d;
    });

    /// <summary>The features of <paramref name="collection"/> matching <paramref name="q"/>.</summary>
    public FeatureSelection Select(OgcCollection collection, ItemQuery q) => collection.Id switch
    {
        OgcCollections.Places => SelectPlaces(q),
        OgcCollections.Changes => Wrap(SelectChanges(q), (w, c) => state.Encoder.WriteChange(w, c, q.KnownAt)),
        OgcCollections.Territory => Wrap(SelectTerritory(q), (w, t) => GeoJsonFeatureEncoder.WriteTerritory(w, t, q.MapDay(state))),
        OgcCollections.Frontlines => Wrap(SelectFrontLines(q), (w, f) => GeoJsonFeatureEncoder.WriteFrontLine(w, f, q.MapDay(state))),
        _ => Wrap(SelectFactions(q), WriteFaction),
    };

    private static FeatureSelection Wrap<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write) =>
        new(items.Count, (w, i) => write(w, items[i]));

    private FeatureSelection SelectPlaces(ItemQuery q)
    {
        var snapshot = state.Timeline.Snapshot(q.MapDay(state), q.KnownAt);
        var places = state.Timeline.Places;
        var faction = q.Faction is null ? -1 : state.Timeline.FactionIndex(q.Faction);
        var selected = new List<int>(places.Length);
        for (var i = 0; i < places.Length; i++)
        {
            var p = places[i];
            if (!q.Covers(p.Lon, p.Lat)) continue;
            if (q.Status is not null && GeoJsonFeatureEncoder.StatusName(snapshot.StatusOf(i)) != q.Status) continue;
            if (faction >= 0 && snapshot.ControllerOf(i) != faction) continue;
            selected.Add(i);
        }
        return new FeatureSelection(selected.Count, (w, k) => state.Encoder.WritePlace(w, snapshot, selected[k]));
    }

    private IReadOnlyList<ControlChange> SelectChanges(ItemQuery q)
    {
        var (first, last) = state.DateRange;
        var from = q.DateTime?.Start ?? first;
        var to = (q.DateTime?.End ?? (q.DateTime?.Start is { } s && s > last ? s : last)).AddDays(1);
        var changes = state.Timeline.Changes(from, to, q.KnownAt);
        if (q.Faction is null && q.Status is null && q.Bbox is null) return changes;
        var result = new List<ControlChange>();
        foreach (var c in changes)
        {
            if (q.Faction is not null && c.FactionId != q.Faction) continue;
            if (q.Status is not null && GeoJsonFeatureEncoder.StatusName(c.Status) != q.Status) continue;
            if (q.Bbox is not null)
            {
                var p = state.Timeline.Places[state.Timeline.PlaceIndex(c.PlaceId)];
                if (!q.Covers(p.Lon, p.Lat)) continue;
            }
            result.Add(c);
        }
        return result;
    }

    private DerivedCache.Derived Derived(ItemQuery q) => cache.For(state.Timeline.Snapshot(q.MapDay(state), q.KnownAt));

    private List<Territory> SelectTerritory(ItemQuery q)
    {
        return Derived(q).Territories
            .Where(t => (q.Faction is null || t.Faction == q.Faction) && (q.Status is null || t.Status == q.Status) && q.Meets(t.Geometry.EnvelopeInternal))
            .ToList();
    }

    private List<FrontLine> SelectFrontLines(ItemQuery q)
    {
        return Derived(q).FrontLines
            .Where(f => (q.Faction is null || f.Factions.Contains(q.Faction)) && q.Meets(f.Geometry.EnvelopeInternal))
            .ToList();
    }

    private List<Faction> SelectFactions(ItemQuery q)
    {
        // Factions have no geometry: per OGC API – Features, none intersects a bbox.
        if (q.Bbox is not null) return [];
        var result = new List<Faction>();
        foreach (var f in state.Timeline.Factions)
        {
            if (q.DateTime is { } d
                && !((d.End is null || f.ValidFrom is null || f.ValidFrom <= d.End) && (d.Start is null || f.ValidTo is null || f.ValidTo > d.Start)))
                continue;
            result.Add(f);
        }
        return result;
    }

    /// <summary>Writes one faction as a feature without geometry.</summary>
    public static void WriteFaction(Utf8JsonWriter w, Faction f)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", f.Id);
        w.WriteNull("geometry");
        w.WritePropertyName("properties");
        w.WriteStartObject();
        w.WriteString("id", f.Id);
        w.WriteString("name", f.Name);
        w.WriteString("short_name", f.ShortName);
        w.WriteString("color", f.Color);
        WriteStrings(w, "aliases", f.Aliases);
        if (f.Parent is null) w.WriteNull("parent"); else w.WriteString("parent", f.Parent);
        WriteAllies(w, f.Allies);
        if (f.ValidFrom is { } from) w.WriteString("valid_from", DayFormat.Of(from)); else w.WriteNull("valid_from");
        if (f.ValidTo is { } to) w.WriteString("valid_to", DayFormat.Of(to)); else w.WriteNull("valid_to");
        if (f.SucceededBy is null) w.WriteNull("succeeded_by"); else w.WriteString("succeeded_by", f.SucceededBy);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary><c>allies</c> as in factions.ndjson: a timeless alliance as the faction id, a dated one as
    /// <c>{"faction", "from", "to"}</c> (null for an unbounded end).</summary>
    private static void WriteAllies(Utf8JsonWriter w, System.Collections.Immutable.ImmutableArray<Alliance> allies)
    {
        w.WritePropertyName("allies");
        w.WriteStartArray();
        if (!allies.IsDefault)
            foreach (var a in allies)
            {
                if (a.IsTimeless)
                {
                    w.WriteStringValue(a.Faction);
                    continue;
                }
                w.WriteStartObject();
                w.WriteString("faction", a.Faction);
                if (a.From is { } from) w.WriteString("from", DayFormat.Of(from)); else w.WriteNull("from");
                if (a.To is { } to) w.WriteString("to", DayFormat.Of(to)); else w.WriteNull("to");
                w.WriteEndObject();
            }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, System.Collections.Immutable.ImmutableArray<string> values)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        if (!values.IsDefault) foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>
    /// <c>/collections/{id}/items</c>: a FeatureCollection page with counts, time stamp and paging links (GeoJSON, HTML or, for
    /// the changes, CSV), streamed when the result executes; or 304 when the client's copy is current.
    /// </summary>
    /// <param name="context">The request: negotiation, links and validators.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="parameters">The endpoint's bound query (<see cref="ItemQuery.Parse"/> checks it).</param>
    public Results<StreamedBody, StatusCodeHttpResult> Page(HttpContext context, OgcCollection collection, IItemParameters parameters)
    {
        var q = ItemQuery.Parse(parameters, collection, state);
        var format = q.Format ?? (OgcHttp.PrefersHtml(context.Request, null) ? "html" : "json");
        if (format == "csv") return Csv(context, q);
        // The page depends only on the data version and the request: revalidate before selecting anything. The GeoJSON page's
        // timeStamp is the instant of encoding, so its tag is weak.
        if (OgcHttp.IsCurrent(context, state, format, weak: format == "json")) return DatedCaching.NotModified;
        var selection = Select(collection, q);
        var request = context.Request;
        var end = (int)Math.Min((long)q.Offset + q.Limit, selection.Count);
        var returned = Math.Max(0, end - q.Offset);
        if (format == "html") return ItemsHtml(context, collection, parameters, q, selection, end, returned);
        return OgcHttp.JsonBody(OgcHttp.GeoJson, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteNumber("numberMatched", selection.Count);
            w.WriteNumber("numberReturned", returned);
            w.WriteString("timeStamp", OgcHttp.Rfc3339(DateTimeOffset.UtcNow));
            w.WritePropertyName("links");
            w.WriteStartArray();
            OgcHttp.WriteLink(w, OgcHttp.SelfUrl(request), "self", OgcHttp.GeoJson, "this page");
            OgcHttp.WriteLink(w, OgcHttp.WithQuery(request, ("f", "html")), "alternate", OgcHttp.Html, "this page as HTML");
            if (collection.Csv) OgcHttp.WriteLink(w, OgcHttp.WithQuery(request, ("f", "csv")), "alternate", OgcHttp.Csv, "this page as CSV");
            if (end < selection.Count)
                OgcHttp.WriteLink(w, OgcHttp.WithQuery(request, ("offset", end.ToString(System.Globalization.CultureInfo.InvariantCulture))), "next", OgcHttp.GeoJson, "next page");
            if (q.Offset > 0 && selection.Count > 0)
                OgcHttp.WriteLink(w, OgcHttp.WithQuery(request, ("offset", QueryParsing.PreviousPageOffset(q.Offset, q.Limit, selection.Count) is var p and > 0 ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)),
                    "prev", OgcHttp.GeoJson, "previous page");
            OgcHttp.WriteLink(w, $"{OgcHttp.BaseUrl(request)}/collections/{collection.Id}", "collection", OgcHttp.Json, collection.Title);
            w.WriteEndArray();
            w.WritePropertyName("features");
            w.WriteStartArray();
            for (var i = q.Offset; i < end; i++)
            {
                selection.Write(w, i);
                if ((i - q.Offset) % 64 == 63) await flush();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static StreamedBody ItemsHtml(HttpContext context, OgcCollection collection, IItemParameters parameters, ItemQuery q, FeatureSelection selection, int end, int returned)
    {
        var request = context.Request;
        var baseUrl = OgcHttp.BaseUrl(request);
        var itemsUrl = $"{baseUrl}/collections/{collection.Id}/items";
        var sb = OgcHtml.Begin(collection.Title, baseUrl);
        sb.Append("<p>").Append(selection.Count).Append(" features match; ").Append(returned).Append(" from number ").Append(q.Offset + 1).Append(".</p>\n");
        var links = new List<(string, string)> { ($"{baseUrl}/collections/{collection.Id}", "Collection"), (OgcHttp.WithQuery(request, ("f", "json")), "This page as GeoJSON") };
        if (collection.Csv) links.Add((OgcHttp.WithQuery(request, ("f", "csv")), "CSV"));
        if (q.Offset > 0 && selection.Count > 0) links.Add((OgcHttp.WithQuery(request, ("offset", QueryParsing.PreviousPageOffset(q.Offset, q.Limit, selection.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))), "Previous page"));
        if (end < selection.Count) links.Add((OgcHttp.WithQuery(request, ("offset", end.ToString(System.Globalization.CultureInfo.InvariantCulture))), "Next page"));
        OgcHtml.Links(sb, links.ToArray());
        sb.Append("<table>\n<tr><th>id</th><th>geometry</th><th>properties</th></tr>\n");
        // Keep the map's date and knowledge, as sent, in the feature links.
        var keep = new List<string>();
        if (collection.Id is not (OgcCollections.Changes or OgcCollections.Factions))
            foreach (var (name, value) in new[] { ("datetime", parameters.DateTime), ("known_at", parameters.KnownAt) })
                if (value is not null) keep.Add($"{name}={Uri.EscapeDataString(value)}");
        var featureQuery = keep.Count == 0 ? "" : "?" + string.Join('&', keep);
        return new StreamedBody(OgcHttp.Html + "; charset=utf-8", async (body, cancel) =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            for (var i = q.Offset; i < end; i++)
            {
                buffer.ResetWrittenCount();
                using (var w = new Utf8JsonWriter(buffer, GeoJsonFeatureEncoder.WriterOptions)) selection.Write(w, i);
                OgcHtml.FeatureRow(sb, itemsUrl, buffer.WrittenSpan, featureQuery);
                if (sb.Length > 64 * 1024)
                {
                    await OgcHttp.WriteText(body, sb.ToString(), cancel);
                    sb.Clear();
                }
            }
            sb.Append("</table>\n");
            await OgcHttp.WriteText(body, OgcHtml.End(sb), cancel);
        });
    }

    private Results<StreamedBody, StatusCodeHttpResult> Csv(HttpContext context, ItemQuery q)
    {
        if (OgcHttp.IsCurrent(context, state, "csv")) return DatedCaching.NotModified;
        var changes = SelectChanges(q);
        var page = changes.Skip(q.Offset).Take(q.Limit);
        // CsvHelper writes synchronously: encode into a buffer, then copy it to the body asynchronously.
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
            ChangeCsv.Write(writer, state.Timeline, page, q.KnownAt);
        var bytes = buffer.ToArray();
        context.Response.Headers["X-Number-Matched"] = changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((long)q.Offset + q.Limit < changes.Count)
            context.Response.Headers.Link =
                $"<{OgcHttp.WithQuery(context.Request, ("offset", (q.Offset + q.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture)))}>; rel=\"next\"; type=\"text/csv\"";
        return new StreamedBody(OgcHttp.Csv + "; charset=utf-8", async (body, cancel) => await body.WriteAsync(bytes, cancel));
    }

    /// <summary>
    /// <c>/collections/{id}/items/{featureId}</c>: one Feature with links self and collection (GeoJSON or HTML); 404 naming
    /// <c>featureId</c> when there is none; 304 when the client's copy is current.
    /// </summary>
    public Results<StreamedBody, StatusCodeHttpResult> Feature(HttpContext context, OgcCollection collection, string featureId, IItemParameters parameters)
    {
        var q = ItemQuery.Parse(parameters, collection, state);
        if (q.Format == "csv") throw ProblemException.BadRequest("f", "a single feature is served as GeoJSON (f=json) or HTML (f=html)");
        var format = q.Format ?? (OgcHttp.PrefersHtml(context.Request, null) ? "html" : "json");
        var feature = new System.Buffers.ArrayBufferWriter<byte>();
        using (var fw = new Utf8JsonWriter(feature, GeoJsonFeatureEncoder.WriterOptions))
        {
            WriteFeature(fw, collection, featureId, q);
        }
        if (OgcHttp.IsCurrent(context, state, format)) return DatedCaching.NotModified;
        var request = context.Request;
        var collectionUrl = $"{OgcHttp.BaseUrl(request)}/collections/{collection.Id}";
        if (format == "html")
        {
            using var parsed = JsonDocument.Parse(feature.WrittenMemory);
            var sb = OgcHtml.Begin($"{collection.Title}: {featureId}", OgcHttp.BaseUrl(request));
            OgcHtml.Links(sb, (collectionUrl, collection.Title), (OgcHttp.WithQuery(request, ("f", "json")), "This feature as GeoJSON"));
            var geometry = parsed.RootElement.GetProperty("geometry");
            sb.Append("<p>Geometry: ").Append(OgcHtml.E(geometry.ValueKind == JsonValueKind.Object ? geometry.GetProperty("type").GetString() : "none"))
              .Append("</p>\n<p>");
            OgcHtml.Properties(sb, parsed.RootElement.GetProperty("properties"));
            sb.Append("</p>\n");
            var page = OgcHtml.End(sb);
            return new StreamedBody(OgcHttp.Html + "; charset=utf-8", (body, cancel) => OgcHttp.WriteText(body, page, cancel).AsTask());
        }
        return OgcHttp.JsonBody(OgcHttp.GeoJson, (w, _) =>
        {
            // The encoder writes a complete Feature object; reopen it to add the links member.
            using var doc = JsonDocument.Parse(feature.WrittenMemory);
            w.WriteStartObject();
            foreach (var member in doc.RootElement.EnumerateObject()) member.WriteTo(w);
            w.WritePropertyName("links");
            w.WriteStartArray();
            OgcHttp.WriteLink(w, OgcHttp.SelfUrl(request), "self", OgcHttp.GeoJson, "this feature");
            OgcHttp.WriteLink(w, OgcHttp.WithQuery(request, ("f", "html")), "alternate", OgcHttp.Html, "this feature as HTML");
            OgcHttp.WriteLink(w, collectionUrl, "collection", OgcHttp.Json, collection.Title);
            w.WriteEndArray();
            w.WriteEndObject();
            return ValueTask.CompletedTask;
        });
    }

    private void WriteFeature(Utf8JsonWriter w, OgcCollection collection, string id, ItemQuery q)
    {
        ProblemException Missing(string what) => ProblemException.NotFound("featureId", $"no {what} '{id}' in collection '{collection.Id}'");
        switch (collection.Id)
        {
            case OgcCollections.Places:
                var index = state.Timeline.PlaceIndex(id);
                if (index < 0) throw Missing("place");
                state.Encoder.WritePlace(w, state.Timeline.Snapshot(q.MapDay(state), q.KnownAt), index);
                break;
            case OgcCollections.Changes:
                if (!_changesById.Value.TryGetValue(id, out var change) || (q.KnownAt is { } k && change.RecordedAt > k)) throw Missing("change");
                state.Encoder.WriteChange(w, change, q.KnownAt);
                break;
            case OgcCollections.Territory:
                GeoJsonFeatureEncoder.WriteTerritory(w, Derived(q).Territories.FirstOrDefault(t => $"{t.Faction}:{t.Status}" == id) ?? throw Missing("territory"), q.MapDay(state));
                break;
            case OgcCollections.Frontlines:
                GeoJsonFeatureEncoder.WriteFrontLine(w, Derived(q).FrontLines.FirstOrDefault(f => string.Join('|', f.Factions) == id) ?? throw Missing("front line"), q.MapDay(state));
                break;
            default:
                WriteFaction(w, state.Factions.TryGetValue(id, out var faction) ? faction : throw Missing("faction"));
                break;
        }
    }
}
