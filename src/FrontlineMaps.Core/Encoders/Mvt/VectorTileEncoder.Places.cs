using System.Globalization;
using FrontlineMaps.Core.Encoders.Mvt.Proto;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Encoders.Mvt;

// The <c>places</c> layer: one point per place with its state, from the Morton-ordered rows and value tables.
public sealed partial class VectorTileEncoder
{
    /// <summary>One resolved segment of a place's states (see <see cref="KnowledgeView"/>) in one struct.</summary>
    private struct Segment
    {
        public long Key;
        public int Controller, Since, LastConfirmed, Sources, PartiesId;
        public PlaceStatus Status;
    }

    /// <summary>
    /// The segments of a <see cref="KnowledgeView"/> copied into one array of structs, places in Morton order: the places of a
    /// tile then read one contiguous run of memory instead of seven arrays at random (measured: most of the places layer's cost).
    /// </summary>
    private sealed class MortonSegments
    {
        public readonly KnowledgeView View;
        public readonly int[] Offsets; // by Morton rank
        public readonly Segment[] Rows;

        public MortonSegments(KnowledgeView view, int[] mortonOrder)
        {
            View = view;
            Offsets = new int[mortonOrder.Length + 1];
            Rows = new Segment[view.Keys.Length];
            var at = 0;
            for (var k = 0; k < mortonOrder.Length; k++)
            {
                Offsets[k] = at;
                var i = mortonOrder[k];
                for (var seg = view.Offsets[i]; seg < view.Offsets[i + 1]; seg++)
                    Rows[at++] = new Segment
                    {
                        Key = view.Keys[seg], Controller = view.Controller[seg], Status = view.Status[seg], Since = view.Since[seg],
                        LastConfirmed = view.LastConfirmed[seg], Sources = view.Sources[seg], PartiesId = view.PartiesId[seg],
                    };
            }
            Offsets[mortonOrder.Length] = at;
        }

        /// <summary>The segment in force for the place of Morton rank <paramref name="k"/> at <paramref name="key"/>, or -1.</summary>
        public int SegmentAt(int k, long key)
        {
            int lo = Offsets[k], hi = Offsets[k + 1] - 1;
            var rows = Rows;
            if (hi < lo || rows[lo].Key > key) return -1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) >>> 1;
                if (rows[mid].Key <= key) lo = mid; else hi = mid - 1;
            }
            return lo;
        }
    }

    /// <summary>What the places layer needs of one place, in Morton order: value ids of its strings and its world position.</summary>
    private struct PlaceRow
    {
        public int Place, Id, Name, Names, Kind;
        public double X, Y;
        public bool Approximate;
    }

    /// <summary>Indices of the places inside <paramref name="tile"/>, in Morton order (a contiguous run of the index).</summary>
    internal (int From, int To) PlaceRange(TileId tile)
    {
        var (lo, hi) = PreparedCells.MortonRange(tile);
        return (LowerBound(_morton, lo), LowerBound(_morton, hi));
    }

    private MvtLayerBuilder PlacesLayer(TileContext t)
    {
        var layer = t.Scratch.Layer("places", 0, _values);
        var (from, to) = PlaceRange(t.Tile);
        var view = t.View;
        var latest = ReferenceEquals(view, _latest.View) ? _latest : null;
        for (var k = from; k < to; k++)
        {
            ref readonly var row = ref _rows[k];
            layer.Begin(Tile.Types.GeomType.Point);
            layer.Tag("id", new ValueTable.Id(row.Id));
            layer.Tag("name", new ValueTable.Id(row.Name));
            if (row.Names >= 0) layer.Tag("names", new ValueTable.Id(row.Names));
            layer.Tag("kind", new ValueTable.Id(row.Kind));
            if (latest is not null)
            {
                var seg = latest.SegmentAt(k, t.Key);
                if (seg < 0) UnknownState(layer);
                else
                {
                    ref readonly var s = ref latest.Rows[seg];
                    State(layer, s.Controller, s.Status, s.Since, s.LastConfirmed, s.Sources, view.PartiesTable[s.PartiesId]);
                }
            }
            else
            {
                var seg = view.SegmentAt(row.Place, t.Key);
                if (seg < 0) UnknownState(layer);
                else State(layer, view.Controller[seg], view.Status[seg], view.Since[seg], view.LastConfirmed[seg], view.Sources[seg],
                    view.PartiesTable[view.PartiesId[seg]]);
            }
            if (row.Approximate) layer.Tag("approximate", true);
            layer.Point(Clamp(t.TX(row.X)), Clamp(t.TY(row.Y)));
            layer.End();
        }
        return layer;
    }

    private void UnknownState(MvtLayerBuilder layer)
    {
        layer.Tag("status", new ValueTable.Id(_statusValue[(int)PlaceStatus.Unknown]));
        layer.Tag("sources", 0L);
    }

    /// <summary>The attributes of a place's state, in the order of the place contract.</summary>
    private void State(MvtLayerBuilder layer, int controller, PlaceStatus status, int since, int lastConfirmed, int sources,
        System.Collections.Immutable.ImmutableArray<int> parties)
    {
        if (controller >= 0)
        {
            layer.Tag("faction", new ValueTable.Id(_factionIdValue[controller]));
            layer.Tag("faction_name", new ValueTable.Id(_factionNameValue[controller]));
        }
        layer.Tag("status", new ValueTable.Id(_statusValue[(int)status]));
        DayTag(layer, "since", since);
        DayTag(layer, "last_confirmed", lastConfirmed);
        layer.Tag("sources", (long)sources);
        if (parties.Length == 1) layer.Tag("factions", new ValueTable.Id(_factionIdValue[parties[0]]));
        else if (parties.Length > 1) layer.Tag("factions", JoinFactions(parties));
    }

    private void DayTag(MvtLayerBuilder layer, string key, int d)
    {
        if (d == KnowledgeView.NoDay) return;
        var offset = d - _firstDay;
        if ((uint)offset < (uint)_dayValue.Length) layer.Tag(key, new ValueTable.Id(_dayValue[offset]));
        else layer.Tag(key, Day(DateOnly.FromDayNumber(d)));
    }

    private static int Clamp(double v) => (int)Math.Clamp(Math.Floor(v), 0, Extent - 1);

    private string JoinFactions(IReadOnlyList<int> parties) => string.Join(',', parties.Select(p => _timeline.Factions[p].Id));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DayStrings = new();

    private static string? Day(DateOnly? d) =>
        d is { } day ? DayStrings.GetOrAdd(day.DayNumber, n => DateOnly.FromDayNumber(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null;
}
