using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Server.Ogc;

/// <summary>The parsed query of an items request.</summary>
internal sealed record ItemQuery(
    DateSelection? DateTime,
    (double MinLon, double MinLat, double MaxLon, double MaxLat)? Bbox,
    int Limit,
    int Offset,
    DateTimeOffset? KnownAt,
    string? Faction,
    string? Status,
    string? Format)
{
    /// <summary>
    /// Parses and validates the query of <paramref name="collection"/>'s items or of one feature: every failure is a 400 or 422
    /// naming its parameter. The values are the endpoint's bound [AsParameters] record; undeclared and repeated parameters were
    /// refused before (the endpoint's RejectUndeclaredQuery).
    /// </summary>
    public static ItemQuery Parse(IItemParameters query, OgcCollection collection, MapState state)
    {
        var (first, last) = state.DateRange;
        DateSelection? dt = null;
        if (query.DateTime is { } dv)
        {
            dt = QueryParsing.ClampToData("datetime", QueryParsing.ParseDateTime("datetime", dv), first, last);
        }
        // `date` is the queryable property of map-at-a-date features (OGC API – Features Part 3): selecting on it selects the map's day.
        if (query.Date is { } dateValue)
        {
            if (dt is not null) throw ProblemException.BadRequest("date", "give either datetime or date (the day the map shows), not both");
            var day = QueryParsing.ParseDay("date", dateValue);
            QueryParsing.RequireWithinData("date", day, first, last);
            dt = new DateSelection(day, day, false);
        }
        var bbox = query.Bbox is { } bv ? QueryParsing.ParseBbox("bbox", bv, allowAntimeridian: true) : ((double, double, double, double)?)null;
        var limit = QueryParsing.ParseLimit("limit", query.Limit);
        var offset = QueryParsing.ParseOffset("offset", query.Offset);
        var knownAt = query.KnownAt is { } kv ? QueryParsing.ParseKnownAt("known_at", kv) : (DateTimeOffset?)null;
        var faction = query.Faction;
        if (faction is not null && !state.Factions.ContainsKey(faction)
            && !(collection.Id == OgcCollections.Territory && faction == Core.Derivation.ControlMap.ContestedClass))
            throw ProblemException.BadRequest("faction", $"unknown faction '{faction}'; factions: {string.Join(", ", state.Factions.Keys)}");
        var status = query.Status;
        if (status is not null && !collection.Statuses.Contains(status))
            throw ProblemException.BadRequest("status", $"'{status}' is not a status of {collection.Id}: expected {string.Join(", ", collection.Statuses)}");
        var f = query.F;
        if (f is not null && f != "json" && f != "html" && !(f == "csv" && collection.Csv))
            throw ProblemException.BadRequest("f", $"'{f}' is not a format of {collection.Id}: expected json, html{(collection.Csv ? " or csv" : "")}");
        return new ItemQuery(dt, bbox, limit, offset, knownAt, faction, status, f);
    }

    /// <summary>The day of the map for a map-like collection: an instant's day, an interval's end, or the last date with data.</summary>
    public DateOnly MapDay(MapState state)
    {
        var last = state.DateRange.Last;
        if (DateTime is not { } d) return last;
        if (d.End is { } end) return end;
        return d.Start is { } s && s > last ? s : last;
    }

    /// <summary>True when the point lies in the bbox (or there is none); a box whose west edge is east of its east edge crosses the antimeridian.</summary>
    public bool Covers(double lon, double lat) => Bbox is not { } b
        || (lat >= b.MinLat && lat <= b.MaxLat && (b.MinLon <= b.MaxLon ? lon >= b.MinLon && lon <= b.MaxLon : lon >= b.MinLon || lon <= b.MaxLon));

    /// <summary>True when the envelope meets the bbox (or there is none), the antimeridian as in <see cref="Covers"/>.</summary>
    public bool Meets(Envelope e)
    {
        if (Bbox is not { } b) return true;
        if (b.MinLon <= b.MaxLon) return new Envelope(b.MinLon, b.MaxLon, b.MinLat, b.MaxLat).Intersects(e);
        return new Envelope(b.MinLon, 180, b.MinLat, b.MaxLat).Intersects(e) || new Envelope(-180, b.MaxLon, b.MinLat, b.MaxLat).Intersects(e);
    }
}
