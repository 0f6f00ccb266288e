using FrontlineMaps.Core.Spatial;

namespace FrontlineMaps.Core.Derivation;

/// <summary>The territory label of a place as <see cref="ControlMap.Labels"/> assigns it from the place's own state.</summary>
internal interface IFactLabels
{
    /// <summary>-1 for an unknown place, the faction index for a held place, a larger label for claimed or contested ground.</summary>
    int Of(int place);
}

/// <summary>A label array as <see cref="IFactLabels"/>.</summary>
internal readonly struct ArrayLabels(int[] labels) : IFactLabels
{
    public int Of(int place) => labels[place];
}

/// <summary>
/// The rule for ground that no source names but one faction encloses (docs/data-format.md, "Inferred ground"):
/// <list type="bullet">
/// <item>two places are neighbours when their cells share an edge; an <em>unknown region</em> is a maximal connected set of
/// places with no state (status unknown) on the map's date;</item>
/// <item>a region is <em>inferred</em> for faction F when no cell of it is open (part of its outline on the dataset's boundary or
/// on the cap's edge, where empty country begins), it has at most <see cref="ControlMap.MaxInferredPlaces"/> places, and every
/// place neighbouring it is <em>held</em> by F (at least one; a claimed or contested neighbour, or one of another faction, even an
/// ally, leaves the region unknown);</item>
/// <item>otherwise its cells draw nothing, as before.</item>
/// </list>
/// A region either is inferred as a whole or not at all, so there is no iteration: a cell surrounded by inferred cells is in their
/// region. An inferred cell touches only its own region and F's held cells: it is never on a front. The result is a property of
/// the region, so any traversal order gives it; the tile encoder applies the same code to the regions that touch a tile.
/// </summary>
internal static class InferredGround
{
    /// <summary>
    /// The faction (index) whose ground the region of unknown place <paramref name="place"/> is inferred to be, or -1. Resolves the
    /// whole region: its other places are then answered from <paramref name="scratch"/> until the next
    /// <see cref="Scratch.BeginPass"/>. Stops at the first sign that the region is not inferred (the places seen so far are marked;
    /// the rest, met later, find a marked place and stop at once).
    /// </summary>
    public static int Resolve<T>(CellCoverage cells, int place, ref T labels, int factionCount, int maxPlaces, Scratch scratch)
        where T : struct, IFactLabels
    {
        var stamp = scratch.Stamp;
        if (stamp[place] >= scratch.PassStart) return scratch.Result[place];
        var id = ++scratch.Counter;
        var queue = scratch.Queue;
        queue.Clear();
        queue.Add(place);
        stamp[place] = id;
        var faction = -1;
        var inferred = maxPlaces > 0;
        for (var q = 0; q < queue.Count && inferred; q++)
        {
            var c = queue[q];
            if (cells.IsOpen(c)) { inferred = false; break; }
            foreach (var n in cells.NeighboursOf(c))
            {
                var label = labels.Of(n);
                if (label < 0)
                {
                    var seen = stamp[n];
                    if (seen == id) continue;
                    // A place of this region resolved earlier in the pass: the region was found not inferred then.
                    if (seen >= scratch.PassStart || queue.Count >= maxPlaces) { inferred = false; break; }
                    stamp[n] = id;
                    queue.Add(n);
                }
                else if (label < factionCount && (faction < 0 || faction == label)) faction = label;
                else { inferred = false; break; }
            }
        }
        var result = inferred ? faction : -1;
        foreach (var c in queue) scratch.Result[c] = result;
        return result;
    }

    /// <summary>
    /// Visit marks per place, reused across passes (a tile, or a whole map): a place is resolved in the current pass when its
    /// mark is at least <see cref="PassStart"/>.
    /// </summary>
    internal sealed class Scratch(int places)
    {
        public readonly int[] Stamp = new int[places];
        public readonly int[] Result = new int[places];
        public readonly List<int> Queue = [];
        public int Counter;
        public int PassStart = 1;

        /// <summary>Forgets every resolved region.</summary>
        public void BeginPass()
        {
            if (Counter > int.MaxValue - Stamp.Length - 2)
            {
                Array.Clear(Stamp);
                Counter = 0;
            }
            PassStart = Counter + 1;
        }
    }
}
