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
