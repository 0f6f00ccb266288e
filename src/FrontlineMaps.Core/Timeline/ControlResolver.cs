using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Timeline;

/// <summary>
/// The resolution rules: folds one place's visible records, in valid-time order, into a sequence of states.
/// <list type="number">
/// <item><b>Order.</b> Records are ordered by <see cref="GroundTime.Key"/> (day, then time of day; a record without a time of day
/// counts as "by the end of that day", after the day's timed records), then by order of record. Two untimed records of one day are
/// therefore applied in the order they were recorded; two timed ones by their time.</item>
/// <item><b>One instant, one outcome.</b> Records with the same key are resolved together. Within that group each source keeps only
/// its last statement (a source that reports a capture and then a recapture on one day tells one story, and its last word counts).</item>
/// <item><b>Rival confirmed facts are "contested".</b> When the confirmed statements of different sources (disjoint source sets)
/// disagree at one instant, the place becomes contested between every faction named (and the previous holder where a source reports
/// fighting inside the place).</item>
/// <item><b>Confirmed beats claimed.</b> A claim at the same instant as a confirmed fact changes nothing. A claim later than the
/// last confirmed state that names another faction makes the status <see cref="PlaceStatus.Claimed"/>; the confirmed holder stays in
/// <see cref="PlaceState.Parties"/>. A claim that agrees with the confirmed holder only adds a source.</item>
/// <item><b>Confirmations refresh.</b> A confirmed report that the holder still holds the place (or a repeated capture by the holder)
/// moves <see cref="PlaceState.LastConfirmed"/> and keeps <see cref="PlaceState.Since"/>. A confirmation naming a new holder
/// starts a new state whose <see cref="PlaceState.Since"/> is that report's day: the earliest evidence of it.</item>
/// <item><b>Retractions.</b> A record named in <see cref="ControlChange.Retracts"/> of a visible record is removed from the log as
/// if never made; a retraction record states nothing itself, and a correction is a new record that retracts the old one.</item>
/// </list>
/// </summary>
internal static class ControlResolver
{
    /// <summary>Receives the state after each instant that changed anything.</summary>
    public delegate void Emit(long key, in PlaceState state);

    /// <summary>
    /// Folds <paramref name="facts"/> (log indices of visible, non-retracted, non-retraction records of one place, already in
    /// (key, record) order) into states, calling <paramref name="emit"/> after every instant.
    /// </summary>
    public static void Resolve(ReadOnlySpan<int> facts, IReadOnlyList<ControlChange> log, FactionTable factionIndex, Emit emit)
    {
        var holder = -1;                   // last confirmed, undisputed holder
        var state = PlaceState.Unknown;
        var lastKey = long.MinValue;
        var i = 0;
        var viewBuf = new int[8];
        while (i < facts.Length)
        {
            var key = log[facts[i]].ValidTime.Key;
            var j = i;
            while (j < facts.Length && log[facts[j]].ValidTime.Key == key) j++;
            var group = facts[i..j];
            var day = TimeKey.DayOf(key);
            state = Expire(state, ref holder, lastKey, key, factionIndex, emit);

            // Per source, the last confirmed statement of this instant.
            if (viewBuf.Length < group.Length) viewBuf = new int[group.Length];
            var viewCount = 0;
            foreach (var f in group)
            {
                var c = log[f];
                if (!c.IsConfirmed) continue;
                var replaced = false;
                for (var v = 0; v < viewCount; v++)
                {
                    if (ShareSource(log[viewBuf[v]], c)) { viewBuf[v] = f; replaced = true; break; }
                }
                if (!replaced) viewBuf[viewCount++] = f;
            }

            if (viewCount > 0)
            {
                var citations = 0;
                var first = log[viewBuf[0]];
                var agree = first.Status == ChangeStatus.Held;
                for (var v = 0; v < viewCount; v++)
                {
                    var c = log[viewBuf[v]];
                    citations += c.Sources.Length;
                    if (c.Status != ChangeStatus.Held || c.FactionId != first.FactionId) agree = false;
                }
                var last = viewBuf[viewCount - 1];
                if (agree)
                {
                    var f = factionIndex.IndexOf(first.FactionId!);
                    if (state.Status == PlaceStatus.Held && state.Controller == f)
                        state = state with { LastConfirmed = day, Sources = state.Sources + citations, LastChange = last };
                    else
                        state = new PlaceState(f, PlaceStatus.Held, day, day, [f], citations, last);
                    holder = f;
                }
                else
                {
                    var parties = new SortedSet<int>();
                    for (var v = 0; v < viewCount; v++)
                    {
                        var c = log[viewBuf[v]];
                        parties.Add(factionIndex.IndexOf(c.FactionId!));
                        if (c.Status == ChangeStatus.Contested && holder >= 0) parties.Add(holder);
                    }
                    var p = parties.ToImmutableArray();
                    if (state.Status == PlaceStatus.Contested && state.Parties.SequenceEqual(p))
                        state = state with { LastConfirmed = day, Sources = state.Sources + citations, LastChange = last };
                    else
                        state = new PlaceState(holder, PlaceStatus.Contested, day, day, p, citations, last);
                }
            }
            else
            {
                // Claims only.
                foreach (var f in group)
                {
                    var c = log[f];
                    var fi = factionIndex.IndexOf(c.FactionId!);
                    var claimsContest = c.ClaimOf == ChangeStatus.Contested;
                    if (!claimsContest && state.Status == PlaceStatus.Held && state.Controller == fi)
                    {
                        state = state with { Sources = state.Sources + c.Sources.Length, LastChange = f };
                        continue;
                    }
                    var parties = new SortedSet<int> { fi };
                    if (holder >= 0) parties.Add(holder);
                    if (state.Status == PlaceStatus.Claimed && state.Since == day) foreach (var q in state.Parties) parties.Add(q);
                    var controller = claimsContest ? holder : fi;
                    var p = parties.ToImmutableArray();
                    if (state.Status == PlaceStatus.Claimed && state.Controller == controller && state.Parties.SequenceEqual(p))
                        state = state with { Sources = state.Sources + c.Sources.Length, LastChange = f };
                    else
                        state = new PlaceState(controller, PlaceStatus.Claimed, day, null, p, c.Sources.Length, f);
                }
            }
            emit(key, state);
            lastKey = key;
            i = j;
        }
        Expire(state, ref holder, lastKey, FactionTable.Never, factionIndex, emit);
    }

    /// <summary>
    /// A holder that ceased to exist (its <see cref="Faction.ValidTo"/>) between <paramref name="after"/> and
    /// <paramref name="before"/> holds nothing from then on: its places pass to its successor (HTS's to the government it became)
    /// or become unknown (the army of the fallen government holds no village in 2025 because nobody reported it lost). A record
    /// at the very instant of the end states the place itself, so the end gives way to it; a record naming a faction after its
    /// end (data the validator warns about) is shown as written.
    /// </summary>
    private static PlaceState Expire(PlaceState state, ref int holder, long after, long before, FactionTable factions, Emit emit)
    {
        while (state.Controller >= 0 && state.Status is PlaceStatus.Held or PlaceStatus.Claimed
               && factions.EndKey(state.Controller) is var end && end > after && end < before)
        {
            var ceased = state.Controller;
            var successor = factions.Successor(ceased);
            if (successor < 0)
            {
                state = PlaceState.Unknown;
                if (holder == ceased) holder = -1;
            }
            else
            {
                var parties = ImmutableArray.CreateRange(state.Parties.Select(p => p == ceased ? successor : p).Distinct().Order());
                state = state with { Controller = successor, Since = TimeKey.DayOf(end), Parties = parties };
                if (holder == ceased) holder = successor;
            }
            emit(end, state);
            after = end;
        }
        return state;
    }

    private static bool ShareSource(ControlChange a, ControlChange b)
    {
        foreach (var x in a.Sources)
            foreach (var y in b.Sources)
                if (x.SourceId == y.SourceId) return true;
        return false;
    }
}
