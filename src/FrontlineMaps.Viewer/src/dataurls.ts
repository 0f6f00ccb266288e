// URLs of dated resources (vector tiles, snapshots) pinned to the data they show. Pure: no DOM, no map.
//
// The server caches a dated URL as immutable only when it carries `v` = the data version token it serves now (`url_version` of
// /api/timeline); without it a tile lives a minute. After a write the old `v` answers with a 302 to the new one, so a viewer
// that started before the write still gets current tiles. `known_at` (an instant or a date) shows the map as published then.

import { isIsoDate } from "./dates";

/** What a dated URL pins: the server's data version token and, optionally, the knowledge cut-off. */
export interface DataPin { version: string | null; knownAt: string | null; }

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True for a `known_at` value the server reads: a date (YYYY-MM-DD) or an RFC 3339 instant. */
export function isKnownAt(value: string | null | undefined): value is string {
  return typeof value === "string" && value.length <= 40 && INSTANT.test(value) && isIsoDate(value.slice(0, 10))
    && !Number.isNaN(Date.parse(value.length === 10 ? value + "T00:00:00Z" : value));
}

/** The query string (with `?`, or empty) that pins a dated URL: `v` first, then `known_at`, then the extra parameters. */
export function pinQuery(pin: DataPin, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (pin.version) q.set("v", pin.version);
  if (pin.knownAt) q.set("known_at", pin.knownAt);
  for (const [name, value] of Object.entries(extra)) q.set(name, value);
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The tile URL template of a map state (a date), for a MapLibre vector source: `{z}/{x}/{y}` left for MapLibre to fill. */
export function tileTemplate(origin: string, state: string, pin: DataPin): string {
  return `${origin}/tiles/${state}/{z}/{x}/{y}.mvt${pinQuery(pin)}`;
}

/** The URL of one tile of a map state (for prefetching: the same URL MapLibre will ask for, so the browser cache answers). */
export function tileUrl(origin: string, state: string, z: number, x: number, y: number, pin: DataPin): string {
  return `${origin}/tiles/${state}/${z}/${x}/${y}.mvt${pinQuery(pin)}`;
}

/** The URL of a dated snapshot: the GeoJSON of a layer or the static SVG map. */
export function snapshotUrl(origin: string, date: string, format: "geojson" | "svg", pin: DataPin, extra: Record<string, string> = {}): string {
  return `${origin}/snapshots/${date}.${format}${pinQuery(pin, extra)}`;
}

/** A path with `known_at` appended when the view is pinned to a cut-off (API requests: timeline, history, diff, area). */
export function withKnownAt(path: string, knownAt: string | null): string {
  if (!knownAt) return path;
  return `${path}${path.includes("?") ? "&" : "?"}known_at=${encodeURIComponent(knownAt)}`;
}
