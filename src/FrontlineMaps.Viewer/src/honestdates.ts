// What the page says about a date the records do not cover, a date that is not one, and a knowledge cut-off. Pure.
import { formatLong, isIsoDate } from "./dates";

/** The note for a date against the records' range, or null inside it. */
export function dateNote(date: string, first: string, last: string): string | null {
  if (date > last) return `No reports after ${formatLong(last)}: the map shows the situation as of then.`;
  if (date < first) return `No reports yet on ${formatLong(date)}: the first is from ${formatLong(first)}.`;
  return null;
}

/** "2 December 2019" or "2 December 2019, 14:30 UTC" for a `known_at` value. */
export function formatKnownAt(value: string): string {
  if (value.length === 10) return formatLong(value);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const iso = d.toISOString();
  return `${formatLong(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

/** The message for a `date=` that is not a real date, or null (absent or valid). */
export function invalidDateMessage(raw: string | null): string | null {
  if (raw === null || isIsoDate(raw as string | null)) return null;
  const shown = raw.length > 40 ? raw.slice(0, 40) + "…" : raw;
  return `“${shown}” is not a date this map can show (write it YYYY-MM-DD, e.g. 2019-12-02): here is the latest date instead.`;
}
