// The timeline bar: the date label, the slider with a tick per date with records, step and play buttons, speed, and the
// keyboard. Playback goes through `playStep`, which never passes over a map change.
import { addDays, clampDate, daysBetween, formatLong } from "./dates";
import { el, clear } from "./dom";
import { awaitingDraw, buffers, dateRange, prefetch, setDate, writeUrl } from "./navigation";
import { playStep } from "./playback";
import { app, on } from "./state";
import { fraction, lastAtOrBefore, mergeTicks, nextChange, previousChange, SPEEDS, ticks } from "./timeline";

export const playback = { daysPerSecond: 30, reverse: false, loop: false };
let lastFrame = 0;
let carry = 0;
/** When playback last had to slow down to a change day (shown in the UI for a moment after). */
let limitedAt = -Infinity;

const slider = () => document.getElementById("slider") as HTMLInputElement;

export function setPlaying(on: boolean): void {
  if (on === app.playing) return;
  app.playing = on;
  const button = document.getElementById("play") as HTMLButtonElement;
  button.setAttribute("aria-pressed", String(on));
  button.setAttribute("aria-label", on ? "Pause" : "Play");
  if (on) {
    const [lo, hi] = dateRange();
    if (!playback.reverse && app.current >= hi) setDate(lo, "replace");
    else if (playback.reverse && app.current <= lo) setDate(hi, "replace");
    else if (app.current < lo || app.current > hi) setDate(clampDate(app.current, lo, hi), "replace");
    lastFrame = performance.now();
    carry = 0;
    prefetch(playback.reverse);
    requestAnimationFrame(tick);
  } else {
    showPlaybackNote(false);
    writeUrl("push");
  }
}

function tick(now: number): void {
  if (!app.playing) return;
  // a frame's timestamp is when the frame began, which can be before the performance.now() taken when play was pressed
  const elapsed = Math.max(0, Math.min(250, now - lastFrame));
  lastFrame = now;
  // hold while the next state's tiles load and until it is drawn, so every change reached gets at least one frame
  if (!buffers.wanted && !awaitingDraw) {
    const [lo, hi] = dateRange();
    const step = playStep(app.current, lo, hi, app.changeDates, playback, elapsed, carry);
    carry = step.carry;
    if (step.limited) limitedAt = now;
    showPlaybackNote(now - limitedAt < 1500);
    if (step.date !== app.current) setDate(step.date, "none"); // the URL is written when playback stops
    if (step.stop) { setPlaying(false); return; }
  }
  requestAnimationFrame(tick);
}

/** "Playing change by change": said while the chosen speed would skip days with changes. */
function showPlaybackNote(on: boolean): void {
  const note = document.getElementById("play-note")!;
  if (note.hidden === !on) return;
  note.hidden = !on;
}

export function stepChange(direction: 1 | -1): void {
  const target = direction > 0 ? nextChange(app.changeDates, app.current) : previousChange(app.changeDates, app.current);
  if (target) setDate(target, "push");
  else setDate(direction > 0 ? app.last : app.first, "push");
}

export function updateTimelineUi(): void {
  const { current, first, last, changeDates } = app;
  const s = slider();
  s.value = String(daysBetween(first, clampDate(current, first, last)));
  s.setAttribute("aria-valuetext", formatLong(current));
  document.getElementById("date-label")!.textContent = formatLong(current);
  document.getElementById("date-burn")!.textContent = formatLong(current);
  const since = document.getElementById("date-state")!;
  const state = changeDates.length ? changeDates[Math.max(0, lastAtOrBefore(changeDates, current))] : current;
  since.textContent = !changeDates.length || current < changeDates[0] ? "no reports yet"
    : current > last ? `no reports after ${formatLong(last)}`
    : state === current ? "reports on this day" : `map as of ${formatLong(state)}`;
  (document.getElementById("thumb-pos") as HTMLElement).style.left = `${fraction(current, first, last) * 100}%`;
}

export function buildTimeline(): void {
  const { first, last, timeline, factionsById } = app;
  const s = slider();
  s.min = "0";
  s.max = String(daysBetween(first, last));
  s.step = "1";
  s.addEventListener("input", () => setDate(addDays(first, Number(s.value)), "replace"));
  s.addEventListener("change", () => writeUrl("push"));
  const tickBox = document.getElementById("ticks")!;
  clear(tickBox);
  const countsByDate = new Map(timeline.dates.map(d => [d.date, d]));
  for (const t of mergeTicks(ticks(timeline), 0.006)) {
    const title = t.dates.map(date => {
      const counts = countsByDate.get(date)!;
      return `${formatLong(date)}: ${counts.total} record${counts.total === 1 ? "" : "s"} (` +
        Object.entries(counts.factions).map(([f, n]) => `${factionsById.get(f)?.short_name ?? f} ${n}`).join(", ") + ")";
    }).join("; ");
    const mark = el("button", { class: "tick", type: "button", title, "aria-label": `Go to ${title}`, tabindex: "-1" });
    mark.style.left = `${t.x * 100}%`;
    mark.style.height = `${Math.round(t.height * 100)}%`;
    mark.addEventListener("click", () => setDate(t.date, "push"));
    tickBox.append(mark);
  }
  document.getElementById("range-first")!.textContent = formatLong(first);
  document.getElementById("range-last")!.textContent = formatLong(last);

  document.getElementById("play")!.addEventListener("click", () => setPlaying(!app.playing));
  document.getElementById("prev")!.addEventListener("click", () => stepChange(-1));
  document.getElementById("next")!.addEventListener("click", () => stepChange(1));
  const reverse = document.getElementById("reverse") as HTMLButtonElement;
  reverse.addEventListener("click", () => { playback.reverse = !playback.reverse; reverse.setAttribute("aria-pressed", String(playback.reverse)); });
  const loop = document.getElementById("loop") as HTMLButtonElement;
  loop.addEventListener("click", () => { playback.loop = !playback.loop; loop.setAttribute("aria-pressed", String(playback.loop)); });
  const speed = document.getElementById("speed") as HTMLSelectElement;
  for (const sp of SPEEDS) speed.append(el("option", { value: String(sp.daysPerSecond) }, sp.label));
  speed.value = String(playback.daysPerSecond);
  speed.addEventListener("change", () => { playback.daysPerSecond = Number(speed.value); });
  on("date", updateTimelineUi);

  // ←/→ step through changes everywhere, the map included: MapLibre would pan with them after a click on the map, so they
  // are taken in the capture phase before it sees them (the map still pans with the mouse, ↑/↓ and zooms with +/−).
  document.addEventListener("keydown", e => {
    const target = e.target as HTMLElement;
    if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && target.closest(".maplibregl-canvas-container") && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      e.stopPropagation();
      const dir = e.key === "ArrowRight" ? 1 : -1;
      if (e.shiftKey) setDate(addDays(app.current, dir), "push"); else stepChange(dir);
    }
  }, { capture: true });
  document.addEventListener("keydown", e => {
    const target = e.target as HTMLElement;
    const typing = target.closest("input[type=text], input[type=date], textarea, select, dialog[open]") !== null;
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Escape") { document.dispatchEvent(new CustomEvent("fm:escape")); return; }
    const onSlider = target === slider();
    if (e.key === " " && target.tagName !== "BUTTON" && target.tagName !== "A") { e.preventDefault(); setPlaying(!app.playing); }
    else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && !onSlider && !target.closest(".maplibregl-canvas-container")) {
      e.preventDefault();
      const dir = e.key === "ArrowRight" ? 1 : -1;
      if (e.shiftKey) setDate(addDays(app.current, dir), "push"); else stepChange(dir);
    } else if (e.key === "Home" && !onSlider) setDate(first, "push");
    else if (e.key === "End" && !onSlider) setDate(last, "push");
  });
}
