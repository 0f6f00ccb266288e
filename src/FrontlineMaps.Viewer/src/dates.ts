// Calendar dates as "YYYY-MM-DD" strings (the API's form): parsing, day arithmetic, ranges. Pure functions, UTC only.

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is a real calendar date written YYYY-MM-DD (2019-02-30 is not). */
export function isIsoDate(text: string | null | undefined): text is string {
  if (!text) return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function toDayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS);
}

/** The YYYY-MM-DD date of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The date clamped into [first, last]. */
export function clampDate(date: string, first: string, last: string): string {
  return date < first ? first : date > last ? last : date;
}

/** A date for people: "2 December 2019". */
export function formatLong(date: string): string {
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const m = ISO_DATE.exec(date);
  if (!m) return date;
  return `${+m[3]} ${months[+m[2] - 1]} ${m[1]}`;
}
