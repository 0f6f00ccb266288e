// The view in the URL: date, map position, open place panel, compare date, hidden factions and layers, and optionally the
// knowledge cut-off (`known_at`: the map as published then, which embeds carry so that they keep showing what they showed).
// `/?date=2019-12-02&map=8/35.62/36.93&place=ejaz-idlib` reopens exactly that view. Pure: no DOM, no map.
import { isIsoDate } from "./dates";
import { escapeHtml } from "./text";
import { isKnownAt } from "./dataurls";

/** Map position: zoom, latitude, longitude. */
export interface Camera { zoom: number; lat: number; lon: number; }

/** Everything a link restores. */
export interface ViewState {
  date: string | null;
  camera: Camera | null;
  place: string | null;
  compare: string | null;
  hiddenFactions: string[];
  hiddenLayers: string[];
  /** The map as published at this instant or date (`known_at`); absent or null: everything recorded. */
  knownAt?: string | null;
}

/** Embed page options (`/embed?date=&from=&to=&bbox=&autoplay=&controls=&legend=`). */
export interface EmbedOptions { from: string | null; to: string | null; bbox: [number, number, number, number] | null; autoplay: boolean; controls: boolean;
  /** `legend=1`: show the factions and symbols over the map. */
  legend: boolean; }

const list = (v: string | null) => (v ? v.split(",").map(s => s.trim()).filter(Boolean) : []);

/** Parses `map=zoom/lat/lon`; null when malformed or out of range. */
export function parseCamera(text: string | null): Camera | null {
  if (!text) return null;
  const parts = text.split("/").map(Number);
  if (parts.length !== 3 || parts.some(n => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts;
  if (zoom < 0 || zoom > 22 || lat < -85.06 || lat > 85.06 || lon < -180 || lon > 180) return null;
  return { zoom, lat, lon };
}

/** Formats a camera with the precision its zoom needs. */
export function formatCamera(c: Camera): string {
  const digits = Math.max(2, Math.ceil(Math.log2(Math.max(1, c.zoom))) + 1);
  return `${c.zoom.toFixed(2).replace(/\.?0+$/, "")}/${c.lat.toFixed(digits)}/${c.lon.toFixed(digits)}`;
}

/** Reads the view from a query string (`?date=...`). Invalid values are ignored, never thrown. */
export function parseView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const date = q.get("date");
  const compare = q.get("compare");
  const place = q.get("place");
  return {
    date: isIsoDate(date) ? date : null,
    camera: parseCamera(q.get("map")),
    place: place && place.length <= 200 ? place : null,
    compare: isIsoDate(compare) ? compare : null,
    hiddenFactions: list(q.get("hide")),
    hiddenLayers: list(q.get("layers_off")),
    knownAt: isKnownAt(q.get("known_at")) ? q.get("known_at") : null,
  };
}

/** Writes the view as a query string (without `?`), in a stable order; empty parts are left out. */
export function formatView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.date) q.set("date", v.date);
  if (v.camera) q.set("map", formatCamera(v.camera));
  if (v.place) q.set("place", v.place);
  if (v.compare) q.set("compare", v.compare);
  if (v.hiddenFactions.length) q.set("hide", v.hiddenFactions.join(","));
  if (v.hiddenLayers.length) q.set("layers_off", v.hiddenLayers.join(","));
  if (v.knownAt) q.set("known_at", v.knownAt);
  return q.toString().replaceAll("%2F", "/").replaceAll("%2C", ",").replaceAll("%3A", ":");
}

/** Reads the embed options; `bbox=minLon,minLat,maxLon,maxLat`. */
export function parseEmbed(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  const from = q.get("from"), to = q.get("to");
  const b = list(q.get("bbox")).map(Number);
  const bbox = b.length === 4 && b.every(Number.isFinite) && b[0] < b[2] && b[1] < b[3] ? b as [number, number, number, number] : null;
  const flag = (name: string, dflt: boolean) => {
    const v = q.get(name);
    return v === null ? dflt : !(v === "0" || v === "false" || v === "no");
  };
  return { from: isIsoDate(from) ? from : null, to: isIsoDate(to) ? to : null, bbox, autoplay: flag("autoplay", false), controls: flag("controls", true),
    legend: flag("legend", false) };
}

/**
 * The embed URL for a view: date and the visible bbox (rounded), plus optional range and flags, and `knownAt`: the cut-off that
 * keeps the embed showing the map as published when the snippet was made (later records, even about that date, left out).
 */
export function embedUrl(origin: string, date: string, bbox: [number, number, number, number] | null,
  extra: Partial<EmbedOptions> & { knownAt?: string | null } = {}): string {
  const q = new URLSearchParams();
  q.set("date", date);
  if (extra.from) q.set("from", extra.from);
  if (extra.to) q.set("to", extra.to);
  if (bbox) q.set("bbox", bbox.map(n => n.toFixed(3)).join(","));
  if (extra.autoplay) q.set("autoplay", "1");
  if (extra.controls === false) q.set("controls", "0");
  if (extra.legend) q.set("legend", "1");
  if (extra.knownAt) q.set("known_at", extra.knownAt);
  return `${origin}/embed?${q.toString().replaceAll("%2C", ",").replaceAll("%3A", ":")}`;
}

/** The iframe snippet for a page: escaped, sized, titled, lazy-loaded. */
export function iframeSnippet(src: string, title: string, width = 800, height = 500): string {
  return `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" style="border:0;max-width:100%" ` +
    `title="${escapeHtml(title)}" loading="lazy" allowfullscreen></iframe>`;
}
