// The viewer's one state object: what the page shows (date, view, toggles, open place, comparison) and the data it was
// started with. Modules read and write it here; they tell each other about changes through `emit`/`on`, never by
// importing one another's functions in a circle.
import type * as maplibregl from "maplibre-gl";
import type { Faction, TimelineData } from "./timeline";
import { parseEmbed, parseView, ViewState } from "./urlstate";
import type { DataPin } from "./dataurls";

export interface Manifest { script: string; stylesheet: string; worker: string; basemap: string; fonts: { latin: string; latinExt: string }; }
export interface Config { basemapUrl?: string | null; basemapAttribution?: string | null; title?: string; }

function readJson<T>(id: string): T | null {
  const node = document.getElementById(id);
  if (!node?.textContent) return null;
  try { return JSON.parse(node.textContent) as T; } catch { return null; }
}

/** Below this width the page is laid out for a phone: legend closed, side panel as a bottom sheet (viewer.css agrees). */
export const NARROW_PX = 700;
export const isNarrow = () => window.matchMedia(`(max-width: ${NARROW_PX}px)`).matches;

/** How a date change enters history: a new entry, a replacement (dragging, playing), or none (Back/Forward). */
export type HistoryMode = "push" | "replace" | "none";

const view: ViewState = parseView(location.search);

/** The page's state. */
export const app = {
  manifest: readJson<Manifest>("fm-manifest"),
  config: readJson<Config>("fm-config") ?? {},
  embedMode: location.pathname.replace(/\/+$/, "") === "/embed",
  embed: parseEmbed(location.search),
  origin: location.origin,
  /** The view the page was opened with. */
  view,
  timeline: null as unknown as TimelineData,
  /** Dates the map changes on (records and alliance days), sorted. */
  changeDates: [] as string[],
  first: "", last: "",
  /** The date shown: what was asked, even after the last record (the map then shows the last record's state). */
  current: "",
  factionsById: new Map<string, Faction>(),
  hiddenFactions: new Set(view.hiddenFactions),
  hiddenLayers: new Set(view.hiddenLayers),
  /** The knowledge cut-off of this view (`known_at`), or null for everything recorded. */
  knownAt: view.knownAt ?? null,
  /** What the dated tile URLs pin: the data version token and the cut-off. */
  pin: { version: null, knownAt: view.knownAt ?? null } as DataPin,
  openPlace: view.place as string | null,
  compareFrom: view.compare as string | null,
  /** Ids of places ringed on the map by a comparison. */
  compareIds: [] as string[],
  playing: false,
  map: null as unknown as maplibregl.Map,
};

/** Test and measurement hooks (read by the Playwright tests). */
export const metrics = {
  steps: [] as { date: string; state: string; ms: number; swapMs: number }[],
  sync: [] as number[],
  feed: [] as number[],
  /** Time (ms) of each step's buffer request: MapLibre adding a source and its layers for a new state. */
  request: [] as number[],
  ready: false,
  /** performance.now() at the first idle map (first load to idle). */
  firstIdleMs: 0,
  errors: [] as string[],
  video: null as Blob | null,
  videoFrame: "",
};

/** What modules announce: the date moved, toggles changed, the map drew a date. */
export interface AppEvents { date: { date: string }; toggles: Record<string, never>; rendered: { date: string; state: string }; }
const hub = new EventTarget();
export function emit<K extends keyof AppEvents>(name: K, detail: AppEvents[K]): void { hub.dispatchEvent(new CustomEvent(name, { detail })); }
export function on<K extends keyof AppEvents>(name: K, fn: (detail: AppEvents[K]) => void): void {
  hub.addEventListener(name, e => fn((e as CustomEvent<AppEvents[K]>).detail));
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new HttpError(url, response.status);
  return await response.json() as T;
}

/** A failed request, with its status so callers can say what it means (a 404 place is "not in the data"). */
export class HttpError extends Error {
  constructor(readonly url: string, readonly status: number) { super(`${url}: HTTP ${status}`); }
}
