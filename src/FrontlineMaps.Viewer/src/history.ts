// A place's history (/api/places/{id}/history) and its state on a date. Pure.

/** A source as the history endpoint gives it. */
export interface HistorySource { id: string; publisher: string | null; title: string | null; url: string | null; published: string | null; claimant: string | null; }

/** The state after a record. */
export interface StateAfter { status: string; faction: string | null; factions: string[]; since: string | null; last_confirmed: string | null; sources: number; }

/** One control record. */
export interface HistoryRecord {
  id: string; faction: string | null; valid_from: string; valid_to_approx: string | null; kind: string; status: string; claim_of: string | null;
  sources: HistorySource[]; recorded_at: string; retracts: string | null; retracted: boolean; note: string | null; state_after: StateAfter | null;
}

/** /api/places/{id}/history. */
export interface PlaceHistory {
  place: { id: string; name: string; names: string[]; kind: string; lon: number; lat: number; admin?: Record<string, string | null> | null; approximate: boolean };
  records: HistoryRecord[];
}

/** The state of the place at the end of `date`: the state after the last record valid by then (null: nothing known). */
export function placeStateAt(history: PlaceHistory, date: string): StateAfter | null {
  let state: StateAfter | null = null;
  for (const r of history.records) {
    if (r.valid_from.slice(0, 10) > date) continue;
    if (r.state_after) state = r.state_after;
  }
  return state;
}

/** Every distinct source of the record set, in order of first citation. */
export function distinctSources(history: PlaceHistory): HistorySource[] {
  const seen = new Map<string, HistorySource>();
  for (const r of history.records) for (const s of r.sources) if (!seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}

/** The record whose state the place is in on `date` (the last record valid by then with a state), or null. */
export function shapingRecord(history: PlaceHistory, date: string): HistoryRecord | null {
  let found: HistoryRecord | null = null;
  for (const r of history.records) if (r.valid_from.slice(0, 10) <= date && r.state_after) found = r;
  return found;
}

/** The faction of the last held (confirmed, undisputed) state among the records valid by `date`, or null. */
export function lastConfirmedHolder(history: PlaceHistory, date: string): string | null {
  let holder: string | null = null;
  for (const r of history.records)
    if (r.valid_from.slice(0, 10) <= date && r.state_after?.status === "held") holder = r.state_after.faction;
  return holder;
}

/** What the panel's headline says about a place on a date: one reading of its state, never two that disagree. */
export interface PlaceSummary {
  kind: "none" | "held" | "contested" | "claimed";
  /** The factions the headline names: the holder, the parties of a contest, or the claimant. */
  factions: string[];
  since: string | null;
  /** Held: the holder. Contested: the last undisputed holder. Claimed: the last confirmed holder. */
  previous: string | null;
  /** A claim: what is claimed (held or contested). */
  claimOf: string | null;
  lastConfirmed: string | null;
  /** Days from the last confirmation to `date` (null when never confirmed). */
  ageDays: number | null;
}

export function summarize(history: PlaceHistory, date: string, daysBetween: (a: string, b: string) => number): PlaceSummary {
  const s = placeStateAt(history, date);
  if (!s || s.status === "unknown")
    return { kind: "none", factions: [], since: null, previous: null, claimOf: null, lastConfirmed: null, ageDays: null };
  const ageDays = s.last_confirmed ? daysBetween(s.last_confirmed, date) : null;
  const base = { since: s.since, lastConfirmed: s.last_confirmed, ageDays };
  if (s.status === "held") return { kind: "held", factions: s.faction ? [s.faction] : [], previous: s.faction, claimOf: null, ...base };
  if (s.status === "contested") {
    const parties = s.factions.length ? s.factions : s.faction ? [s.faction] : [];
    return { kind: "contested", factions: parties, previous: s.faction, claimOf: null, ...base };
  }
  const record = shapingRecord(history, date);
  const claimOf = record?.claim_of ?? "held";
  const claimants = claimOf === "held" && s.faction ? [s.faction] : s.factions;
  return { kind: "claimed", factions: claimants, previous: lastConfirmedHolder(history, date), claimOf, ...base };
}
