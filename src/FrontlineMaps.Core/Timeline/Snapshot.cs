using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// Every place's control at one valid time, as known at one transaction time. Cheap to make (one binary search per place) and
/// immutable.
/// </summary>
public sealed class Snapshot
{
    private readonly KnowledgeView _view;
    private readonly int[] _segments;

    internal Snapshot(ControlTimeline timeline, KnowledgeView view, int[] segments, DateOnly validAt, long validKey, DateTimeOffset? knownAt, long stateKey)
    {
        Timeline = timeline;
        _view = view;
        _segments = segments;
        ValidAt = validAt;
        ValidKey = validKey;
        KnownAt = knownAt;
        StateKey = stateKey;
    }

    /// <summary>The timeline this snapshot was taken from.</summary>
    public ControlTimeline Timeline { get; }

    /// <summary>The date of the map (the map at the end of this day unless <see cref="ValidKey"/> says an earlier instant).</summary>
    public DateOnly ValidAt { get; }

    /// <summary>The valid-time key of the cut-off (see <see cref="TimeKey"/>).</summary>
    public long ValidKey { get; }

    /// <summary>The transaction-time cut-off ("as published on"), or null for everything recorded.</summary>
    public DateTimeOffset? KnownAt { get; }

    /// <summary>
    /// The key of the last state change at or before <see cref="ValidKey"/> (or <see cref="long.MinValue"/> before any): two
    /// snapshots with the same state key and knowledge are identical, so caches key on it rather than on the date.
    /// </summary>
    public long StateKey { get; }

    /// <summary>Number of places.</summary>
    public int Count => _segments.Length;

    /// <summary>The state of the place with index <paramref name="placeIndex"/> (see <see cref="ControlTimeline.Places"/>).</summary>
    public PlaceState this[int placeIndex] => _view.StateOf(_segments[placeIndex]);

    /// <summary>The status alone, without materialising the whole state.</summary>
    public PlaceStatus StatusOf(int placeIndex) => _segments[placeIndex] < 0 ? PlaceStatus.Unknown : _view.Status[_segments[placeIndex]];

    /// <summary>The controller index alone (-1 for none).</summary>
    public int ControllerOf(int placeIndex) => _segments[placeIndex] < 0 ? -1 : _view.Controller[_segments[placeIndex]];

    /// <summary>The state of a place by id.</summary>
    public PlaceState StateOf(string placeId) => this[Timeline.PlaceIndex(placeId)];

    /// <summary>Every place with its state, in dataset order.</summary>
    public IEnumerable<(Place Place, PlaceState State)> Entries()
    {
        for (var i = 0; i < _segments.Length; i++) yield return (Timeline.Places[i], this[i]);
    }
}
