using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// Which factions are allied on which day, prepared once at load: the days on which some dated alliance starts or ends, and
/// for each period between two such days one faction-by-faction table. A date costs one binary search over the change days
/// (a handful in practice); an edge then costs one table lookup.
/// Two factions are allied on a day when either declares the other an ally on that day (half-open <c>[from, to)</c>), when
/// they belong to the same coalition, or when one is the other's coalition (coalitions are timeless).
/// </summary>
public sealed class AllianceCalendar
{
    private readonly int[] _changeDays;          // ascending day numbers on which the state changes
    private readonly AllianceTable[] _tables;    // _tables[k]: days in [_changeDays[k - 1], _changeDays[k])

    /// <summary>Prepares the calendar of <paramref name="factions"/>; ids not in <paramref name="index"/> are ignored.</summary>
    public AllianceCalendar(ImmutableArray<Faction> factions, IReadOnlyDictionary<string, int> index)
    {
        var days = new SortedSet<int>();
        foreach (var f in factions)
            foreach (var a in f.Allies.OrEmpty())
            {
                if (a.From is { } from) days.Add(from.DayNumber);
                if (a.To is { } to) days.Add(to.DayNumber);
            }
        _changeDays = [.. days];
        _tables = new AllianceTable[_changeDays.Length + 1];
        for (var k = 0; k < _tables.Length; k++)
        {
            // A representative day of period k: the day it starts on, or (before the first change) the day before that change.
            DateOnly? day = k > 0 ? DateOnly.FromDayNumber(_changeDays[k - 1])
                : _changeDays.Length > 0 ? DateOnly.FromDayNumber(_changeDays[0] - 1) : null;
            _tables[k] = new AllianceTable(Build(factions, index, day));
        }
        ChangeDays = [.. _changeDays.Select(DateOnly.FromDayNumber)];
    }

    /// <summary>The days on which some dated alliance starts or ends, ascending: the table differs from the previous day's.</summary>
    public ImmutableArray<DateOnly> ChangeDays { get; }

    /// <summary>The alliances that hold on <paramref name="day"/>.</summary>
    public AllianceTable On(DateOnly day)
    {
        var i = Array.BinarySearch(_changeDays, day.DayNumber);
        return _tables[i >= 0 ? i + 1 : ~i];
    }

    /// <summary>The last change day at or before <paramref name="day"/>, if any.</summary>
    public DateOnly? LastChangeOnOrBefore(DateOnly day)
    {
        var i = Array.BinarySearch(_changeDays, day.DayNumber);
        if (i < 0) i = ~i - 1;
        return i < 0 ? null : DateOnly.FromDayNumber(_changeDays[i]);
    }

    private static bool[,] Build(ImmutableArray<Faction> factions, IReadOnlyDictionary<string, int> index, DateOnly? day)
    {
        var n = factions.Length;
        var allied = new bool[n, n];
        for (var a = 0; a < n; a++)
        {
            var fa = factions[a];
            foreach (var ally in fa.Allies.OrEmpty())
            {
                var holds = day is { } d ? ally.HoldsOn(d) : ally.IsTimeless;
                if (holds && index.TryGetValue(ally.Faction, out var b))
                    allied[a, b] = allied[b, a] = true;
            }
            for (var b = 0; b < n; b++)
            {
                var fb = factions[b];
                if (a == b) continue;
                if ((fa.Parent is not null && (fa.Parent == fb.Parent || fa.Parent == fb.Id)) || fb.Parent == fa.Id)
                    allied[a, b] = allied[b, a] = true;
            }
        }
        return allied;
    }
}

/// <summary>The alliances that hold on one day: which pairs of factions (by index in the timeline) do not fight.</summary>
public sealed class AllianceTable
{
    private readonly bool[,] _allied;

    internal AllianceTable(bool[,] allied) => _allied = allied;

    /// <summary>Whether factions <paramref name="a"/> and <paramref name="b"/> (indices; negative: none) are allied. A faction is
    /// allied with itself.</summary>
    public bool AreAllied(int a, int b) => a == b || (a >= 0 && b >= 0 && _allied[a, b]);

    /// <summary>Whether two factions (indices; negative: none, e.g. contested ground) face each other across a front line:
    /// both are factions, they differ and they are not allied.</summary>
    public bool AreOpposed(int a, int b) => a >= 0 && b >= 0 && !AreAllied(a, b);
}
