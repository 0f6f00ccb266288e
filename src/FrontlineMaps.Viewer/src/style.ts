// The map style: the base style, the layers of one tile buffer, their filters, the town-name layer. Pure: everything
// they depend on (factions, toggles, the date) comes in as arguments, so node tests can check them.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from "maplibre-gl";
import { addDays } from "./dates";
import type { Faction } from "./timeline";

export const RECENT_DAYS = 14;
export const STALE_DAYS = 180;

export const LAYER_GROUPS = ["territory", "fronts", "places", "recent", "labels", "stale"] as const;
export type LayerGroup = typeof LAYER_GROUPS[number];
export const GROUP_LABELS: Record<LayerGroup, string> = {
  territory: "Territory", fronts: "Front lines", places: "Places", recent: `Captured in the last ${RECENT_DAYS} days`,
  labels: "Town names", stale: `Fade places unconfirmed for ${STALE_DAYS} days`,
};

/** What the buffer layers depend on besides the date. */
export interface StyleInputs {
  factions: readonly Faction[];
  hiddenFactions: ReadonlySet<string>;
  hiddenLayers: ReadonlySet<string>;
  compareIds: readonly string[];
  /** The clicked place, drawn with a highlight ring. */
  selected: string | null;
}

/** The recently-captured ring: the same numbers draw the legend's symbol (see viewer.css .sym.recent). */
export const RECENT_RING = { radius: 11, width: 2.5 };

export function factionColor(factions: readonly Faction[]): ExpressionSpecification {
  const pairs: string[] = [];
  for (const f of factions) pairs.push(f.id, f.color);
  return pairs.length ? ["match", ["get", "faction"], ...pairs, "#8a8a8a"] as unknown as ExpressionSpecification : ["literal", "#8a8a8a"];
}

/**
 * Opacity of a buffer's layers when shown; a hidden buffer gets 0 (it keeps loading its tiles). Only constants: MapLibre
 * re-parses a source's tiles when a data-driven property or a filter changes, so a step never touches those.
 */
export const SHOWN_PAINT: Record<string, Record<string, number>> = {
  territory: { "fill-opacity": 0.36 },
  "territory-claimed": { "fill-opacity": 0.16 },
  contested: { "fill-opacity": 0.85 },
  "fronts-casing": { "line-opacity": 0.9 },
  fronts: { "line-opacity": 1 },
  recent: { "circle-stroke-opacity": 1 },
  compare: { "circle-stroke-opacity": 1 },
  places: { "circle-opacity": 1, "circle-stroke-opacity": 1 },
  stale: { "circle-opacity": 0.6 },
  selected: { "circle-stroke-opacity": 1 },
};
/** The legend group that hides a buffer layer. */
export const GROUP_OF: Record<string, LayerGroup> = { territory: "territory", "territory-claimed": "territory", contested: "territory",
  "fronts-casing": "fronts", fronts: "fronts", recent: "recent", compare: "places", places: "places", stale: "stale", selected: "places" };

export interface BaseStyleInputs { origin: string; fonts: { latin: string; latinExt: string }; basemap: string; labelTiles: string;
  basemapUrl?: string | null; basemapAttribution?: string | null; }

export function buildStyle(b: BaseStyleInputs): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    transition: { duration: 0, delay: 0 },
    "font-faces": {
      "Noto Sans Regular": [
        { url: new URL(b.fonts.latin, b.origin).href, "unicode-range": ["U+0000-00FF", "U+0131", "U+0152-0153", "U+02BB-02BC", "U+02C6", "U+02DA", "U+02DC", "U+2000-206F", "U+20AC", "U+2122", "U+2191", "U+2193", "U+2212", "U+2215", "U+FEFF", "U+FFFD"] },
        { url: new URL(b.fonts.latinExt, b.origin).href, "unicode-range": ["U+0100-02BA", "U+02BD-02C5", "U+02C7-02CC", "U+02CE-02D7", "U+02DD-02FF", "U+0304", "U+0308", "U+0329", "U+1D00-1DBF", "U+1E00-1E9F", "U+1EF2-1EFF", "U+2020", "U+20A0-20AB", "U+20AD-20C0", "U+2113", "U+2C60-2C7F", "U+A720-A7FF"] },
      ],
    },
    sources: {
      basemap: { type: "geojson", data: b.basemap, attribution: "Natural Earth (public domain) via world-atlas" },
      "fm-labels": { type: "vector", tiles: [b.labelTiles], minzoom: 0, maxzoom: 14, attribution: "FrontlineMaps: sources on every place" },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#c9dbe6" } },
      { id: "land", type: "fill", source: "basemap", filter: ["==", ["get", "kind"], "country"], paint: { "fill-color": "#f3f1ea" } },
    ],
  };
  if (b.basemapUrl) {
    style.sources.online = { type: "raster", tiles: [b.basemapUrl], tileSize: 256, attribution: b.basemapAttribution ?? "" };
    style.layers.push({ id: "online", type: "raster", source: "online", paint: { "raster-opacity": 0.8 } });
  }
  style.layers.push({ id: "borders", type: "line", source: "basemap", filter: ["==", ["get", "kind"], "border"],
    paint: { "line-color": "#8f8a7e", "line-width": 1, "line-dasharray": [3, 2] } });
  return style;
}

/** The layers of one buffer (all transparent until shown). */
export function bufferLayers(b: string, source: string, date: string, shown: boolean, s: StyleInputs): LayerSpecification[] {
  const o = (name: string, prop: string) => (shown ? SHOWN_PAINT[name][prop] : 0);
  const layout = (name: string, extra: Record<string, unknown> = {}) =>
    ({ ...extra, visibility: s.hiddenLayers.has(GROUP_OF[name]) ? "none" : "visible" }) as never;
  const filter = (name: string) => layerFilter(name, date, s) ?? undefined;
  const color = factionColor(s.factions);
  const grey = "rgba(154,154,154,0.75)";
  const radius = (city: number, town: number, other: number, cityZ10: number, townZ10: number, otherZ10: number): ExpressionSpecification =>
    ["interpolate", ["linear"], ["zoom"], 5, ["match", ["get", "kind"], "city", city, "town", town, other], 10,
      ["match", ["get", "kind"], "city", cityZ10, "town", townZ10, otherZ10]];
  const layers: LayerSpecification[] = [
    { id: `${b}-territory`, type: "fill", source, "source-layer": "territory", filter: filter("territory"), layout: layout("territory"),
      paint: { "fill-color": color, "fill-opacity": o("territory", "fill-opacity") } },
    { id: `${b}-territory-claimed`, type: "fill", source, "source-layer": "territory", filter: filter("territory-claimed"), layout: layout("territory-claimed"),
      paint: { "fill-color": color, "fill-opacity": o("territory-claimed", "fill-opacity") } },
    { id: `${b}-contested`, type: "fill", source, "source-layer": "territory", filter: filter("contested"), layout: layout("contested"),
      paint: { "fill-pattern": "hatch", "fill-opacity": o("contested", "fill-opacity") } },
    { id: `${b}-fronts-casing`, type: "line", source, "source-layer": "frontlines", filter: filter("fronts-casing"),
      layout: layout("fronts-casing", { "line-join": "round", "line-cap": "round" }),
      paint: { "line-color": "#ffffff", "line-width": 6, "line-opacity": o("fronts-casing", "line-opacity") } },
    { id: `${b}-fronts`, type: "line", source, "source-layer": "frontlines", filter: filter("fronts"),
      layout: layout("fronts", { "line-join": "round", "line-cap": "round" }),
      paint: { "line-color": "#b3001b", "line-width": 3, "line-opacity": o("fronts", "line-opacity") } },
    { id: `${b}-recent`, type: "circle", source, "source-layer": "changes", filter: filter("recent"), layout: layout("recent"),
      paint: { "circle-radius": RECENT_RING.radius, "circle-color": "#000", "circle-opacity": 0, "circle-stroke-width": RECENT_RING.width,
        "circle-stroke-color": ["coalesce", color, "#000"], "circle-stroke-opacity": o("recent", "circle-stroke-opacity") } },
    { id: `${b}-compare`, type: "circle", source, "source-layer": "places", filter: filter("compare"), layout: layout("compare"),
      paint: { "circle-radius": 13, "circle-opacity": 0, "circle-stroke-width": 3, "circle-stroke-color": "#0057ff",
        "circle-stroke-opacity": o("compare", "circle-stroke-opacity") } },
    { id: `${b}-selected`, type: "circle", source, "source-layer": "places", filter: filter("selected"), layout: layout("selected"),
      paint: { "circle-radius": radius(11, 10, 9, 15, 13, 12), "circle-opacity": 0, "circle-stroke-width": 3.5, "circle-stroke-color": "#ffcc00",
        "circle-stroke-opacity": o("selected", "circle-stroke-opacity") } },
    { id: `${b}-places`, type: "circle", source, "source-layer": "places", filter: filter("places"), layout: layout("places"),
      paint: {
        "circle-radius": radius(5, 3.5, 2.5, 9, 7, 6),
        // claimed: hollow (white fill, faction ring); contested: dark ring; held: faction fill, white ring; unknown: grey
        "circle-color": ["case", ["==", ["get", "status"], "claimed"], "#ffffff", ["==", ["get", "status"], "unknown"], grey, color],
        "circle-stroke-color": ["case", ["==", ["get", "status"], "claimed"], color, ["==", ["get", "status"], "contested"], "#222222",
          ["==", ["get", "status"], "unknown"], "rgba(255,255,255,0.6)", "#ffffff"],
        "circle-stroke-width": ["case", ["==", ["get", "status"], "claimed"], 2.5, ["==", ["get", "status"], "contested"], 2, 1],
        "circle-opacity": o("places", "circle-opacity"), "circle-stroke-opacity": o("places", "circle-stroke-opacity"),
      } },
    // staleness: a white veil over places not confirmed for a long time
    { id: `${b}-stale`, type: "circle", source, "source-layer": "places", filter: filter("stale"), layout: layout("stale"),
      paint: { "circle-radius": radius(6, 4.5, 3.5, 10, 8, 7), "circle-color": "#ffffff", "circle-opacity": o("stale", "circle-opacity") } },
  ];
  for (const layer of layers) if ("filter" in layer && layer.filter === undefined) delete layer.filter;
  return layers;
}

export function recentFilter(date: string): FilterSpecification {
  return ["all", ["==", ["get", "kind"], "capture"], ["!", ["to-boolean", ["get", "retracted"]]],
    [">=", ["slice", ["get", "valid_from"], 0, 10], addDays(date, -RECENT_DAYS)],
    ["<=", ["slice", ["get", "valid_from"], 0, 10], date]] as FilterSpecification;
}

function factionFilter(base: FilterSpecification | null, hidden: ReadonlySet<string>): FilterSpecification | null {
  if (hidden.size === 0) return base;
  const hide: FilterSpecification = ["!", ["in", ["coalesce", ["get", "faction"], ""], ["literal", [...hidden]]]];
  return base ? ["all", base, hide] as FilterSpecification : hide;
}

/** The filter of a buffer layer: its own selection plus the faction toggles. `date` only matters for recent and stale. */
export function layerFilter(name: string, date: string, s: Pick<StyleInputs, "hiddenFactions" | "compareIds" | "selected">): FilterSpecification | null {
  const hidden = s.hiddenFactions;
  const frontHide = hidden.size
    ? ["all", ...[...hidden].flatMap(f => [["!=", ["get", "faction_a"], f], ["!=", ["get", "faction_b"], f]])] as FilterSpecification : null;
  switch (name) {
    case "territory": return factionFilter(["all", ["!=", ["get", "faction"], "contested"], ["!=", ["get", "status"], "claimed"]], hidden);
    case "territory-claimed": return factionFilter(["all", ["!=", ["get", "faction"], "contested"], ["==", ["get", "status"], "claimed"]], hidden);
    case "contested": return ["==", ["get", "faction"], "contested"];
    case "fronts-casing": case "fronts": return frontHide;
    case "recent": return factionFilter(recentFilter(date), hidden);
    case "compare": return ["in", ["get", "id"], ["literal", [...s.compareIds]]];
    case "selected": return ["==", ["get", "id"], s.selected ?? ""];
    case "stale": return factionFilter(["all", ["has", "last_confirmed"], ["<", ["get", "last_confirmed"], addDays(date, -STALE_DAYS)]], hidden);
    default: return factionFilter(null, hidden);
  }
}

/**
 * Town names: one source pinned to the last date (names do not change with the date), so they never flicker. Places the
 * records talk about (status other than unknown on the last date) are named from zoom 7 and win collisions; then by size
 * (city, town, village: the tiles carry no population, the kind stands for it).
 */
export function labelLayer(): LayerSpecification {
  const involved: ExpressionSpecification = ["!=", ["get", "status"], "unknown"];
  const kindRank: ExpressionSpecification = ["match", ["get", "kind"], "city", 0, "town", 1, 2];
  return { id: "labels", type: "symbol", source: "fm-labels", "source-layer": "places",
    layout: {
      "text-field": ["step", ["zoom"],
        ["match", ["get", "kind"], "city", ["get", "name"], ""], 7,
        ["case", ["any", ["==", ["get", "kind"], "city"], ["all", involved, ["==", ["get", "kind"], "town"]]], ["get", "name"], ""], 8,
        ["case", ["any", ["match", ["get", "kind"], ["city", "town"], true, false], involved], ["get", "name"], ""], 10, ["get", "name"]],
      "symbol-sort-key": ["+", ["case", involved, 0, 10], kindRank, ["-", 0, ["/", ["min", ["coalesce", ["get", "sources"], 0], 9], 10]]],
      "text-font": ["Noto Sans Regular"], "text-size": 12, "text-offset": [0, 1.1], "text-anchor": "top", "text-optional": true },
    paint: { "text-color": "#222", "text-halo-color": "#fff", "text-halo-width": 1.5, "text-opacity": 1 } };
}

export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 12, data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    const onStripe = ((x + y) % size) < 3;
    data.set(onStripe ? [60, 60, 60, 150] : [255, 255, 255, 40], i);
  }
  return { width: size, height: size, data };
}
