using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Timeline;

/// <summary>Builds small datasets in code for the resolution-rule tests.</summary>
internal sealed class LogBuilder
{
    private readonly List<ControlChange> _changes = [];
    private readonly List<Faction> _factions = [];
    private readonly List<Place> _places = [];
    private readonly List<Source> _sources = [];
    private DateTimeOffset _recordClock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public LogBuilder()
    {
        foreach (var id in new[] { "SAA", "SNA", "HTS", "ISIS", "Rebels", "SDF" })
            _factions.Add(new Faction(id, id, id, "#888888", []));
        foreach (var id in new[] { "a", "b", "c" })
            _places.Add(new Place(id, id, [], PlaceKind.Village, 36.9, 35.6, AdminUnits.None));
        foreach (var id in new[] { "src1", "src2", "src3" })
            _sources.Add(new Source(id, id, id, null, new DateOnly(2019, 12, 3)));
    }

    public LogBuilder Ally(string a, string b)
    {
        var i = _factions.FindIndex(f => f.Id == a);
        _factions[i] = _factions[i] with { Allies = [b] };
        return this;
    }

    /// <summary><paramref name="faction"/> ceases on <paramref name="day"/> (exclusive), its places passing to <paramref name="successor"/>.</summary>
    public LogBuilder Ends(string faction, string day, string? successor = null)
    {
        var i = _factions.FindIndex(f => f.Id == faction);
        _factions[i] = _factions[i] with { ValidTo = DateOnly.Parse(day), SucceededBy = successor };
        return this;
    }

    public string Add(string place, string? faction, string day, ChangeKind kind = ChangeKind.Capture, ChangeStatus status = ChangeStatus.Held,
        string source = "src1", string? time = null, string? retracts = null, DateTimeOffset? recordedAt = null,
        ChangeStatus claimOf = ChangeStatus.Held, string? approxTo = null)
    {
        var id = $"c{_changes.Count + 1}";
        _recordClock = recordedAt ?? _recordClock.AddSeconds(1);
        var ground = new GroundTime(DateOnly.Parse(day), time is null ? null : TimeOnly.Parse(time), approxTo is null ? null : DateOnly.Parse(approxTo));
        _changes.Add(new ControlChange(id, place, faction, ground, kind, status,
            kind == ChangeKind.Retraction ? [] : [new Citation(source)], _recordClock, "test", retracts, claimOf));
        return id;
    }

    public Dataset Dataset() => new(new DatasetInfo("test", []), [.. _factions], [.. _places], [.. _sources], [.. _changes]);

    public ControlTimeline Build() => new(Dataset(), "test");
}

internal static class StateAssertions
{
    public static string? Holder(this ControlTimeline t, PlaceState s) => s.Controller < 0 ? null : t.Factions[s.Controller].Id;

    public static string[] PartyIds(this ControlTimeline t, PlaceState s) => s.Parties.Select(p => t.Factions[p].Id).Order(StringComparer.Ordinal).ToArray();

    public static PlaceState At(this ControlTimeline t, string place, string day, DateTimeOffset? knownAt = null) =>
        t.Snapshot(DateOnly.Parse(day), knownAt).StateOf(place);
}
