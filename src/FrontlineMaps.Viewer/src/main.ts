// The FrontlineMaps viewer: the dated vector tiles on a MapLibre map, a timeline to scrub and play, a panel with every
// source behind a place, a legend with toggles, comparison of two dates, sharing and embedding. Text from the data is
// always set with textContent (never innerHTML).
import * as maplibregl from "maplibre-gl";
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, MapGeoJSONFeature, StyleSpecification } from "maplibre-gl";
import { addDays, clampDate, daysBetween, formatLong, isIsoDate } from "./dates";
import { advance, Faction, fraction, mapChangeDates, mergeTicks, nextChange, previousChange, SPEEDS, stateDate, TimelineData, ticks, upcomingStates } from "./timeline";
import { embedUrl, formatView, iframeSnippet, parseEmbed, parseView, ViewState } from "./urlstate";
import { el, clear } from "./dom";
import type { PlaceHistory } from "./history";
import { renderPlacePanel } from "./panel";
import { renderAreaChart } from "./chart";
import { DataPin, snapshotUrl, tileTemplate, tileUrl as tileAt, withKnownAt } from "./dataurls";

interface Manifest { script: string; stylesheet: string; worker: string; basemap: string; fonts: { latin: string; latinExt: string }; }
interface Config { basemapUrl?: string | null; basemapAttribution?: string | null; title?: string; }

const manifest = readJson<Manifest>("fm-manifest");
const config = readJson<Config>("fm-config") ?? {};
const embedMode = location.pathname.replace(/\/+$/, "") === "/embed";
const embed = parseEmbed(location.search);
const origin = location.origin;

function readJson<T>(id: string): T | null {
  const node = document.getElementById(id);
  if (!node?.textContent) return null;
  try { return JSON.parse(node.textContent) as T; } catch { return null; }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return await response.json() as T;
}

// ---------------------------------------------------------------------------------------------------------------- state
/**
 * The tiles of one map state (one date with records) as a source and its layers. A new date gets a new buffer, drawn
 * invisibly until its tiles are in, then shown in the same frame as the old one is removed: no blank map, no flicker.
 */
interface TileBuffer { id: string; source: string; state: string; }
let bufferCount = 0;
let active: TileBuffer = { id: "", source: "", state: "" };
let pending: TileBuffer | null = null;
let wanted: string | null = null;
const liveBuffers = () => (pending ? [active, pending] : [active]);
let stepStart = 0;

let timeline!: TimelineData;
let changeDates: string[] = [];
let first = "", last = "";
let current = "";
let factionsById = new Map<string, Faction>();
const view: ViewState = parseView(location.search);
const hiddenFactions = new Set(view.hiddenFactions);
const hiddenLayers = new Set(view.hiddenLayers);
/** The knowledge cut-off of this view (`known_at` in the page URL; embeds carry one), or null for everything recorded. */
const knownAt = view.knownAt ?? null;
/** What the dated tile URLs pin: the server's data version (immutable tiles; a stale one is redirected) and the cut-off. */
let pin: DataPin = { version: null, knownAt };
let openPlace: string | null = view.place;
let compareFrom: string | null = view.compare;
let map!: maplibregl.Map;

const RECENT_DAYS = 14;
const STALE_DAYS = 180;

/** Test and measurement hooks (read by the Playwright tests). */
const metrics = { steps: [] as { date: string; state: string; ms: number; swapMs: number }[], sync: [] as number[], ready: false, errors: [] as string[],
  video: null as Blob | null };
(window as unknown as { __fmPending: () => boolean }).__fmPending = () => wanted !== null;
(window as unknown as { __fm: unknown }).__fm = {
  get map() { return map; },
  get date() { return current; },
  get activeBuffer() { return active.id; },
  get state() { return active.state; },
  metrics,
  setDate: (d: string) => setDate(d, "push"),
  /** Places rendered on screen now: id, faction, status. */
  renderedPlaces: () => map.queryRenderedFeatures({ layers: [`${active.id}-places`] })
    .map(f => ({ id: String(f.properties.id), faction: f.properties.faction ?? null, status: String(f.properties.status) })),
};

// ---------------------------------------------------------------------------------------------------------------- style
const LAYER_GROUPS = ["territory", "fronts", "places", "recent", "labels", "stale"] as const;
type LayerGroup = typeof LAYER_GROUPS[number];
const GROUP_LABELS: Record<LayerGroup, string> = {
  territory: "Territory", fronts: "Front lines", places: "Places", recent: `Captured in the last ${RECENT_DAYS} days`,
  labels: "Town names", stale: `Fade places unconfirmed for ${STALE_DAYS} days`,
};

function factionColor(): ExpressionSpecification {
  const pairs: string[] = [];
  for (const f of timeline.factions) pairs.push(f.id, f.color);
  return pairs.length ? ["match", ["get", "faction"], ...pairs, "#8a8a8a"] as unknown as ExpressionSpecification : ["literal", "#8a8a8a"];
}

/**
 * Opacity of a buffer's layers when shown; a hidden buffer gets 0 (it keeps loading its tiles). Only constants: MapLibre
 * re-parses a source's tiles when a data-driven property or a filter changes, so a step never touches those.
 */
const SHOWN_PAINT: Record<string, Record<string, number>> = {
  territory: { "fill-opacity": 0.36 },
  "territory-claimed": { "fill-opacity": 0.16 },
  inferred: { "fill-opacity": 0.2 },
  "inferred-dots": { "fill-opacity": 0.9 },
  contested: { "fill-opacity": 0.85 },
  "fronts-casing": { "line-opacity": 0.9 },
  fronts: { "line-opacity": 1 },
  recent: { "circle-stroke-opacity": 1 },
  compare: { "circle-stroke-opacity": 1 },
  places: { "circle-opacity": 1, "circle-stroke-opacity": 1 },
  stale: { "circle-opacity": 0.6 },
};
const GROUP_OF: Record<string, LayerGroup> = { territory: "territory", "territory-claimed": "territory", inferred: "territory",
  "inferred-dots": "territory", contested: "territory",
  "fronts-casing": "fronts", fronts: "fronts", recent: "recent", compare: "places", places: "places", stale: "stale" };

function tileUrl(state: string): string { return tileTemplate(origin, state, pin); }

function buildStyle(initialState: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    transition: { duration: 0, delay: 0 },
    "font-faces": {
      "Noto Sans Regular": [
        { url: new URL(manifest!.fonts.latin, origin).href, "unicode-range": ["U+0000-00FF", "U+0131", "U+0152-0153", "U+02BB-02BC", "U+02C6", "U+02DA", "U+02DC", "U+2000-206F", "U+20AC", "U+2122", "U+2191", "U+2193", "U+2212", "U+2215", "U+FEFF", "U+FFFD"] },
        { url: new URL(manifest!.fonts.latinExt, origin).href, "unicode-range": ["U+0100-02BA", "U+02BD-02C5", "U+02C7-02CC", "U+02CE-02D7", "U+02DD-02FF", "U+0304", "U+0308", "U+0329", "U+1D00-1DBF", "U+1E00-1E9F", "U+1EF2-1EFF", "U+2020", "U+20A0-20AB", "U+20AD-20C0", "U+2113", "U+2C60-2C7F", "U+A720-A7FF"] },
      ],
    },
    sources: {
      basemap: { type: "geojson", data: manifest!.basemap, attribution: "Natural Earth (public domain) via world-atlas" },
      "fm-labels": { type: "vector", tiles: [tileUrl(changeDates[changeDates.length - 1] ?? initialState)], minzoom: 0, maxzoom: 14,
        attribution: "FrontlineMaps: sources on every place" },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#c9dbe6" } },
      { id: "land", type: "fill", source: "basemap", filter: ["==", ["get", "kind"], "country"], paint: { "fill-color": "#f3f1ea" } },
    ],
  };
  if (config.basemapUrl) {
    style.sources.online = { type: "raster", tiles: [config.basemapUrl], tileSize: 256, attribution: config.basemapAttribution ?? "" };
    style.layers.push({ id: "online", type: "raster", source: "online", paint: { "raster-opacity": 0.8 } });
  }
  style.layers.push({ id: "borders", type: "line", source: "basemap", filter: ["==", ["get", "kind"], "border"],
    paint: { "line-color": "#8f8a7e", "line-width": 1, "line-dasharray": [3, 2] } });
  return style;
}

/** The layers of one buffer (all transparent until shown). */
function bufferLayers(b: string, source: string, state: string, date: string, shown: boolean): LayerSpecification[] {
  const o = (name: string, prop: string) => (shown ? SHOWN_PAINT[name][prop] : 0);
  const layout = (name: string, extra: Record<string, unknown> = {}) =>
    ({ ...extra, visibility: hiddenLayers.has(GROUP_OF[name]) ? "none" : "visible" }) as never;
  const filter = (name: string) => layerFilter(name, date) ?? undefined;
  const grey = "rgba(154,154,154,0.75)";
  const layers: LayerSpecification[] = [
    { id: `${b}-territory`, type: "fill", source, "source-layer": "territory", filter: filter("territory"), layout: layout("territory"),
      paint: { "fill-color": factionColor(), "fill-opacity": o("territory", "fill-opacity") } },
    { id: `${b}-territory-claimed`, type: "fill", source, "source-layer": "territory", filter: filter("territory-claimed"), layout: layout("territory-claimed"),
      paint: { "fill-color": factionColor(), "fill-opacity": o("territory-claimed", "fill-opacity") } },
    // inferred ground (unknown places one faction encloses; never a fact): a faint wash of the faction's colour, dotted
    { id: `${b}-inferred`, type: "fill", source, "source-layer": "territory", filter: filter("inferred"), layout: layout("inferred"),
      paint: { "fill-color": factionColor(), "fill-opacity": o("inferred", "fill-opacity") } },
    { id: `${b}-inferred-dots`, type: "fill", source, "source-layer": "territory", filter: filter("inferred"), layout: layout("inferred-dots"),
      paint: { "fill-pattern": "dots", "fill-opacity": o("inferred-dots", "fill-opacity") } },
    { id: `${b}-contested`, type: "fill", source, "source-layer": "territory", filter: filter("contested"), layout: layout("contested"),
      paint: { "fill-pattern": "hatch", "fill-opacity": o("contested", "fill-opacity") } },
    { id: `${b}-fronts-casing`, type: "line", source, "source-layer": "frontlines", filter: filter("fronts-casing"),
      layout: layout("fronts-casing", { "line-join": "round", "line-cap": "round" }),
      paint: { "line-color": "#ffffff", "line-width": 6, "line-opacity": o("fronts-casing", "line-opacity") } },
    { id: `${b}-fronts`, type: "line", source, "source-layer": "frontlines", filter: filter("fronts"),
      layout: layout("fronts", { "line-join": "round", "line-cap": "round" }),
      paint: { "line-color": "#b3001b", "line-width": 3, "line-opacity": o("fronts", "line-opacity") } },
    { id: `${b}-recent`, type: "circle", source, "source-layer": "changes", filter: filter("recent"), layout: layout("recent"),
      paint: { "circle-radius": 11, "circle-color": "#000", "circle-opacity": 0, "circle-stroke-width": 2.5,
        "circle-stroke-color": ["coalesce", factionColor(), "#000"], "circle-stroke-opacity": o("recent", "circle-stroke-opacity") } },
    { id: `${b}-compare`, type: "circle", source, "source-layer": "places", filter: filter("compare"), layout: layout("compare"),
      paint: { "circle-radius": 13, "circle-opacity": 0, "circle-stroke-width": 3, "circle-stroke-color": "#0057ff",
        "circle-stroke-opacity": o("compare", "circle-stroke-opacity") } },
    { id: `${b}-places`, type: "circle", source, "source-layer": "places", filter: filter("places"), layout: layout("places"),
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 5,
          ["match", ["get", "kind"], "city", 5, "town", 3.5, 2.5], 10, ["match", ["get", "kind"], "city", 9, "town", 7, 6]],
        // claimed: hollow (white fill, faction ring); contested: dark ring; held: faction fill, white ring; unknown: grey
        "circle-color": ["case", ["==", ["get", "status"], "claimed"], "#ffffff", ["==", ["get", "status"], "unknown"], grey, factionColor()],
        "circle-stroke-color": ["case", ["==", ["get", "status"], "claimed"], factionColor(), ["==", ["get", "status"], "contested"], "#222222",
          ["==", ["get", "status"], "unknown"], "rgba(255,255,255,0.6)", "#ffffff"],
        "circle-stroke-width": ["case", ["==", ["get", "status"], "claimed"], 2.5, ["==", ["get", "status"], "contested"], 2, 1],
        "circle-opacity": o("places", "circle-opacity"), "circle-stroke-opacity": o("places", "circle-stroke-opacity"),
      } },
    // staleness: a white veil over places not confirmed for a long time
    { id: `${b}-stale`, type: "circle", source, "source-layer": "places", filter: filter("stale"), layout: layout("stale"),
      paint: { "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, ["match", ["get", "kind"], "city", 6, "town", 4.5, 3.5], 10,
        ["match", ["get", "kind"], "city", 10, "town", 8, 7]], "circle-color": "#ffffff", "circle-opacity": o("stale", "circle-opacity") } },
  ];
  for (const layer of layers) if ("filter" in layer && layer.filter === undefined) delete layer.filter;
  return layers;
}

function recentFilter(date: string): FilterSpecification {
  return ["all", ["==", ["get", "kind"], "capture"], ["!", ["to-boolean", ["get", "retracted"]]],
    [">=", ["slice", ["get", "valid_from"], 0, 10], addDays(date, -RECENT_DAYS)],
    ["<=", ["slice", ["get", "valid_from"], 0, 10], date]] as FilterSpecification;
}

function factionFilter(base: FilterSpecification | null): FilterSpecification | null {
  if (hiddenFactions.size === 0) return base;
  const hide: FilterSpecification = ["!", ["in", ["coalesce", ["get", "faction"], ""], ["literal", [...hiddenFactions]]]];
  return base ? ["all", base, hide] as FilterSpecification : hide;
}

/** The filter of a buffer layer: its own selection plus the faction toggles. `date` only matters for recent and stale. */
function layerFilter(name: string, date: string): FilterSpecification | null {
  const frontHide = hiddenFactions.size
    ? ["all", ...[...hiddenFactions].flatMap(f => [["!=", ["get", "faction_a"], f], ["!=", ["get", "faction_b"], f]])] as FilterSpecification : null;
  switch (name) {
    case "territory": return factionFilter(["all", ["!=", ["get", "faction"], "contested"], ["==", ["get", "status"], "held"]]);
    case "territory-claimed": return factionFilter(["all", ["!=", ["get", "faction"], "contested"], ["==", ["get", "status"], "claimed"]]);
    case "inferred": case "inferred-dots": return factionFilter(["==", ["get", "status"], "inferred"]);
    case "contested": return ["==", ["get", "faction"], "contested"];
    case "fronts-casing": case "fronts": return frontHide;
    case "recent": return factionFilter(recentFilter(date));
    case "compare": return ["in", ["get", "id"], ["literal", compareIds]];
    case "stale": return factionFilter(["all", ["has", "last_confirmed"], ["<", ["get", "last_confirmed"], addDays(date, -STALE_DAYS)]]);
    default: return factionFilter(null);
  }
}

/** Town names: one source pinned to the last date (names do not change with the date), so they never flicker. */
function labelLayer(): LayerSpecification {
  return { id: "labels", type: "symbol", source: "fm-labels", "source-layer": "places",
        layout: { "text-field": ["step", ["zoom"], ["match", ["get", "kind"], "city", ["get", "name"], ""], 8,
            ["match", ["get", "kind"], ["city", "town"], ["get", "name"], ""], 10, ["get", "name"]],
          "symbol-sort-key": ["match", ["get", "kind"], "city", 0, "town", 1, 2], "text-font": ["Noto Sans Regular"], "text-size": 12, "text-offset": [0, 1.1], "text-anchor": "top",
          "text-optional": true },
        paint: { "text-color": "#222", "text-halo-color": "#fff", "text-halo-width": 1.5, "text-opacity": 1 } };
}

/** Creates the buffer for a state, below the labels. */
function addBuffer(state: string, shown: boolean): TileBuffer {
  const id = `s${++bufferCount}`;
  const buffer: TileBuffer = { id, source: `fm-${id}`, state };
  map.addSource(buffer.source, { type: "vector", tiles: [tileUrl(state)], minzoom: 0, maxzoom: 14 });
  for (const layer of bufferLayers(id, buffer.source, state, current, shown)) map.addLayer(layer, "labels");
  return buffer;
}

/** Removes a buffer's layers and source. */
function removeBuffer(b: TileBuffer): void {
  for (const layer of map.getStyle().layers) if (layer.id.startsWith(`${b.id}-`)) map.removeLayer(layer.id);
  if (map.getSource(b.source)) map.removeSource(b.source);
}

/** After a toggle or a comparison: filters and visibility of every live buffer (MapLibre re-parses their tiles). */
function applyStyleState(): void {
  for (const buffer of liveBuffers()) {
    for (const name of Object.keys(GROUP_OF)) {
      const id = `${buffer.id}-${name}`;
      if (!map.getLayer(id)) continue;
      map.setFilter(id, layerFilter(name, current), { validate: false });
      map.setLayoutProperty(id, "visibility", hiddenLayers.has(GROUP_OF[name]) ? "none" : "visible");
    }
  }
  showBuffers();
  if (map.getLayer("labels")) map.setLayoutProperty("labels", "visibility", hiddenLayers.has("labels") ? "none" : "visible");
  datedFiltersFor = current;
}

/** A paint property name as MapLibre's typings spell it (SHOWN_PAINT lists them as plain strings). */
type PaintProperty = Parameters<maplibregl.Map["setPaintProperty"]>[1];

/** Shows the active buffer and hides the pending one: constant opacities only, so nothing is re-parsed. */
function showBuffers(): void {
  for (const buffer of liveBuffers())
    for (const [name, props] of Object.entries(SHOWN_PAINT))
      for (const [prop, value] of Object.entries(props))
        if (map.getLayer(`${buffer.id}-${name}`)) map.setPaintProperty(`${buffer.id}-${name}`, prop as PaintProperty, buffer === active ? value : 0, { validate: false });
}

/** The recent-capture rings and staleness veil depend on the date: refreshed once the date rests (not on every step). */
let datedFiltersFor = "";
let datedTimer: ReturnType<typeof setTimeout> | undefined;
function refreshDatedFiltersLater(): void {
  clearTimeout(datedTimer);
  datedTimer = setTimeout(() => {
    if (playing || wanted || datedFiltersFor === current) return;
    for (const name of ["recent", "stale"])
      if (map.getLayer(`${active.id}-${name}`)) map.setFilter(`${active.id}-${name}`, layerFilter(name, current), { validate: false });
    datedFiltersFor = current;
  }, 400);
}

function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 12, data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    const onStripe = ((x + y) % size) < 3;
    data.set(onStripe ? [60, 60, 60, 150] : [255, 255, 255, 40], i);
  }
  return { width: size, height: size, data };
}

/** Sparse dark dots on transparent ground: the texture of inferred ground over its faint faction colour. */
function dotsImage(): { width: number; height: number; data: Uint8Array } {
  const size = 10, data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const d = Math.hypot(x - 4.5, y - 4.5);
    if (d < 1.6) data.set([70, 70, 70, 170], (y * size + x) * 4);
  }
  return { width: size, height: size, data };
}

// ---------------------------------------------------------------------------------------------------------------- dates
/** How a date change enters history: a new entry, a replacement (dragging, playing), or none (Back/Forward). */
type HistoryMode = "push" | "replace" | "none";

/** The dates this page may show: the data's range, narrowed to an embed's `from`/`to` (clamped into the data's range). */
function dateRange(): [string, string] {
  return [embedMode && embed.from ? clampDate(embed.from, first, last) : first, embedMode && embed.to ? clampDate(embed.to, first, last) : last];
}

function setDate(date: string, mode: HistoryMode): void {
  const t0 = performance.now();
  setDateNow(date, mode);
  metrics.sync.push(performance.now() - t0);
  if (metrics.sync.length > 500) metrics.sync.shift();
}

function setDateNow(date: string, mode: HistoryMode): void {
  if (!isIsoDate(date)) return;
  const [lo, hi] = dateRange();
  date = clampDate(date, lo, hi);
  const changed = date !== current;
  current = date;
  updateTimelineUi();
  if (mode !== "none" && changed) writeUrl(mode);
  refreshDatedFiltersLater();
  const state = stateDate(changeDates, date);
  stepStart = performance.now();
  if (state === active.state) {
    wanted = null;
    if (pending) { removeBuffer(pending); pending = null; }
    map.once("render", () => record(date, state, 0));
    map.triggerRepaint();
  } else {
    wanted = state;
    if (pending && pending.state !== state) { removeBuffer(pending); pending = null; }
    if (!pending) pending = addBuffer(state, false);
    checkPending();
  }
  if (openPlace) refreshPanelState();
  updateChartMarker();
  if (compareFrom && !playing) {
    clearTimeout(compareTimer);
    compareTimer = setTimeout(() => { if (compareFrom) void runCompare(compareFrom); }, 250);
  }
}
let compareTimer: ReturnType<typeof setTimeout> | undefined;

function record(date: string, state: string, swapMs: number): void {
  metrics.steps.push({ date, state, ms: performance.now() - stepStart, swapMs });
  if (metrics.steps.length > 500) metrics.steps.shift();
  document.dispatchEvent(new CustomEvent("fm:rendered", { detail: { date, state } }));
}

function checkPending(): void {
  if (!wanted || !pending || pending.state !== wanted || !map.isSourceLoaded(pending.source)) return;
  const date = current, state = wanted;
  wanted = null;
  const swapAt = performance.now();
  const old = active;
  active = pending;
  pending = null;
  showBuffers();
  removeBuffer(old);
  datedFiltersFor = current;
  map.once("render", () => record(date, state, performance.now() - swapAt));
  map.triggerRepaint();
  if (playing) prefetch();
}

/** Asks the browser cache for the tiles of the next states playback will reach, at the current view. */
function prefetch(): void {
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
  for (const state of upcomingStates(changeDates, current, playback.reverse, 2)) {
    if (prefetched.has(`${state}/${z}/${x0}/${y0}/${x1}/${y1}`)) continue;
    prefetched.add(`${state}/${z}/${x0}/${y0}/${x1}/${y1}`);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++)
      void fetch(tileAt(origin, state, z, x, y, pin), { priority: "low" } as RequestInit).catch(() => undefined);
  }
}
const prefetched = new Set<string>();

/** The view on screen now, as a link restores it. */
function currentView(): ViewState {
  const c = map.getCenter();
  return {
    date: current, camera: { zoom: map.getZoom(), lat: c.lat, lon: c.lng }, place: openPlace, compare: compareFrom,
    hiddenFactions: [...hiddenFactions], hiddenLayers: [...hiddenLayers], knownAt,
  };
}

/** Replacements are throttled (dragging gives an input event per pixel; browsers limit history calls). */
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let urlWrittenAt = 0;
function writeUrl(mode: "push" | "replace"): void {
  if (embedMode) return;
  clearTimeout(urlTimer);
  const wait = 250 - (performance.now() - urlWrittenAt);
  if (mode === "replace" && wait > 0) { urlTimer = setTimeout(() => writeUrl("replace"), wait); return; }
  urlWrittenAt = performance.now();
  const url = `${location.pathname}?${formatView(currentView())}`;
  if (url === location.pathname + location.search) return;
  if (mode === "push") history.pushState({ date: current }, "", url);
  else history.replaceState({ date: current }, "", url);
}

// ------------------------------------------------------------------------------------------------------------- playback
const playback = { daysPerSecond: 30, reverse: false, loop: false };
let playing = false;
let lastFrame = 0;
let carry = 0;

function setPlaying(on: boolean): void {
  if (on === playing) return;
  playing = on;
  const button = document.getElementById("play") as HTMLButtonElement;
  button.setAttribute("aria-pressed", String(on));
  button.setAttribute("aria-label", on ? "Pause" : "Play");
  if (on) {
    const [lo, hi] = dateRange();
    if (!playback.reverse && current >= hi) setDate(lo, "replace");
    if (playback.reverse && current <= lo) setDate(hi, "replace");
    lastFrame = performance.now();
    carry = 0;
    prefetch();
    requestAnimationFrame(tick);
  } else writeUrl("push");
}

function tick(now: number): void {
  if (!playing) return;
  const elapsed = Math.min(250, now - lastFrame);
  lastFrame = now;
  // hold while the next state's tiles load, so playback never skips a change it cannot show
  if (!wanted) {
    const [lo, hi] = dateRange();
    const step = advance(current, lo, hi, playback, elapsed, carry);
    carry = step.carry;
    if (step.date !== current) setDate(step.date, "none"); // the URL is written when playback stops
    if (step.stop) { setPlaying(false); return; }
  }
  requestAnimationFrame(tick);
}

function stepChange(direction: 1 | -1): void {
  const target = direction > 0 ? nextChange(changeDates, current) : previousChange(changeDates, current);
  if (target) setDate(target, "push");
  else setDate(direction > 0 ? last : first, "push");
}

// ------------------------------------------------------------------------------------------------------------------ UI
const slider = () => document.getElementById("slider") as HTMLInputElement;

function updateTimelineUi(): void {
  const s = slider();
  s.value = String(daysBetween(first, current));
  s.setAttribute("aria-valuetext", formatLong(current));
  const label = document.getElementById("date-label")!;
  label.textContent = formatLong(current);
  document.getElementById("date-burn")!.textContent = formatLong(current);
  const state = stateDate(changeDates, current);
  const since = document.getElementById("date-state")!;
  since.textContent = current < changeDates[0] ? "before the first report" : state === current ? "reports on this day" : `map as of ${formatLong(state)}`;
  (document.getElementById("thumb-pos") as HTMLElement).style.left = `${fraction(current, first, last) * 100}%`;
}

function buildTimeline(): void {
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
    const mark = el("button", { class: "tick", type: "button", title, "aria-label": `Go to ${title}` });
    mark.style.left = `${t.x * 100}%`;
    mark.style.height = `${Math.round(t.height * 100)}%`;
    mark.addEventListener("click", () => setDate(t.date, "push"));
    tickBox.append(mark);
  }
  document.getElementById("range-first")!.textContent = first.slice(0, 4);
  document.getElementById("range-last")!.textContent = last.slice(0, 4);

  document.getElementById("play")!.addEventListener("click", () => setPlaying(!playing));
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

  document.addEventListener("keydown", e => {
    const target = e.target as HTMLElement;
    const typing = target.closest("input[type=text], input[type=date], textarea, select, dialog[open]") !== null;
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Escape" && openPlace) { closePanel(); return; }
    const onSlider = target === slider();
    if (e.key === " " && target.tagName !== "BUTTON" && target.tagName !== "A") { e.preventDefault(); setPlaying(!playing); }
    else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && !onSlider && !target.closest(".maplibregl-canvas-container")) {
      e.preventDefault();
      const dir = e.key === "ArrowRight" ? 1 : -1;
      if (e.shiftKey) setDate(addDays(current, dir), "push"); else stepChange(dir);
    } else if (e.key === "Home" && !onSlider) setDate(first, "push");
    else if (e.key === "End" && !onSlider) setDate(last, "push");
  });
}

function buildLegend(): void {
  const list = document.getElementById("legend-factions")!;
  clear(list);
  for (const f of timeline.factions) {
    const id = `faction-${f.id}`;
    const box = el("input", { type: "checkbox", id }) as HTMLInputElement;
    box.checked = !hiddenFactions.has(f.id);
    box.addEventListener("change", () => {
      if (box.checked) hiddenFactions.delete(f.id); else hiddenFactions.add(f.id);
      applyStyleState();
      writeUrl("replace");
    });
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = f.color;
    list.append(el("li", {}, box, el("label", { for: id, title: f.name }, swatch, f.short_name ?? f.name)));
  }
  const layers = document.getElementById("legend-layers")!;
  clear(layers);
  for (const g of LAYER_GROUPS) {
    const id = `layer-${g}`;
    const box = el("input", { type: "checkbox", id }) as HTMLInputElement;
    box.checked = !hiddenLayers.has(g);
    box.addEventListener("change", () => {
      if (box.checked) hiddenLayers.delete(g); else hiddenLayers.add(g);
      applyStyleState();
      writeUrl("replace");
    });
    layers.append(el("li", {}, box, el("label", { for: id }, GROUP_LABELS[g])));
  }
}

// ---------------------------------------------------------------------------------------------------------------- panel
let panelHistory: PlaceHistory | null = null;

async function showPlace(id: string, mode: HistoryMode): Promise<void> {
  openPlace = id;
  if (mode !== "none") writeUrl(mode);
  const panel = document.getElementById("panel")!;
  panel.hidden = false;
  const body = document.getElementById("panel-body")!;
  clear(body);
  body.append(el("p", { class: "muted" }, "Loading…"));
  try {
    panelHistory = await getJson<PlaceHistory>(withKnownAt(`/api/places/${encodeURIComponent(id)}/history`, knownAt));
    if (openPlace !== id) return;
    renderPanel();
    (document.getElementById("panel-close") as HTMLButtonElement).focus({ preventScroll: true });
  } catch (e) {
    clear(body);
    body.append(el("p", { class: "error" }, `Could not load this place (${String(e instanceof Error ? e.message : e)}).`));
  }
}

function renderPanel(): void {
  if (!panelHistory) return;
  const body = document.getElementById("panel-body")!;
  clear(body);
  body.append(renderPlacePanel(panelHistory, current, factionsById));
}

function refreshPanelState(): void {
  if (panelHistory && panelHistory.place.id === openPlace) renderPanel();
}

function closePanel(): void {
  openPlace = null;
  panelHistory = null;
  document.getElementById("panel")!.hidden = true;
  writeUrl("push");
}

function showFront(feature: MapGeoJSONFeature, lngLat: maplibregl.LngLat): void {
  const a = String(feature.properties.faction_a ?? ""), b = String(feature.properties.faction_b ?? "");
  const ids = String(feature.properties.places ?? "").split(",").filter(Boolean);
  const places = map.querySourceFeatures(active.source, { sourceLayer: "places" });
  const byId = new Map(places.map(p => [String(p.properties.id), p.properties]));
  const side = (f: string) => ids.filter(id => byId.get(id)?.faction === f).map(id => String(byId.get(id)?.name ?? id));
  const box = el("div", { class: "front-popup" },
    el("h3", {}, "Front line"),
    ...[a, b].map(f => el("div", {},
      el("strong", {}, factionsById.get(f)?.name ?? f),
      el("p", {}, side(f).join(", ") || (ids.length ? "(places outside this view)" : "(many places)")))),
    el("p", { class: "muted" }, `${Number(feature.properties.length_km ?? 0).toFixed(1)} km in this tile; ${feature.properties.place_count ?? ids.length} places on either side`));
  new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(lngLat).setDOMContent(box).addTo(map);
}

// -------------------------------------------------------------------------------------------------------------- compare
async function runCompare(from: string): Promise<void> {
  compareFrom = from;
  writeUrl("replace");
  const box = document.getElementById("compare-result")!;
  const [a, b] = from <= current ? [from, current] : [current, from];
  const ticket = ++compareTicket;
  try {
    const diff = await getJson<{ factions: { id: string; name: string; gained: { id: string; name: string }[]; lost: { id: string; name: string }[];
      area_gained_km2: number; area_lost_km2: number; net_area_km2: number }[] }>(withKnownAt(`/api/diff?from=${a}&to=${b}`, knownAt));
    if (ticket !== compareTicket) return; // a newer comparison is on its way
    clear(box);
    const table = el("table", { class: "diff" },
      el("caption", {}, `From ${formatLong(a)} to ${formatLong(b)}`),
      el("thead", {}, el("tr", {}, ...["Faction", "Gained", "Lost", "Net km²"].map(h => el("th", { scope: "col" }, h)))));
    const tbody = el("tbody");
    const gainedIds: string[] = [], lostIds: string[] = [];
    for (const f of diff.factions) {
      gainedIds.push(...f.gained.map(p => p.id));
      lostIds.push(...f.lost.map(p => p.id));
      tbody.append(el("tr", {},
        el("th", { scope: "row" }, factionsById.get(f.id)?.short_name ?? f.name),
        el("td", { title: f.gained.map(p => p.name).join(", ") || "none" }, String(f.gained.length)),
        el("td", { title: f.lost.map(p => p.name).join(", ") || "none" }, String(f.lost.length)),
        el("td", { title: `+${f.area_gained_km2.toFixed(1)} / −${f.area_lost_km2.toFixed(1)} km²` }, (f.net_area_km2 > 0 ? "+" : "") + f.net_area_km2.toFixed(1))));
    }
    if (!diff.factions.length) tbody.append(el("tr", {}, el("td", { colspan: "4" }, "No faction gained or lost a place between these dates.")));
    table.append(tbody);
    box.append(table);
    setCompareHighlight(gainedIds);
  } catch (e) {
    if (ticket !== compareTicket) return;
    clear(box);
    box.append(el("p", { class: "error" }, String(e instanceof Error ? e.message : e)));
  }
}
let compareTicket = 0;

let compareIds: string[] = [];
function setCompareHighlight(ids: string[]): void {
  if (ids.length === compareIds.length && ids.every((id, i) => id === compareIds[i])) return;
  compareIds = ids;
  for (const b of liveBuffers()) if (map.getLayer(`${b.id}-compare`)) map.setFilter(`${b.id}-compare`, layerFilter("compare", current), { validate: false });
}

// -------------------------------------------------------------------------------------------------------------- chart
let chartMarker: ((date: string) => void) | null = null;
function updateChartMarker(): void { chartMarker?.(current); }

async function loadChart(): Promise<void> {
  const box = document.getElementById("chart")!;
  try {
    const step = daysBetween(first, last) > 1000 ? "month" : "week";
    const data = await getJson<{ series: { date: string; km2: Record<string, number> }[] }>(withKnownAt(`/api/stats/area?from=${first}&to=${last}&step=${step}`, knownAt));
    chartMarker = renderAreaChart(box, data.series, timeline.factions, d => setDate(d, "push"));
    updateChartMarker();
  } catch (e) {
    box.append(el("p", { class: "error" }, String(e instanceof Error ? e.message : e)));
  }
}

// ---------------------------------------------------------------------------------------------------------- share/embed
function visibleBbox(): [number, number, number, number] {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function openShare(): void {
  const dialog = document.getElementById("share") as HTMLDialogElement;
  // The link opens the live viewer (later records included) unless this view is itself pinned. The embed and the static image
  // are pinned to the last record this page has seen: an article keeps showing the map its text was written against.
  const link = `${origin}/?${formatView({ ...currentView(), compare: null })}`;
  const publishedAt = knownAt ?? timeline.recorded_until ?? null;
  const bbox = visibleBbox();
  const src = embedUrl(origin, current, bbox, { knownAt: publishedAt });
  const image = snapshotUrl(origin, current, "svg", { version: null, knownAt: publishedAt },
    { bbox: [Math.max(-180, bbox[0]), Math.max(-85, bbox[1]), Math.min(180, bbox[2]), Math.min(85, bbox[3])].map(n => n.toFixed(3)).join(",") });
  (document.getElementById("share-link") as HTMLInputElement).value = link;
  (document.getElementById("share-image") as HTMLInputElement).value = image;
  if (knownAt) document.getElementById("share-note")!.textContent =
    `This view shows the map as published at ${knownAt}: the link, the embed and the static map keep that cut-off.`;
  (document.getElementById("share-embed") as HTMLTextAreaElement).value = iframeSnippet(src, `Control of territory on ${formatLong(current)} (FrontlineMaps)`);
  dialog.showModal();
}

async function copyFrom(id: string, button: HTMLButtonElement): Promise<void> {
  const field = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement;
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select();
    document.execCommand("copy");
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

// -------------------------------------------------------------------------------------------------------------- video
async function recordVideo(from: string, to: string): Promise<void> {
  const status = document.getElementById("video-status")!;
  const canvas = document.createElement("canvas");
  const mapCanvas = map.getCanvas();
  canvas.width = mapCanvas.width;
  canvas.height = mapCanvas.height;
  const ctx = canvas.getContext("2d")!;
  const mime = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find(t => MediaRecorder.isTypeSupported(t));
  if (!mime) { status.textContent = "This browser cannot record WebM video."; return; }
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: mime });
  const chunks: Blob[] = [];
  recorder.ondataavailable = e => { if (e.data.size) chunks.push(e.data); };
  const done = new Promise<void>(resolve => { recorder.onstop = () => resolve(); });
  recorder.start();
  const frame = () => new Promise<void>(resolve => map.once("render", () => {
    ctx.drawImage(mapCanvas, 0, 0);
    const h = Math.round(canvas.height / 14);
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(0, canvas.height - h * 1.6, canvas.width, h * 1.6);
    ctx.fillStyle = "#111";
    ctx.font = `bold ${h}px sans-serif`;
    ctx.fillText(`${formatLong(current)} · FrontlineMaps`, h * 0.5, canvas.height - h * 0.5);
    resolve();
  }));
  setPlaying(false);
  const stepDays = Math.max(1, Math.round(daysBetween(from, to) / 150));
  for (let d = from; d <= to; d = addDays(d, stepDays)) {
    status.textContent = `Recording ${d}…`;
    setDate(d, "none");
    await new Promise<void>(resolve => { const wait = () => (wanted ? setTimeout(wait, 20) : resolve()); wait(); });
    map.triggerRepaint();
    await frame();
    await new Promise(r => setTimeout(r, 66));
  }
  recorder.stop();
  await done;
  const blob = new Blob(chunks, { type: "video/webm" });
  metrics.video = blob;
  const a = el("a", { href: URL.createObjectURL(blob), download: `frontlinemaps-${from}-${to}.webm` }, `Download the time-lapse (${(blob.size / 1e6).toFixed(1)} MB)`);
  clear(status);
  status.append(a);
  writeUrl("push");
}

// ---------------------------------------------------------------------------------------------------------------- start
async function start(): Promise<void> {
  if (!manifest) throw new Error("viewer manifest missing");
  maplibregl.setWorkerUrl(new URL(manifest.worker, origin).href);
  timeline = await getJson<TimelineData>(withKnownAt("/api/timeline", knownAt));
  pin = { version: timeline.url_version ?? null, knownAt };
  changeDates = mapChangeDates(timeline);
  first = timeline.first_date;
  last = timeline.last_date;
  factionsById = new Map(timeline.factions.map(f => [f.id, f]));
  current = clampDate(view.date ?? (embedMode ? embed.to ?? last : last), first, last);
  document.body.classList.toggle("embed", embedMode);
  document.body.classList.toggle("no-controls", embedMode && !embed.controls);

  const initialState = stateDate(changeDates, current);
  const camera = view.camera;
  map = new maplibregl.Map({
    container: "map",
    style: buildStyle(initialState),
    center: camera ? [camera.lon, camera.lat] : [38.5, 35.0],
    zoom: camera?.zoom ?? 6,
    hash: false,
    attributionControl: { compact: embedMode || window.innerWidth < 640 },
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  if (!camera) {
    const box = embed.bbox && embedMode ? embed.bbox : null;
    if (box) map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { animate: false, padding: 10 });
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({}), "bottom-left");
  map.on("error", e => { metrics.errors.push(String(e.error?.message ?? e.error)); console.error("map error:", e.error?.message ?? e.error); });

  buildTimeline();
  buildLegend();
  updateTimelineUi();

  map.on("load", () => {
    map.addImage("hatch", hatchImage(), { pixelRatio: 2 });
    map.addImage("dots", dotsImage(), { pixelRatio: 2 });
    map.addLayer(labelLayer());
    active = addBuffer(initialState, true);
    datedFiltersFor = current;
    if (hiddenLayers.has("labels")) map.setLayoutProperty("labels", "visibility", "none");
    setDate(current, "none");
    if (!embedMode) writeUrl("replace");
    if (openPlace) void showPlace(openPlace, "none");
    if (compareFrom && !embedMode) { (document.getElementById("compare-date") as HTMLInputElement).value = compareFrom; void runCompare(compareFrom); }
    if (!embedMode) void loadChart();
    if (embedMode && embed.autoplay) setPlaying(true);
  });
  map.once("idle", () => { metrics.ready = true; document.body.dataset.ready = "true"; });
  map.on("sourcedata", e => { if (e.sourceId?.startsWith("fm-") && e.isSourceLoaded) checkPending(); });
  map.on("idle", checkPending);
  map.on("moveend", () => { if (!playing) writeUrl("replace"); });

  const clickable = () => [`${active.id}-places`, `${active.id}-fronts`];
  map.on("click", e => {
    const hits = map.queryRenderedFeatures([[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]], { layers: clickable() });
    const place = hits.find(f => f.layer.id.endsWith("-places"));
    if (place) { void showPlace(String(place.properties.id), "push"); return; }
    const front = hits.find(f => f.layer.id.endsWith("-fronts"));
    if (front) showFront(front, e.lngLat);
  });
  map.on("mousemove", e => {
    const hit = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: clickable() });
    map.getCanvas().style.cursor = hit.length ? "pointer" : "";
  });

  window.addEventListener("popstate", () => {
    const v = parseView(location.search);
    setPlaying(false);
    if (v.date) setDate(v.date, "none");
    if (v.place && v.place !== openPlace) void showPlace(v.place, "none");
    else if (!v.place && openPlace) { openPlace = null; panelHistory = null; document.getElementById("panel")!.hidden = true; }
  });

  document.getElementById("panel-close")!.addEventListener("click", closePanel);
  document.getElementById("share-open")!.addEventListener("click", openShare);
  document.getElementById("share-close")!.addEventListener("click", () => (document.getElementById("share") as HTMLDialogElement).close());
  for (const [button, field] of [["copy-link", "share-link"], ["copy-embed", "share-embed"], ["copy-image", "share-image"]] as const) {
    const b = document.getElementById(button) as HTMLButtonElement;
    b.addEventListener("click", () => void copyFrom(field, b));
  }
  document.getElementById("legend-toggle")!.addEventListener("click", e => {
    const legend = document.getElementById("legend")!;
    legend.hidden = !legend.hidden;
    (e.currentTarget as HTMLElement).setAttribute("aria-expanded", String(!legend.hidden));
  });
  const compareForm = document.getElementById("compare-form") as HTMLFormElement;
  const compareInput = document.getElementById("compare-date") as HTMLInputElement;
  compareInput.min = first; compareInput.max = last;
  compareForm.addEventListener("submit", e => { e.preventDefault(); if (isIsoDate(compareInput.value)) void runCompare(compareInput.value); });
  document.getElementById("compare-clear")!.addEventListener("click", () => {
    compareFrom = null; clear(document.getElementById("compare-result")!); setCompareHighlight([]); writeUrl("replace");
  });
  const videoForm = document.getElementById("video-form") as HTMLFormElement;
  videoForm.addEventListener("submit", e => {
    e.preventDefault();
    const f = (document.getElementById("video-from") as HTMLInputElement).value || first;
    const t = (document.getElementById("video-to") as HTMLInputElement).value || last;
    if (isIsoDate(f) && isIsoDate(t) && f < t) void recordVideo(f, t);
  });
  const fullLink = document.getElementById("full-viewer") as HTMLAnchorElement;
  const refreshFullLink = () => { fullLink.href = `${origin}/?date=${current}&map=${map.getZoom().toFixed(2)}/${map.getCenter().lat.toFixed(4)}/${map.getCenter().lng.toFixed(4)}`; };
  document.addEventListener("fm:rendered", refreshFullLink);
  map.on("moveend", refreshFullLink);
}

start().catch(e => {
  console.error(e);
  const box = document.getElementById("fatal");
  if (box) { box.hidden = false; box.textContent = `The viewer could not start: ${e instanceof Error ? e.message : String(e)}`; }
});
