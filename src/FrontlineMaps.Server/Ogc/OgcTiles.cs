using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Tiles;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// The vector-tile collection <c>map</c> (OGC API – Tiles, Part 1): <c>/collections/map</c>, the tileset list
/// <c>/collections/map/tiles</c> and the tileset <c>/collections/map/tiles/WebMercatorQuad</c>, which links the tile template
/// <c>{tileMatrix}/{tileRow}/{tileCol}</c> that Tiles/TileEndpoints serves. The landing page and <c>/collections</c> link the
/// tileset list (rel <c>tilesets-vector</c>), which is how Tiles clients find it.
/// </summary>
/// <remarks>
/// <c>map</c> is not in the <c>collections</c> array of <c>/collections</c>: OGC API – Features clients take every entry there for a
/// feature collection (GDAL's OAPIF driver makes a layer of it and fails on <c>/collections/map/items</c>), and a map of tiles has
/// no items.
/// </remarks>
internal static class OgcTiles
{
    public const string Map = "map";
    public const string MatrixSet = "WebMercatorQuad";
    private const string MatrixSetUri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    private const string MatrixSetDefinition = "https://schemas.opengis.net/tms/2.0/json/examples/tilematrixset/WebMercatorQuad.json";
    private const string WebMercator = "http://www.opengis.net/def/crs/EPSG/0/3857";
    private const string TilesetJson = "application/json";
    private const string Title = "The map (vector tiles)";

    /// <summary>The OGC API – Tiles conformance classes served.</summary>
    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/datetime",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    ];

    /// <summary>The link to the map's tilesets, on the landing page and <c>/collections</c>.</summary>
    public static void WriteTilesetsLink(Utf8JsonWriter w, string baseUrl) =>
        OgcHttp.WriteLink(w, $"{baseUrl}/collections/{Map}/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", TilesetJson,
            "the map as vector tiles (OGC API – Tiles)");

    /// <summary>Writes the collection object of <c>map</c> (at <c>/collections/map</c>).</summary>
    public static void WriteCollection(Utf8JsonWriter w, MapState state, string baseUrl)
    {
        var href = $"{baseUrl}/collections/{Map}";
        w.WriteStartObject();
        w.WriteString("id", Map);
        w.WriteString("title", Title);
        w.WriteString("description",
            "The whole map of a date as Mapbox Vector Tiles in the WebMercatorQuad tile matrix set: the layers places, territory, " +
            "frontlines and changes; `datetime` picks the date (default: the last date with data).");
        w.WriteString("dataType", "vector");
        w.WritePropertyName("links");
        w.WriteStartArray();
        OgcHttp.WriteLink(w, href, "self", OgcHttp.Json, Title);
        OgcHttp.WriteLink(w, href + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", TilesetJson, "the vector tilesets");
        OgcHttp.WriteLink(w, baseUrl + "/tiles/latest.json", "describedby", "application/json", "TileJSON of the last date with data");
        w.WriteEndArray();
        OgcCollections.WriteExtent(w, state, spatial: true);
        w.WriteEndObject();
    }

    /// <summary><c>/collections/map/tiles</c>: the tileset list (one tileset, WebMercatorQuad).</summary>
    public static void WriteTilesets(Utf8JsonWriter w, string baseUrl)
    {
        w.WriteStartObject();
        w.WritePropertyName("links");
        w.WriteStartArray();
        OgcHttp.WriteLink(w, $"{baseUrl}/collections/{Map}/tiles", "self", TilesetJson, "the vector tilesets of the map");
        OgcHttp.WriteLink(w, $"{baseUrl}/collections/{Map}", "collection", OgcHttp.Json, Title);
        w.WriteEndArray();
        w.WritePropertyName("tilesets");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("title", $"{Title}, {MatrixSet}");
        w.WriteString("dataType", "vector");
        w.WriteString("crs", WebMercator);
        w.WriteString("tileMatrixSetURI", MatrixSetUri);
        w.WritePropertyName("links");
        w.WriteStartArray();
        OgcHttp.WriteLink(w, TilesetUrl(baseUrl), "self", TilesetJson, "the tileset");
        OgcHttp.WriteLink(w, MatrixSetDefinition, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json", "the WebMercatorQuad definition");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>/collections/map/tiles/WebMercatorQuad</c>: the tileset (tile template, zoom limits, layers).</summary>
    public static void WriteTileset(Utf8JsonWriter w, MapState state, string baseUrl)
    {
        var url = TilesetUrl(baseUrl);
        w.WriteStartObject();
        w.WriteString("title", $"{Title}, {MatrixSet}");
        w.WriteString("dataType", "vector");
        w.WriteString("crs", WebMercator);
        w.WriteString("tileMatrixSetURI", MatrixSetUri);
        w.WritePropertyName("links");
        w.WriteStartArray();
        OgcHttp.WriteLink(w, url, "self", TilesetJson, "this tileset");
        OgcHttp.WriteLink(w, MatrixSetDefinition, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json", "the WebMercatorQuad definition");
        OgcHttp.WriteLink(w, $"{baseUrl}/collections/{Map}", "collection", OgcHttp.Json, Title);
        w.WriteStartObject();
        w.WriteString("href", url + "/{tileMatrix}/{tileRow}/{tileCol}");
        w.WriteString("rel", "item");
        w.WriteString("type", TileEndpoints.MvtMediaType);
        w.WriteBoolean("templated", true);
        w.WriteString("title", "a tile (add datetime=YYYY-MM-DD for another date than the last)");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WritePropertyName("tileMatrixSetLimits");
        w.WriteStartArray();
        for (var z = 0; z <= VectorLayers.MaxServedZoom; z++)
        {
            var n = 1 << z;
            w.WriteStartObject();
            w.WriteString("tileMatrix", z.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("minTileRow", 0);
            w.WriteNumber("maxTileRow", n - 1);
            w.WriteNumber("minTileCol", 0);
            w.WriteNumber("maxTileCol", n - 1);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("layers");
        w.WriteStartArray();
        foreach (var layer in VectorLayers.All)
        {
            w.WriteStartObject();
            w.WriteString("id", layer.Id);
            w.WriteString("description", layer.Description);
            w.WriteString("dataType", "vector");
            w.WriteString("geometryType", layer.Id switch { "territory" => "polygons", "frontlines" => "lines", _ => "points" });
            w.WriteString("minTileMatrix", layer.MinZoom.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("maxTileMatrix", layer.MaxZoom.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteExtentMember(w, "boundingBox", state);
        w.WriteEndObject();
    }

    private static string TilesetUrl(string baseUrl) => $"{baseUrl}/collections/{Map}/tiles/{MatrixSet}";

    private static void WriteExtentMember(Utf8JsonWriter w, string name, MapState state)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        w.WritePropertyName("lowerLeft");
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(state.MinLon, 6));
        w.WriteNumberValue(Math.Round(state.MinLat, 6));
        w.WriteEndArray();
        w.WritePropertyName("upperRight");
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(state.MaxLon, 6));
        w.WriteNumberValue(Math.Round(state.MaxLat, 6));
        w.WriteEndArray();
        w.WriteString("crs", OgcHttp.Crs84);
        w.WriteEndObject();
    }
}
