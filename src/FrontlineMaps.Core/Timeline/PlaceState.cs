using System.Collections.Immutable;

namespace FrontlineMaps.Core.Timeline;

/// <summary>How a place's control stands at a date.</summary>
public enum PlaceStatus : byte
{
    /// <summary>No evidence yet.</summary>
    Unknown,
    /// <summary>Confirmed held by <see cref="PlaceState.Controller"/>.</summary>
    Held,
    /// <summary>Confirmed fighting or confirmed rival reports: see <see cref="PlaceState.Parties"/>.</summary>
    Contested,
    /// <summary>Only an unconfirmed claim since the last confirmed state.</summary>
    Claimed,
}

/// <summary>
/// The control of one place at one date, as the timeline resolves it.
/// </summary>
/// <param name="Controller">
/// Index of the faction shown as controller, or -1: the holder when <see cref="PlaceStatus.Held"/>, the claimed holder when
/// <see cref="PlaceStatus.Claimed"/> (a claim of holding), the last undisputed holder (possibly -1) when contested or when the claim is of fighting.
/// </param>
/// <param name="Status">Held, contested, claimed or unknown.</param>
/// <param name="Since">First day of the current state (the capture, or the first evidence of it).</param>
/// <param name="LastConfirmed">Last day a confirmed report supported the current state.</param>
/// <param name="Parties">Faction indices involved (sorted): the holder, or every party when contested or claimed.</param>
/// <param name="Sources">Number of citations behind the current state.</param>
/// <param name="LastChange">Index in the log of the last record that shaped this state, or -1.</param>
public readonly record struct PlaceState(
    int Controller,
    PlaceStatus Status,
    DateOnly? Since,
    DateOnly? LastConfirmed,
    ImmutableArray<int> Parties,
    int Sources,
    int LastChange)
{
    /// <summary>The state of a place with no evidence.</summary>
    public static readonly PlaceState Unknown = new(-1, PlaceStatus.Unknown, null, null, [], 0, -1);
}
