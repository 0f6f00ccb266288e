using System.Runtime.CompilerServices;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Timeline;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;

namespace FrontlineMaps.Core.Encoders.Mvt;

// Per-tile state of the encoder: the tile's transform and labels, and the per-thread buffers every tile reuses.
public sealed partial class VectorTileEncoder
{
    /// <summary>Collects the cells an index query visits, into a list reused per thread.</summary>
    private sealed class Candidates : IItemVisitor<int>
    {
        public readonly List<int> Items = [];

        public void VisitItem(int item) => Items.Add(item);
    }

    /// <summary>Per-thread lookup tables stamped with a generation per tile, so that a tile allocates none of them.</summary>
    private sealed class Scratch(int places, int vertices)
    {
        public int Generation;
        public readonly int[] LabelStamp = new int[places];
        public readonly int[] Labels = new int[places];
        public readonly int[] CandidateStamp = new int[places];
        public readonly int[] DegreeStamp = new int[vertices];
        public readonly int[] Degree = new int[vertices];
        public readonly ValueTable.Stamps Values = new();
        public readonly InferredGround.Scratch Inference = new(places);
        // boundary layers: reused by every tile of this thread
        public readonly Candidates Cells = new();
        public readonly List<long> LabelledCells = [];
        public readonly List<long> Edges = [];
        public readonly List<(int Label, int Start, int End)> Runs = [];
        public readonly List<int> RingVertices = [];
        public readonly List<int> RingStarts = [];
        public readonly List<int> Nodes = [];
        public readonly List<int> Chain = [];
        public readonly List<int> Simplified = [];
        public readonly List<(double X, double Y)> TileRing = [];
        public readonly List<(double X, double Y)> ClipA = [];
        public readonly List<(double X, double Y)> ClipB = [];
        public bool[] Used = new bool[256];
        public bool[] Keep = new bool[256];
        public readonly Stack<(int, int)> Stack = new();
        public FrontPairEdges?[] Pairs = [];
        public readonly List<int> PairKeys = [];
        public readonly List<int> FrontPlaces = [];
        public readonly List<(long P, long Q)> Segments = [];

        /// <summary>The front edges of a pair of factions in the current tile (emptied on first use in a tile).</summary>
        public FrontPairEdges Pair(int pairKey, int factions, int generation)
        {
            if (Pairs.Length < factions * factions) Pairs = new FrontPairEdges?[factions * factions];
            var pair = Pairs[pairKey] ??= new FrontPairEdges { Generation = generation - 1 };
            if (pair.Generation != generation)
            {
                pair.Generation = generation;
                pair.Edges.Clear();
                pair.Places.Clear();
                pair.Km = 0;
                PairKeys.Add(pairKey);
            }
            return pair;
        }
        public readonly ByteWriter Tile = new();
        public readonly ByteWriter[] LayerBuffers = Enumerable.Range(0, 8).Select(_ => new ByteWriter()).ToArray();

        /// <summary>A layer writing into this thread's buffers (slot: one per layer of a tile).</summary>
        public MvtLayerBuilder Layer(string name, int slot, ValueTable? table) =>
            new(name, Extent, LayerBuffers[2 * slot], LayerBuffers[2 * slot + 1], table, table is null ? null : Values);
    }

    /// <summary>The tile with its <see cref="Buffer"/> in world coordinates: the cells whose envelope meets it are the tile's.</summary>
    internal static Envelope BufferedBounds(TileId tile)
    {
        var n = (double)(1L << tile.Z);
        var b = Buffer / (Extent * n);
        return new Envelope(tile.X / n - b, (tile.X + 1) / n + b, tile.Y / n - b, (tile.Y + 1) / n + b);
    }

    /// <summary>Per-tile state: the transform to tile units and the labels of the places looked up so far.</summary>
    private sealed class TileContext
    {
        public readonly TileId Tile;
        public readonly KnowledgeView View;
        public readonly long Key;
        public readonly AllianceTable Alliances;
        public readonly double Scale, OffsetX, OffsetY;
        public readonly Envelope Buffered;
        private readonly VectorTileEncoder _owner;
        private readonly MortonSegments? _latest;
        public readonly Scratch Scratch;
        public readonly int Generation;

        public TileContext(VectorTileEncoder owner, TileId tile, KnowledgeView view, long key, AllianceTable alliances)
        {
            Alliances = alliances;
            _owner = owner;
            Tile = tile;
            View = view;
            _latest = ReferenceEquals(view, owner._latest.View) ? owner._latest : null;
            Key = key;
            var n = (double)(1L << tile.Z);
            Scale = Extent * n;
            OffsetX = tile.X * (double)Extent;
            OffsetY = tile.Y * (double)Extent;
            Scratch = owner._scratch.Value!;
            Generation = ++Scratch.Generation;
            Scratch.Inference.BeginPass();
            Buffered = BufferedBounds(tile);
        }

        public double TX(double wx) => wx * Scale - OffsetX;

        public double TY(double wy) => wy * Scale - OffsetY;

        /// <summary>The territory class of a place from its own state, as <see cref="ControlMap.Labels"/> assigns it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FactLabel(int place) =>
            place < 0 ? -1 : Scratch.LabelStamp[place] == Generation ? Scratch.Labels[place] : LookUpLabel(place);

        /// <summary>
        /// The territory class of a place with inferred ground, as <see cref="ControlMap.ClassLabels"/> assigns it: an unknown
        /// place resolves its region (<see cref="InferredGround"/>, the same code as the whole map's), once per tile.
        /// </summary>
        public int ClassLabel(int place)
        {
            var label = FactLabel(place);
            if (label >= 0 || place < 0 || _owner._maxInferredPlaces == 0) return label;
            var labels = new FactLabels(this);
            var f = InferredGround.Resolve(_owner._cells, place, ref labels, _owner._factionCount, _owner._maxInferredPlaces, Scratch.Inference);
            return f < 0 ? -1 : 2 * _owner._factionCount + 1 + f;
        }

        private readonly struct FactLabels(TileContext t) : IFactLabels
        {
            public int Of(int place) => t.FactLabel(place);
        }

        private int LookUpLabel(int place)
        {
            int label;
            PlaceStatus status;
            int controller;
            if (_latest is not null)
            {
                var seg = _latest.SegmentAt(_owner._mortonRank[place], Key);
                (status, controller) = seg < 0 ? (PlaceStatus.Unknown, -1) : (_latest.Rows[seg].Status, _latest.Rows[seg].Controller);
            }
            else
            {
                var seg = View.SegmentAt(place, Key);
                (status, controller) = seg < 0 ? (PlaceStatus.Unknown, -1) : (View.Status[seg], View.Controller[seg]);
            }
            var f = _owner._factionCount;
            label = status switch
            {
                PlaceStatus.Held => controller,
                PlaceStatus.Claimed when controller >= 0 => f + controller,
                PlaceStatus.Claimed or PlaceStatus.Contested => 2 * f,
                _ => -1,
            };
            Scratch.LabelStamp[place] = Generation;
            Scratch.Labels[place] = label;
            return label;
        }
    }
}
