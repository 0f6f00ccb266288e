// Timeline math: which map state a date shows, stepping between changes, playback, and where ticks go on the slider.
import { addDays, clampDate, daysBetween } from "./dates";

/** One date with records, from /api/timeline. */
export interface TimelineDate { date: string; total: number; factions: Record<string, number>; }

/** The faction list entry of /api/timeline. */
export interface Faction { id: string; name: string; short_name?: string; color: string; }

/** /api/timeline. */
export interface TimelineData {
  data_version: string;
  /** The token dated tile and snapshot URLs carry as `?v=` (immutable while it is current; redirected after a write). */
  url_version?: string;
  /** The last recording instant the timeline includes (null: none): `known_at` set to it pins a view to this knowledge. */
  recorded_until?: string | null;
  /** The cut-off the timeline was asked for, or null. */
  known_at?: string | null;
  first_date: string;
  last_date: string;
  /** Days a dated alliance starts or ends: fronts change there without a record. */
  alliance_days?: string[];
  factions: Faction[];
  dates: TimelineDate[];
}

/**
 * The dates on which the map changes, sorted and distinct: the dates with records and the days alliances start or end. The
 * map shown for a date is the one of the last of these at or before it.
 */
export function mapChangeDates(data: Pick<TimelineData, "dates" | "alliance_days">): string[] {
  const all = [...data.dates.map(d => d.date), ...(data.alliance_days ?? [])].sort();
  return all.filter((d, i) => i === 0 || d !== all[i - 1]);
}

/** Index of the last element of sorted `dates` that is <= `date`, or -1. */
export function lastAtOrBefore(dates: readonly string[], date: string): number {
  let lo = 0, hi = dates.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= date) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/**
 * The date whose map `date` shows: the last map change (see `mapChangeDates`) at or before it (tiles of two dates with no
 * change between them are the same map, so the viewer asks for one and the browser cache serves the other). Before the
 * first change, the first one.
 */
export function stateDate(changeDates: readonly string[], date: string): string {
  const i = lastAtOrBefore(changeDates, date);
  return i >= 0 ? changeDates[i] : (changeDates[0] ?? date);
}

/** The next map change strictly after `date`, or null. */
export function nextChange(changeDates: readonly string[], date: string): string | null {
  const i = lastAtOrBefore(changeDates, date);
  return i + 1 < changeDates.length ? changeDates[i + 1] : null;
}

/** The last map change strictly before `date`, or null. */
export function previousChange(changeDates: readonly string[], date: string): string | null {
  const i = lastAtOrBefore(changeDates, date);
  const j = i >= 0 && changeDates[i] === date ? i - 1 : i;
  return j >= 0 ? changeDates[j] : null;
}

/** Playback speeds: days of history per second of playback. */
export const SPEEDS: readonly { label: string; daysPerSecond: number }[] = [
  { label: "1 day/s", daysPerSecond: 1 },
  { label: "1 week/s", daysPerSecond: 7 },
  { label: "1 month/s", daysPerSecond: 30 },
  { label: "3 months/s", daysPerSecond: 91 },
  { label: "1 year/s", daysPerSecond: 365 },
];

/** Playback settings. */
export interface Playback { daysPerSecond: number; reverse: boolean; loop: boolean; }

/**
 * One playback tick: the date after `elapsedMs` of playing from `date`, and whether playback stops (the end reached
 * without looping). Fractional days carry over in `carry` so slow speeds still advance.
 */
export function advance(date: string, first: string, last: string, p: Playback, elapsedMs: number, carry = 0):
  { date: string; carry: number; stop: boolean } {
  const total = Math.max(0, carry + (p.daysPerSecond * Math.max(0, elapsedMs)) / 1000); // time never runs backwards
  const whole = Math.floor(total);
  const rest = total - whole;
  if (whole === 0) return { date, carry: rest, stop: false };
  const target = addDays(date, p.reverse ? -whole : whole);
  if (!p.reverse && target > last) {
    if (!p.loop) return { date: last, carry: 0, stop: true };
    return { date: date === last ? first : last, carry: 0, stop: false };
  }
  if (p.reverse && target < first) {
    if (!p.loop) return { date: first, carry: 0, stop: true };
    return { date: date === first ? last : first, carry: 0, stop: false };
  }
  return { date: clampDate(target, first, last), carry: rest, stop: false };
}

/** Position (0..1) of a date on a slider from `first` to `last`. */
export function fraction(date: string, first: string, last: string): number {
  const span = daysBetween(first, last);
  return span <= 0 ? 0 : Math.min(1, Math.max(0, daysBetween(first, date) / span));
}

/** Slider ticks: each date with records at its position, with a height (0..1) by its number of records (log scale). */
export function ticks(data: Pick<TimelineData, "first_date" | "last_date" | "dates">): { date: string; x: number; height: number }[] {
  const max = Math.max(1, ...data.dates.map(d => d.total));
  return data.dates.map(d => ({
    date: d.date,
    x: fraction(d.date, data.first_date, data.last_date),
    height: Math.max(0.25, Math.log1p(d.total) / Math.log1p(max)),
  }));
}

/** Ticks closer than `minGap` (a fraction of the slider) merged into the first of them, with every date they stand for. */
export function mergeTicks<T extends { x: number; height: number; date: string }>(list: readonly T[], minGap: number): (T & { dates: string[] })[] {
  const out: (T & { dates: string[] })[] = [];
  for (const t of list) {
    const last = out[out.length - 1];
    if (last && t.x - last.x < minGap) { last.dates.push(t.date); last.height = Math.max(last.height, t.height); }
    else out.push({ ...t, dates: [t.date] });
  }
  return out;
}

/** The state dates playback will reach next from `date` (for prefetching their tiles), at most `count`. */
export function upcomingStates(changeDates: readonly string[], date: string, reverse: boolean, count: number): string[] {
  const i = lastAtOrBefore(changeDates, date);
  const out: string[] = [];
  if (reverse) for (let j = i - 1; j >= 0 && out.length < count; j--) out.push(changeDates[j]);
  else for (let j = i + 1; j < changeDates.length && out.length < count; j++) out.push(changeDates[j]);
  return out;
}
