// The event feed's data: the change feed (/api/changes.csv, one row per record) parsed, and the items around a date in a
// view. Pure: no DOM, no map.
import Papa from "papaparse";
import { addDays } from "./dates";

/** One record of the change feed. */
export interface FeedEvent {
  id: string; place: string; placeName: string; lon: number; lat: number; faction: string | null;
  /** YYYY-MM-DD or YYYY-MM-DDTHH:MMZ. */
  validFrom: string; kind: string; status: string; claimOf: string | null; publishers: string[]; claimants: string[];
  retracted: boolean;
}

/**
 * A text cell as the server meant it: the CSV neutralises cells that a spreadsheet would run as a formula (a leading =, +, -,
 * @, tab or carriage return) with a leading single quote, which is not part of the value.
 */
export function cellText(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && "=+-@\t\r".includes(cell[1]) ? cell.slice(1) : cell;
}

/** The `rel="next"` URL of an RFC 8288 Link header (the change feed's next page), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel="?next"?(\s|;|$)/i.test(m[2])) return m[1];
  }
  return null;
}

/** Parses the CSV the server writes (RFC 4180, header row). Rows without a place or a date are dropped. */
export function parseChangeCsv(text: string): FeedEvent[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transform: cellText });
  const split = (v: string | undefined) => (v ? v.split(";").map(s => s.trim()) : []);
  const out: FeedEvent[] = [];
  for (const r of parsed.data) {
    if (!r.id || !r.place || !r.valid_from) continue;
    out.push({
      id: r.id, place: r.place, placeName: r.place_name || r.place, lon: Number(r.lon), lat: Number(r.lat), faction: r.faction || null,
      validFrom: r.valid_from, kind: r.kind, status: r.status, claimOf: r.claim_of || null,
      publishers: split(r.publishers).filter(Boolean), claimants: split(r.claimants), retracted: r.retracted === "true",
    });
  }
  return out;
}

/** The month windows (first days, YYYY-MM-01) that cover [from, to]: the feed loads and caches them one by one. */
export function monthsCovering(from: string, to: string): string[] {
  const out: string[] = [];
  let m = `${from.slice(0, 7)}-01`;
  while (m <= to) {
    out.push(m);
    const [y, mo] = [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
    m = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, "0")}-01`;
  }
  return out;
}

/** The first day of the month after `month` (YYYY-MM-01): the exclusive end of its window. */
export function nextMonth(month: string): string {
  return monthsCovering(month, addDays(month, 40))[1];
}

export interface FeedQuery {
  date: string;
  /** Days back from `date` the feed reaches. */
  days: number;
  /** [west, south, east, north], or null for everywhere. */
  bounds: [number, number, number, number] | null;
  hiddenFactions: ReadonlySet<string>;
  limit: number;
}

/**
 * The feed at a date: the records valid in the `days` up to and including `date`, inside the view, of factions shown, newest
 * first (ties: later record id first, so the order is stable), at most `limit`; and how many matched in all.
 */
export function selectFeed(events: readonly FeedEvent[], q: FeedQuery): { items: FeedEvent[]; total: number } {
  const from = addDays(q.date, -q.days + 1);
  const inView = (e: FeedEvent) => !q.bounds || (e.lon >= q.bounds[0] && e.lon <= q.bounds[2] && e.lat >= q.bounds[1] && e.lat <= q.bounds[3]);
  const matched = events.filter(e => {
    const day = e.validFrom.slice(0, 10);
    return day >= from && day <= q.date && inView(e) && !(e.faction && q.hiddenFactions.has(e.faction));
  });
  matched.sort((a, b) => (a.validFrom === b.validFrom ? (a.id < b.id ? 1 : -1) : a.validFrom < b.validFrom ? 1 : -1));
  return { items: matched.slice(0, q.limit), total: matched.length };
}
