using System.Collections.Immutable;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Derivation;

/// <summary>
/// Where an edit (<see cref="ControlTimeline.Update"/>, described by <see cref="TimelineEdit"/>) can change the map derived from
/// place cells, so that caches keep what lies elsewhere. Between a map state of the previous timeline and one of the next:
/// <list type="bullet">
/// <item>only the edit's places (<see cref="TimelineEdit.Places"/>) can have another state of their own (an untouched place has the
/// same segments in both timelines, so the same state at every key where no untouched segment starts in between);</item>
/// <item>a place's territory class can differ only there and on unknown ground whose inferred faction they decide: an unknown
/// region (<see cref="InferredGround"/>) containing or bordering an edit's place, in either state. Those regions are searched
/// from the edit's places (each to one place past <see cref="ControlMap.MaxInferredPlaces"/>: a larger one is never inferred,
/// and a place whose class differs is in a small region of one of the two states), and each candidate's class is compared;</item>
/// <item>a boundary edge reads the classes of the two cells it separates: the cells of both lists above and their neighbours.</item>
/// </list>
/// </summary>
public sealed class EditReach
{
    private readonly ControlMap _previous, _next;
    private readonly TimelineEdit _edit;
    private readonly int _factions;
    private InferredGround.Scratch? _scratchA, _scratchB;

    private EditReach(ControlMap previous, ControlMap next, TimelineEdit edit)
    {
        (_previous, _next, _edit) = (previous, next, edit);
        _factions = next.Timeline.Factions.Length;
    }

    /// <summary>
    /// The reach of the edit that made <paramref name="next"/>'s timeline from <paramref name="previous"/>'s, or null when it was
    /// not such an update over the same cells and inference (then nothing derived can be assumed unchanged).
    /// </summary>
    public static EditReach? Between(ControlMap previous, ControlMap next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (next.Timeline.Edit is not { } edit || edit.PlacesAdded || edit.PreviousVersion != previous.Timeline.DataVersion
            || !ReferenceEquals(previous.Cells, next.Cells) || previous.MaxInferredPlaces != next.MaxInferredPlaces) return null;
        return new EditReach(previous, next, edit);
    }

    /// <summary>The places whose own state may differ (the edit's places).</summary>
    public ImmutableArray<int> Places => _edit.Places;

    /// <summary>
    /// The cells whose boundary may differ between the previous map at state key <paramref name="previousKey"/> of knowledge
    /// version <paramref name="previousVersion"/> and the next map at <paramref name="key"/> of <paramref name="version"/>: the
    /// places whose class may differ, and their neighbours. (Untouched places must have the same state at both keys, as they do
    /// for equal keys, or for a new state key and the key in force before it: <see cref="ControlTimeline.NewStateKeys"/>.)
    /// </summary>
    public IReadOnlyCollection<int> CellsAround(int previousVersion, long previousKey, int version, long key)
    {
        var cells = _next.Cells;
        var before = new ViewLabels(_previous.Timeline.ViewOf(previousVersion), previousKey, _factions);
        var after = new ViewLabels(_next.Timeline.ViewOf(version), key, _factions);
        var changed = new HashSet<int>();
        foreach (var p in _edit.Places)
            if (before.Of(p) != after.Of(p)) changed.Add(p);
        var max = _next.MaxInferredPlaces;
        // Classes are a function of the places' own labels: when none of those differs, neither does any class.
        if (max > 0 && changed.Count > 0)
        {
            var candidates = new HashSet<int>();
            Collect(ref before, candidates, max);
            Collect(ref after, candidates, max);
            var a = _scratchA ??= new InferredGround.Scratch(cells.Count);
            var b = _scratchB ??= new InferredGround.Scratch(cells.Count);
            a.BeginPass();
            b.BeginPass();
            foreach (var u in candidates)
                if (ClassOf(ref before, u, a, max) != ClassOf(ref after, u, b, max)) changed.Add(u);
        }
        var result = new HashSet<int>(changed);
        foreach (var c in changed)
            foreach (var n in cells.NeighboursOf(c)) result.Add(n);
        return result;
    }

    /// <summary>The unknown places of the regions that contain or border an edit's place under <paramref name="labels"/>.</summary>
    private void Collect(ref ViewLabels labels, HashSet<int> into, int max)
    {
        var cells = _next.Cells;
        var seen = new HashSet<int>();
        var queue = new List<int>();
        foreach (var p in _edit.Places)
        {
            Seed(ref labels, p);
            foreach (var n in cells.NeighboursOf(p)) Seed(ref labels, n);
        }

        void Seed(ref ViewLabels labels, int seed)
        {
            if (labels.Of(seed) >= 0 || !seen.Add(seed)) return;
            queue.Clear();
            queue.Add(seed);
            // One place past the largest inferred region is enough: a region that large is not inferred in this state.
            for (var q = 0; q < queue.Count && queue.Count <= max; q++)
                foreach (var n in cells.NeighboursOf(queue[q]))
                    if (labels.Of(n) < 0 && seen.Add(n)) queue.Add(n);
            into.UnionWith(queue);
        }
    }

    private int ClassOf(ref ViewLabels labels, int place, InferredGround.Scratch scratch, int max)
    {
        var fact = labels.Of(place);
        if (fact >= 0) return fact;
        var f = InferredGround.Resolve(_next.Cells, place, ref labels, _factions, max, scratch);
        return f < 0 ? -1 : 2 * _factions + 1 + f;
    }

    /// <summary>The fact labels of one knowledge view at one key (<see cref="ControlMap.Labels"/>, place by place).</summary>
    private readonly struct ViewLabels(KnowledgeView view, long key, int factions) : IFactLabels
    {
        public int Of(int place)
        {
            var seg = view.SegmentAt(place, key);
            return seg < 0 ? -1 : ControlMap.LabelOf(view.Status[seg], view.Controller[seg], factions);
        }
    }
}
