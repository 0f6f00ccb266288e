using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt.Proto;

namespace FrontlineMaps.Core.Encoders.Mvt;

// The <c>changes</c> layer: the records of the window ending with the map's last change, at their place.
public sealed partial class VectorTileEncoder
{
    private MvtLayerBuilder ChangesLayer(TileContext t, DateOnly date, DateTimeOffset? knownAt)
    {
        var layer = t.Scratch.Layer("changes", 3, null);
        var stateKey = _timeline.StateKeyAt(date, knownAt);
        if (stateKey == long.MinValue) return layer;
        // The window ends with the day of the map's last state change (not the requested date), so that a tile depends on the
        // map state alone: dates with equal state keys have byte-identical tiles. Same records and order as the change feed
        // (ControlTimeline.Changes), found by two binary searches and a Morton-range test per record.
        var end = TimeKey.DayOf(stateKey);
        var from = LowerBound(_logKeys, TimeKey.StartOfDay(end.AddDays(1 - ChangeWindowDays)));
        var to = LowerBound(_logKeys, TimeKey.StartOfDay(end.AddDays(1)));
        var (lo, hi) = PreparedCells.MortonRange(t.Tile);
        var log = _timeline.Log;
        for (var k = from; k < to; k++)
        {
            var li = _logOrder[k];
            var i = _logPlace[li];
            var code = _morton[_mortonRank[i]];
            if (code < lo || code >= hi || !t.View.Visible[li]) continue;
            var c = log[li];
            layer.Begin(Tile.Types.GeomType.Point);
            layer.Tag("id", c.Id);
            layer.Tag("place", c.PlaceId);
            layer.Tag("faction", c.FactionId);
            layer.Tag("kind", GeoJsonFeatureEncoder.KindName(c.Kind));
            layer.Tag("status", GeoJsonFeatureEncoder.StatusName(c.Status));
            if (c.Status == ChangeStatus.Claimed) layer.Tag("claim_of", GeoJsonFeatureEncoder.StatusName(c.ClaimOf));
            layer.Tag("valid_from", GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime));
            layer.Tag("valid_to_approx", Day(c.ValidTime.ApproxTo));
            layer.Tag("sources", string.Join(',', c.Sources.Select(s => s.SourceId)));
            layer.Tag("recorded_at", c.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            layer.Tag("recorded_by", c.RecordedBy);
            layer.Tag("retracts", c.Retracts);
            layer.Tag("reviews", c.Reviews);
            layer.Tag("verdict", c.Verdict?.ToString().ToLowerInvariant());
            if (t.View.Retracted[li]) layer.Tag("retracted", true);
            layer.Point(Clamp(t.TX(_px[i])), Clamp(t.TY(_py[i])));
            layer.End();
        }
        return layer;
    }
}
