// Moving the map to a date: the state it shows, the tile buffers, the URL, and the date-dependent filters. Every date
// change of the page goes through `setDate`; other modules hear of it through the "date" event.
import type * as maplibregl from "maplibre-gl";
import { addDays, clampDate, isIsoDate } from "./dates";
import { tileTemplate, tileUrl as tileAt } from "./dataurls";
import { Buffers } from "./buffers";
import { app, emit, HistoryMode, metrics } from "./state";
import { bufferLayers, GROUP_OF, layerFilter, SHOWN_PAINT, StyleInputs } from "./style";
import { lastAtOrBefore, upcomingStates } from "./timeline";
import { formatView, ViewState } from "./urlstate";

export let buffers!: Buffers;
let stepStart = 0;

/** What the buffer layers depend on now. */
export function styleInputs(): StyleInputs {
  return { factions: app.timeline.factions, hiddenFactions: app.hiddenFactions, hiddenLayers: app.hiddenLayers,
    compareIds: app.compareIds, selected: app.openPlace };
}

export function tileUrl(state: string): string { return tileTemplate(app.origin, state, app.pin); }

/** A paint property name as MapLibre's typings spell it (SHOWN_PAINT lists them as plain strings). */
type PaintProperty = Parameters<maplibregl.Map["setPaintProperty"]>[1];

/** Creates the buffers on the loaded map, the first one showing `state`. */
export function startBuffers(state: string): void {
  const map = app.map;
  buffers = new Buffers(map, {
    tiles: tileUrl,
    layers: (id, source, shown) => bufferLayers(id, source, app.current, shown, styleInputs()),
    show: (shown, live) => {
      for (const buffer of live)
        for (const [name, props] of Object.entries(SHOWN_PAINT))
          for (const [prop, value] of Object.entries(props))
            if (map.getLayer(`${buffer.id}-${name}`)) map.setPaintProperty(`${buffer.id}-${name}`, prop as PaintProperty, buffer === shown ? value : 0, { validate: false });
    },
    before: "labels",
  });
  buffers.start(state);
  datedFiltersFor = app.current;
}

/**
 * The state (tile date) a date shows: the last map change at or before it. Before the first record, the day before it
 * (tiles of that day show every place as not reported yet) rather than the first record's map.
 */
export function stateOf(date: string): string {
  const dates = app.changeDates;
  if (!dates.length) return date;
  return lastAtOrBefore(dates, date) >= 0 ? dates[lastAtOrBefore(dates, date)] : addDays(dates[0], -1);
}

/** The dates playback and stepping move in: the data's range, narrowed to an embed's `from`/`to`. */
export function dateRange(): [string, string] {
  const { first, last, embed, embedMode } = app;
  return [embedMode && embed.from ? clampDate(embed.from, first, last) : first, embedMode && embed.to ? clampDate(embed.to, first, last) : last];
}

/** The dates a link may ask for: any real date from 1900 to 2100 (an embed stays in its range). */
export const SHOWABLE: [string, string] = ["1900-01-01", "2100-12-31"];

export function setDate(date: string, mode: HistoryMode): void {
  const t0 = performance.now();
  setDateNow(date, mode);
  metrics.sync.push(performance.now() - t0);
  if (metrics.sync.length > 500) metrics.sync.shift();
}

/** Set while a date is waiting to be drawn (playback holds until it is: every state it reaches gets a frame). */
export let awaitingDraw = false;

function setDateNow(date: string, mode: HistoryMode): void {
  if (!isIsoDate(date)) return;
  const [lo, hi] = app.embedMode ? dateRange() : SHOWABLE;
  date = clampDate(date, lo, hi);
  const changed = date !== app.current;
  app.current = date;
  if (mode !== "none" && changed) writeUrl(mode);
  refreshDatedFiltersLater();
  const state = stateOf(date);
  stepStart = performance.now();
  awaitingDraw = true;
  const r0 = performance.now();
  const shown = buffers.request(state) === "shown";
  metrics.request.push(performance.now() - r0);
  if (metrics.request.length > 500) metrics.request.shift();
  if (shown) {
    app.map.once("render", () => record(date, state, 0));
    app.map.triggerRepaint();
  } else checkPending();
  emit("date", { date });
}

function record(date: string, state: string, swapMs: number): void {
  awaitingDraw = false;
  metrics.steps.push({ date, state, ms: performance.now() - stepStart, swapMs });
  if (metrics.steps.length > 2000) metrics.steps.shift();
  emit("rendered", { date, state });
  document.dispatchEvent(new CustomEvent("fm:rendered", { detail: { date, state } })); // for the browser tests' timing
}

/** Swaps in the pending buffer when its tiles are in (called on source data and idle). */
export function checkPending(): void {
  if (!buffers) return;
  const date = app.current;
  const swapAt = performance.now();
  const state = buffers.swapIfLoaded();
  if (state === null) return;
  datedFiltersFor = app.current;
  app.map.once("render", () => record(date, state, performance.now() - swapAt));
  app.map.triggerRepaint();
  if (app.playing) prefetch(false);
}

/** After a toggle, a comparison or a selection: filters and visibility of every live buffer (MapLibre re-parses their tiles). */
export function applyStyleState(): void {
  const map = app.map;
  const inputs = styleInputs();
  for (const buffer of buffers.live()) {
    for (const name of Object.keys(GROUP_OF)) {
      const id = `${buffer.id}-${name}`;
      if (!map.getLayer(id)) continue;
      map.setFilter(id, layerFilter(name, app.current, inputs), { validate: false });
      map.setLayoutProperty(id, "visibility", app.hiddenLayers.has(GROUP_OF[name]) ? "none" : "visible");
    }
  }
  if (map.getLayer("labels")) map.setLayoutProperty("labels", "visibility", app.hiddenLayers.has("labels") ? "none" : "visible");
  datedFiltersFor = app.current;
  emit("toggles", {});
}

/** Refreshes one layer's filter on every live buffer (a selection or a comparison: no other layer is re-parsed). */
export function refreshLayer(name: string): void {
  const inputs = styleInputs();
  for (const b of buffers.live()) if (app.map.getLayer(`${b.id}-${name}`)) app.map.setFilter(`${b.id}-${name}`, layerFilter(name, app.current, inputs), { validate: false });
}

/** The recent-capture rings and staleness veil depend on the date: refreshed once the date rests (not on every step). */
let datedFiltersFor = "";
let datedTimer: ReturnType<typeof setTimeout> | undefined;
function refreshDatedFiltersLater(): void {
  clearTimeout(datedTimer);
  datedTimer = setTimeout(() => {
    if (app.playing || buffers.wanted || datedFiltersFor === app.current) return;
    refreshLayer("recent");
    refreshLayer("stale");
    datedFiltersFor = app.current;
  }, 400);
}

/** Asks the browser cache for the tiles of the next states playback will reach, at the current view. */
export function prefetch(reverse: boolean): void {
  const map = app.map;
  const z = Math.max(0, Math.min(14, Math.floor(map.getZoom())));
  const b = map.getBounds();
  const n = 2 ** z;
  const tx = (lon: number) => Math.max(0, Math.min(n - 1, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const r = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
    return Math.max(0, Math.min(n - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
  };
  const [x0, x1, y0, y1] = [tx(b.getWest()), tx(b.getEast()), ty(b.getNorth()), ty(b.getSouth())];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) return;
  for (const state of upcomingStates(app.changeDates, app.current, reverse, 2)) {
    const key = `${state}/${z}/${x0}/${y0}/${x1}/${y1}`;
    if (prefetched.has(key)) continue;
    prefetched.add(key);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++)
      void fetch(tileAt(app.origin, state, z, x, y, app.pin), { priority: "low" } as RequestInit).catch(() => undefined);
  }
}
const prefetched = new Set<string>();

/** The view on screen now, as a link restores it. */
export function currentView(): ViewState {
  const c = app.map.getCenter();
  return {
    date: app.current, camera: { zoom: app.map.getZoom(), lat: c.lat, lon: c.lng }, place: app.openPlace, compare: app.compareFrom,
    hiddenFactions: [...app.hiddenFactions], hiddenLayers: [...app.hiddenLayers], knownAt: app.knownAt,
  };
}

/** Replacements are throttled (dragging gives an input event per pixel; browsers limit history calls). */
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let urlWrittenAt = 0;
export function writeUrl(mode: "push" | "replace"): void {
  if (app.embedMode) return;
  clearTimeout(urlTimer);
  const wait = 250 - (performance.now() - urlWrittenAt);
  if (mode === "replace" && wait > 0) { urlTimer = setTimeout(() => writeUrl("replace"), wait); return; }
  urlWrittenAt = performance.now();
  const url = `${location.pathname}?${formatView(currentView())}`;
  if (url === location.pathname + location.search) return;
  if (mode === "push") history.pushState({ date: app.current }, "", url);
  else history.replaceState({ date: app.current }, "", url);
}
