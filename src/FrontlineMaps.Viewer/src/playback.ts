// Playback that never skips a map change. Pure: the controls call `playStep` once per animation frame.
import { advance, lastAtOrBefore, Playback, stateDate } from "./timeline";

/** One frame of playback. `limited`: the speed would have passed over a change day, so the step stopped on it. */
export interface PlayStep { date: string; carry: number; stop: boolean; limited: boolean; }

/**
 * The date after `elapsedMs` of playing from `date` at the playback's speed, but never past a map change: when the step
 * would cross one (going forward, a change after `date`; backward, the state before the one shown), it lands on it, so every
 * change day inside the played span is drawn at every speed. The fraction of a day carried over is dropped then.
 */
export function playStep(date: string, first: string, last: string, changeDates: readonly string[], p: Playback,
  elapsedMs: number, carry = 0): PlayStep {
  const step = advance(date, first, last, p, elapsedMs, carry);
  const wrapped = p.reverse ? step.date > date : step.date < date; // a loop jumped back to the start
  if (step.date === date || wrapped) return { ...step, limited: false };
  const i = lastAtOrBefore(changeDates, date);
  if (!p.reverse) {
    const next = i + 1 < changeDates.length ? changeDates[i + 1] : null;
    if (next !== null && next < step.date) return { date: next, carry: 0, stop: false, limited: true };
    return { ...step, limited: false };
  }
  // Backward: `date` shows changeDates[i]; the next state to show is changeDates[i - 1] (from its own day on).
  const previous = i - 1 >= 0 ? changeDates[i - 1] : null;
  if (previous !== null && step.date < previous) return { date: previous, carry: 0, stop: false, limited: true };
  return { ...step, limited: false };
}

/** The change days inside [from, to] whose map a list of drawn dates never showed (for the tests' measurements). */
export function missedChanges(changeDates: readonly string[], drawn: readonly string[], from: string, to: string): string[] {
  const seen = new Set(drawn.map(d => stateDate(changeDates, d)));
  return changeDates.filter(d => d >= from && d <= to && !seen.has(d));
}
