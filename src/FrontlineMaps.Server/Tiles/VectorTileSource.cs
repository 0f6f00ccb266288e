using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// The "source" of a tile request (request → source → cache → encoder), after martin's <c>Source</c> trait: what a map source
/// answers for a dated request. One source per <see cref="MapState"/>; the request's dated parameters come checked, with the
/// knowledge version computed once (<see cref="DatedRequest"/>), and are passed down rather than parsed again.
/// </summary>
public interface ITileSource
{
    /// <summary>The cache key of a tile: everything its bytes depend on (data, knowledge, map state, address, layers).</summary>
    TileCache.Key KeyOf(DatedRequest at, TileId tile, TileLayers layers);

    /// <summary>The strong ETag of one representation of the tile <paramref name="key"/> names (<see cref="DatedCaching.ETag"/>).</summary>
    string ETagOf(DatedRequest at, TileCache.Key key, TileCoding coding);

    /// <summary>Encodes a tile (raw MVT bytes; empty for a tile without features). Called on a cache miss only.</summary>
    byte[] Encode(DatedRequest at, TileId tile, TileLayers layers);

    /// <summary>The TileJSON 3.0.0 document of the map at <paramref name="at"/>, its tile URLs under <paramref name="baseUrl"/>.</summary>
    byte[] TileJson(DatedRequest at, string baseUrl);
}

/// <summary>The content codings a tile is served in (made once per cached tile, see <see cref="TileCache.Entry"/>).</summary>
public enum TileCoding
{
    /// <summary>The raw bytes.</summary>
    Identity,

    /// <summary>gzip.</summary>
    Gzip,

    /// <summary>brotli.</summary>
    Brotli,
}

/// <summary>
/// The map's vector tiles: <see cref="VectorTileEncoder"/> over one <see cref="MapState"/> (<see cref="Of"/>), with its TileJSON.
/// </summary>
public sealed class VectorTileSource : ITileSource
{
    /// <summary>Kind of the tiles' ETags (bump when the tile bytes change for the same data).</summary>
    private const string FormatVersion = "mvt1";

    private readonly MapState _state;

    // The state's own encoder is asked for only on a miss: after a write, a request the cache answers (a tile kept across it)
    // does not build the new state's encoder (the log sorted again, ~0.1–0.3 s at 1M changes). The next state with the same
    // cells inherits its prepared geometry (MapState).
    private VectorTileSource(MapState state) => _state = state;

    /// <summary>The source of <paramref name="state"/> (a view over the state's encoder: cheap to make per request).</summary>
    public static VectorTileSource Of(MapState state) => new(state);

    /// <inheritdoc />
    public TileCache.Key KeyOf(DatedRequest at, TileId tile, TileLayers layers) =>
        new(_state.DataVersion, at.Knowledge, at.StateKey(), tile.Z, tile.X, tile.Y, layers);

    /// <inheritdoc />
    public string ETagOf(DatedRequest at, TileCache.Key key, TileCoding coding)
    {
        // One tag per representation, so the coding is part of it (-gz, -br).
        var layers = key.Layers == TileLayers.All ? "" : $"-l{(int)key.Layers}";
        var suffix = coding switch { TileCoding.Brotli => "-br", TileCoding.Gzip => "-gz", _ => "" };
        return DatedCaching.ETag(FormatVersion, at, key.StateKey, layers + suffix);
    }

    /// <inheritdoc />
    public byte[] Encode(DatedRequest at, TileId tile, TileLayers layers) => _state.TileEncoder.Encode(tile, at.Day, at.Knowledge, at.KnownAt, layers);

    /// <inheritdoc />
    public byte[] TileJson(DatedRequest at, string baseUrl)
    {
        var state = _state;
        var knownAt = at.KnownAt;
        var knownAtText = at.KnownAtText;
        var dayText = DayFormat.Of(at.Day);
        // The tiles carry the current data version: immutable, and redirected to the new version after a write.
        var query = "?" + DatedCaching.Query(state, ("known_at", knownAtText));
        var dataset = state.Timeline.Dataset.Info;
        var centerLon = Math.Round((state.MinLon + state.MaxLon) / 2, 6);
        var centerLat = Math.Round((state.MinLat + state.MaxLat) / 2, 6);

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Core.Encoders.GeoJsonFeatureEncoder.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("tilejson", "3.0.0");
            w.WriteString("name", $"{dataset.Name} — {dayText}");
            w.WriteString("description", knownAt is null
                ? $"Control of territory at the end of {dayText}"
                : $"Control of territory at the end of {dayText} as published on {knownAtText}");
            w.WriteString("version", "1.0.0");
            w.WriteString("attribution", string.Join("; ", dataset.Attribution.IsDefault ? [] : dataset.Attribution));
            w.WriteString("scheme", "xyz");
            w.WriteStartArray("tiles");
            w.WriteStringValue($"{baseUrl}/tiles/{dayText}/{{z}}/{{x}}/{{y}}.mvt{query}");
            w.WriteEndArray();
            w.WriteNumber("minzoom", 0);
            w.WriteNumber("maxzoom", VectorLayers.MaxDataZoom);
            w.WriteStartArray("bounds");
            w.WriteNumberValue(Math.Round(state.MinLon, 6));
            w.WriteNumberValue(Math.Round(state.MinLat, 6));
            w.WriteNumberValue(Math.Round(state.MaxLon, 6));
            w.WriteNumberValue(Math.Round(state.MaxLat, 6));
            w.WriteEndArray();
            w.WriteStartArray("center");
            w.WriteNumberValue(centerLon);
            w.WriteNumberValue(centerLat);
            w.WriteNumberValue(7);
            w.WriteEndArray();
            w.WriteStartArray("vector_layers");
            foreach (var layer in VectorLayers.All)
            {
                w.WriteStartObject();
                w.WriteString("id", layer.Id);
                w.WriteString("description", layer.Description);
                w.WriteNumber("minzoom", layer.MinZoom);
                w.WriteNumber("maxzoom", layer.MaxZoom);
                w.WriteStartObject("fields");
                foreach (var (name, text) in layer.Fields) w.WriteString(name, text);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
