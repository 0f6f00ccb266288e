using System.Collections.Immutable;

namespace FrontlineMaps.Core.Domain;

/// <summary>What a control change records.</summary>
public enum ChangeKind
{
    /// <summary>A faction takes (or enters, or contests) a place.</summary>
    Capture,
    /// <summary>A report that a faction still holds a place: evidence that refreshes "last confirmed".</summary>
    Confirmation,
    /// <summary>Withdraws an earlier record (<see cref="ControlChange.Retracts"/>) without stating a new fact.</summary>
    Retraction,
}

/// <summary>A reviewer's verdict on a claimed change (see <see cref="ControlChange.Reviews"/>).</summary>
public enum ReviewVerdict
{
    /// <summary>The reviewer confirms the claim: the review record states it as fact (held or contested).</summary>
    Confirmed,
    /// <summary>The reviewer disputes the claim: the review record keeps it a claim and flags it; the map does not change.</summary>
    Disputed,
}

/// <summary>How firmly a change is established.</summary>
public enum ChangeStatus
{
    /// <summary>Stated as fact: the faction holds the place.</summary>
    Held,
    /// <summary>Stated as fact: fighting inside the place, no clear holder.</summary>
    Contested,
    /// <summary>Attributed or hedged ("allegedly", "X claimed"): not confirmed.</summary>
    Claimed,
}

/// <summary>
/// When a change became true on the ground: a day, optionally a time of day, or an approximate range of days
/// when a report only says "in December" or "last week".
/// </summary>
/// <param name="Day">The day (the first day of the range when approximate).</param>
/// <param name="TimeOfDay">Time of day (UTC) when the report gives one.</param>
/// <param name="ApproxTo">Last day (inclusive) of an approximate range; null when exact.</param>
public readonly record struct GroundTime(DateOnly Day, TimeOnly? TimeOfDay = null, DateOnly? ApproxTo = null)
{
    /// <summary>
    /// The day from which the change is taken to be in force. An approximate change is only certain at the end of its range,
    /// so it takes effect on <see cref="ApproxTo"/>; an exact change on <see cref="Day"/>.
    /// </summary>
    public DateOnly EffectiveDay => ApproxTo ?? Day;

    /// <summary>The ordering key of this time on the valid-time axis (see <see cref="TimeKey"/>).</summary>
    public long Key => ApproxTo is { } to ? TimeKey.EndOfDay(to) : TimeOfDay is { } t ? TimeKey.At(Day, t) : TimeKey.EndOfDay(Day);

    /// <inheritdoc />
    public override string ToString() => ApproxTo is { } to ? $"{Day:yyyy-MM-dd}..{to:yyyy-MM-dd}" : TimeOfDay is { } t ? $"{Day:yyyy-MM-dd}T{t:HH\\:mm}Z" : Day.ToString("yyyy-MM-dd");
}

/// <summary>
/// Encodes a point on the valid-time axis as a sortable integer: <c>day * 2048 + minute</c>, where a change with no time of day
/// sorts at minute 1440, i.e. after every timed change of its day ("by the end of that day"). A query for a whole date D means
/// the map at the end of D: every change whose key is at most <see cref="EndOfDay"/>(D).
/// </summary>
public static class TimeKey
{
    private const int Slots = 2048;

    /// <summary>Key of the first instant of <paramref name="day"/> (00:00), before every change of that day.</summary>
    public static long StartOfDay(DateOnly day) => (long)day.DayNumber * Slots;

    /// <summary>Key of an untimed change on <paramref name="day"/>, and the cut-off of a query for that date.</summary>
    public static long EndOfDay(DateOnly day) => (long)day.DayNumber * Slots + 1440;

    /// <summary>Key of a change at a time of day.</summary>
    public static long At(DateOnly day, TimeOnly time) => (long)day.DayNumber * Slots + (time.Hour * 60 + time.Minute);

    /// <summary>Key of an instant (UTC).</summary>
    public static long At(DateTime utc) => At(DateOnly.FromDateTime(utc), TimeOnly.FromDateTime(utc));

    /// <summary>The day a key falls on.</summary>
    public static DateOnly DayOf(long key) => DateOnly.FromDayNumber((int)(key / Slots));
}

/// <summary>
/// One record of the append-only control log: on <see cref="ValidTime"/>, <see cref="FactionId"/> captured, held or contested
/// <see cref="PlaceId"/>, according to <see cref="Sources"/>; recorded at <see cref="RecordedAt"/> by <see cref="RecordedBy"/>.
/// A correction is a new record that <see cref="Retracts"/> the old one; nothing is overwritten.
/// </summary>
/// <param name="Id">Stable identifier of the record.</param>
/// <param name="PlaceId">The place.</param>
/// <param name="FactionId">The faction that takes, holds or contests the place; null only for a <see cref="ChangeKind.Retraction"/>.</param>
/// <param name="ValidTime">When it became true on the ground.</param>
/// <param name="Kind">Capture, confirmation or retraction.</param>
/// <param name="Status">Held, contested or claimed.</param>
/// <param name="Sources">The evidence. Empty only for a retraction.</param>
/// <param name="RecordedAt">When it was recorded (transaction time).</param>
/// <param name="RecordedBy">Who recorded it.</param>
/// <param name="Retracts">Id of an earlier record this one withdraws, if any.</param>
/// <param name="ClaimOf">For a <see cref="ChangeStatus.Claimed"/> change: whether the claim is of holding (default) or of fighting inside the place.</param>
/// <param name="Note">Editor's note (the cue in the report, in the editor's own words).</param>
/// <param name="Reviews">Id of an earlier claimed record this one reviews, if any. A review restates the claim (same place, faction,
/// valid time and kind): as fact when <paramref name="Verdict"/> is <see cref="ReviewVerdict.Confirmed"/> (so that, by the rule
/// "confirmed beats claimed", the map shows it as fact from the review's recorded time on), still as a claim when disputed.</param>
/// <param name="Verdict">The reviewer's verdict; present exactly when <paramref name="Reviews"/> is.</param>
public sealed record ControlChange(
    string Id,
    string PlaceId,
    string? FactionId,
    GroundTime ValidTime,
    ChangeKind Kind,
    ChangeStatus Status,
    ImmutableArray<Citation> Sources,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string? Retracts = null,
    ChangeStatus ClaimOf = ChangeStatus.Held,
    string? Note = null,
    string? Reviews = null,
    ReviewVerdict? Verdict = null)
{
    /// <summary>True when the change is stated as fact (held or contested), false for a claim or a retraction.</summary>
    public bool IsConfirmed => Kind != ChangeKind.Retraction && Status != ChangeStatus.Claimed;
}
