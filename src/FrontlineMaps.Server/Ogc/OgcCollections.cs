using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Ogc;

/// <summary>One feature collection the API serves.</summary>
/// <param name="Id">Path segment and id.</param>
/// <param name="Title">Human title.</param>
/// <param name="Description">What a feature is and how <c>datetime</c> selects.</param>
/// <param name="ItemsQuery">The [AsParameters] record of its items: the query parameters they accept (anything else is a 400).</param>
/// <param name="FeatureQuery">The [AsParameters] record of one of its features.</param>
/// <param name="Statuses">The values <c>status</c> accepts, empty when it does not filter by status.</param>
/// <param name="Csv">Whether items are also served as CSV (<c>f=csv</c>).</param>
internal sealed record OgcCollection(string Id, string Title, string Description, Type ItemsQuery, Type FeatureQuery, string[] Statuses, bool Csv = false)
{
    /// <summary>The query parameters its items accept.</summary>
    public string[] Parameters { get; } = QueryNames.Of(ItemsQuery);

    /// <summary>The query parameters one of its features accepts.</summary>
    public string[] FeatureParameters { get; } = QueryNames.Of(FeatureQuery);

    /// <summary>The formats its items are served in.</summary>
    public string[] Formats => Csv ? ["json", "html", "csv"] : ["json", "html"];
}

/// <summary>The five collections and their metadata documents.</summary>
internal static class OgcCollections
{
    public const string Places = "places";
    public const string Changes = "changes";
    public const string Territory = "territory";
    public const string Frontlines = "frontlines";
    public const string Factions = "factions";

    public static readonly OgcCollection[] All =
    [
        new(Places, "Places and their control",
            "Every place (village, town, city...) as a point with its controller at `datetime` (an instant: the map at the end of that day; " +
            "an interval: the map at its end; default: the last date with data). Filters: bbox, faction (the `faction` property: the controller shown), status.",
            typeof(MapItemsQuery), typeof(MapFeatureQuery), ["held", "contested", "claimed", "unknown"]),
        new(Changes, "Control changes",
            "The change log: one point feature per record (capture, confirmation, retraction) at its place. `datetime` (instant or " +
            "interval, both named days included) selects records by valid time (their effective day). Also as CSV with f=csv.",
            typeof(ChangeItemsQuery), typeof(ChangeFeatureQuery), ["held", "contested", "claimed"], Csv: true),
        new(Territory, "Territory",
            "The ground each faction holds or claims, and contested ground, at `datetime` (the map at the end of that day, or at the end " +
            "of an interval): one MultiPolygon per faction and status, id `{faction}:{status}`; `date` says the day shown. Status `inferred`: " +
            "small regions of places no source names that one faction's held ground encloses (never a fact; see docs/data-format.md).",
            typeof(MapItemsQuery), typeof(MapFeatureQuery), ["held", "contested", "claimed", "inferred"]),
        new(Frontlines, "Front lines",
            "Where two factions that are not allied meet at `datetime`: one MultiLineString per pair of factions, id `{a}|{b}`; " +
            "`date` says the day shown.",
            typeof(FrontLineItemsQuery), typeof(MapFeatureQuery), []),
        new(Factions, "Factions",
            "The armed parties (no geometry): id, name, short name, colour, aliases, coalition, allies and validity interval. `datetime` " +
            "selects the factions that existed then.",
            typeof(FactionItemsQuery), typeof(FormatQuery), []),
    ];

    /// <summary>The ids of every collection: the feature collections and the vector-tile collection <c>map</c>.</summary>
    public static readonly string[] Ids = [.. All.Select(c => c.Id), OgcTiles.Map];

    /// <summary>The feature collection <paramref name="id"/>, or a 404 naming <c>collectionId</c>.</summary>
    public static OgcCollection Find(string id) =>
        All.FirstOrDefault(c => c.Id == id)
        ?? throw Http.ProblemException.NotFound("collectionId", id == OgcTiles.Map
            ? "'map' is a collection of vector tiles (/collections/map/tiles), not of features"
            : $"no collection '{id}'; collections: {string.Join(", ", Ids)}");

    /// <summary>Writes the collection metadata object (id, title, description, links, extent, itemType, crs).</summary>
    public static void Write(Utf8JsonWriter w, OgcCollection c, MapState state, string baseUrl)
    {
        var href = $"{baseUrl}/collections/{c.Id}";
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("title", c.Title);
        w.WriteString("description", c.Description);
        w.WritePropertyName("links");
        w.WriteStartArray();
        OgcHttp.WriteLink(w, href, "self", OgcHttp.Json, c.Title);
        OgcHttp.WriteLink(w, href + "?f=html", "alternate", OgcHttp.Html, c.Title + " (HTML)");
        OgcHttp.WriteLink(w, href + "/items", "items", OgcHttp.GeoJson, c.Title + " (GeoJSON)");
        OgcHttp.WriteLink(w, href + "/items?f=html", "items", OgcHttp.Html, c.Title + " (HTML)");
        OgcHttp.WriteLink(w, href + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", OgcHttp.SchemaJson, "the properties items can be filtered on");
        if (c.Csv) OgcHttp.WriteLink(w, href + "/items?f=csv", "items", OgcHttp.Csv, c.Title + " (CSV)");
        w.WriteEndArray();
        WriteExtent(w, state, spatial: c.Id != Factions); // factions have no geometry, so no spatial extent
        w.WriteString("itemType", "feature");
        w.WritePropertyName("crs");
        w.WriteStartArray();
        w.WriteStringValue(OgcHttp.Crs84);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The <c>extent</c> member of a collection (OGC API – Common): the places' bounding box (when <paramref name="spatial"/>)
    /// and the data's date range. The feature collections and the map's tiles collection write the same one.
    /// </summary>
    internal static void WriteExtent(Utf8JsonWriter w, MapState state, bool spatial)
    {
        w.WritePropertyName("extent");
        w.WriteStartObject();
        if (spatial)
        {
            w.WritePropertyName("spatial");
            w.WriteStartObject();
            w.WritePropertyName("bbox");
            w.WriteStartArray();
            w.WriteStartArray();
            foreach (var v in new[] { state.MinLon, state.MinLat, state.MaxLon, state.MaxLat }) w.WriteNumberValue(Math.Round(v, 6));
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteString("crs", OgcHttp.Crs84);
            w.WriteEndObject();
        }
        w.WritePropertyName("temporal");
        w.WriteStartObject();
        w.WritePropertyName("interval");
        w.WriteStartArray();
        w.WriteStartArray();
        var (first, last) = state.DateRange;
        w.WriteStringValue($"{DayFormat.Of(first)}T00:00:00Z");
        w.WriteStringValue($"{DayFormat.Of(last)}T23:59:59Z");
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteString("trs", OgcHttp.Gregorian);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
