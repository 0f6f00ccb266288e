// Places on the map: the panel of the clicked place (highlighted on the map, kept in view above a phone's bottom sheet), the
// hover tooltip, and the front line popup.
import * as maplibregl from "maplibre-gl";
import type { MapGeoJSONFeature } from "maplibre-gl";
import { formatLong } from "./dates";
import { el, clear } from "./dom";
import { withKnownAt } from "./dataurls";
import type { PlaceHistory } from "./history";
import { buffers, refreshLayer, writeUrl } from "./navigation";
import { renderPlacePanel } from "./panel";
import { placeClosed, showTab } from "./side";
import { app, getJson, HistoryMode, HttpError, isNarrow, on } from "./state";

let panelHistory: PlaceHistory | null = null;


export async function showPlace(id: string, mode: HistoryMode, opts: { fly?: boolean } = {}): Promise<void> {
  app.openPlace = id;
  refreshLayer("selected");
  if (mode !== "none") writeUrl(mode);
  showTab("place");
  const body = document.getElementById("panel-body")!;
  clear(body);
  body.append(el("p", { class: "muted" }, "Loading…"));
  try {
    const history = await getJson<PlaceHistory>(withKnownAt(`/api/places/${encodeURIComponent(id)}/history`, app.knownAt));
    if (app.openPlace !== id) return;
    panelHistory = history;
    renderPanel();
    keepInView(history.place.lon, history.place.lat, opts.fly ?? false);
    (document.getElementById("panel-close") as HTMLButtonElement).focus({ preventScroll: true });
  } catch (e) {
    if (app.openPlace !== id) return;
    clear(body);
    const notFound = e instanceof HttpError && e.status === 404;
    body.append(el("h2", { id: "panel-title" }, notFound ? "Place not found" : "Could not load this place"),
      el("p", { class: notFound ? "muted" : "error" }, notFound
        ? `No place with the id “${id}” is in the data. The link may be old, or the place renamed or merged.`
        : `The server did not answer as expected (${String(e instanceof Error ? e.message : e)}). Try again in a moment.`));
  }
}

/**
 * Moves the map so the place is visible beside the panel, or above the bottom sheet on a phone, when it is hidden behind
 * it (or always, when flying to it from the event feed).
 */
function keepInView(lon: number, lat: number, fly: boolean): void {
  const map = app.map;
  const canvas = map.getCanvas().getBoundingClientRect();
  const panel = document.getElementById("side")!.getBoundingClientRect();
  const sheet = isNarrow(); // the panel is a bottom sheet
  // the part of the map the side panel covers (none on wide screens, where the map ends at the panel)
  const padding = sheet ? { top: 20, bottom: Math.max(20, canvas.bottom - panel.top + 20), left: 20, right: 20 }
    : { top: 20, bottom: 20, left: 20, right: Math.max(20, canvas.right - panel.left + 20) };
  const p = map.project([lon, lat]);
  const visible = p.x >= padding.left && p.x <= canvas.width - padding.right && p.y >= padding.top && p.y <= canvas.height - padding.bottom;
  if (visible && !fly) return;
  const zoom = fly ? Math.max(map.getZoom(), 9) : map.getZoom();
  map.easeTo({ center: [lon, lat], zoom, padding, duration: fly ? 800 : 300 });
}

function renderPanel(): void {
  if (!panelHistory) return;
  const body = document.getElementById("panel-body")!;
  clear(body);
  body.append(renderPlacePanel(panelHistory, app.current, app.factionsById));
}

export function closePanel(): void {
  if (!app.openPlace) return;
  app.openPlace = null;
  panelHistory = null;
  refreshLayer("selected");
  placeClosed();
  writeUrl("push");
}

/** Back/Forward: opens or closes the panel as the URL says. */
export function syncPanel(place: string | null): void {
  if (place && place !== app.openPlace) void showPlace(place, "none");
  else if (!place && app.openPlace) {
    app.openPlace = null; panelHistory = null; refreshLayer("selected");
    placeClosed();
  }
}

export function showFront(feature: MapGeoJSONFeature, lngLat: maplibregl.LngLat): void {
  const a = String(feature.properties.faction_a ?? ""), b = String(feature.properties.faction_b ?? "");
  const ids = String(feature.properties.places ?? "").split(",").filter(Boolean);
  // Places of every tile loaded for this state, not only the one the line was clicked in: both sides are often in neighbours.
  const byId = new Map(app.map.querySourceFeatures(buffers.active.source, { sourceLayer: "places" }).map(p => [String(p.properties.id), p.properties]));
  const side = (f: string) => [...new Set(ids.filter(id => byId.get(id)?.faction === f || String(byId.get(id)?.factions ?? "").split(",").includes(f))
    .map(id => String(byId.get(id)?.name ?? id)))];
  const count = Number(feature.properties.place_count ?? ids.length);
  const box = el("div", { class: "front-popup" },
    el("h3", {}, "Front line"),
    ...[a, b].map(f => {
      const names = side(f);
      return el("div", { class: "front-side", "data-faction": f },
        el("strong", {}, app.factionsById.get(f)?.name ?? f),
        el("p", {}, names.length ? names.join(", ") : ids.length ? "(its places are outside the loaded map)" : `(more than 50 places: zoom in to list them)`));
    }),
    el("p", { class: "muted" }, `${Number(feature.properties.length_km ?? 0).toFixed(1)} km in this tile; ${count} place${count === 1 ? "" : "s"} on either side`));
  new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(lngLat).setDOMContent(box).addTo(app.map);
}

/** The hover tooltip: name, controller and since, for the place under the pointer. */
export function hoverTooltip(): (feature: MapGeoJSONFeature | null, lngLat: maplibregl.LngLat | null) => void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "hover-tip", offset: 10, maxWidth: "260px" });
  let shownId: string | null = null;
  return (feature, lngLat) => {
    if (!feature || !lngLat) { if (shownId !== null) { popup.remove(); shownId = null; } return; }
    const p = feature.properties;
    const id = `${p.id}@${app.current}`;
    popup.setLngLat(lngLat);
    if (id === shownId) return;
    shownId = id;
    const faction = p.faction ? app.factionsById.get(String(p.faction)) : undefined;
    const status = String(p.status);
    const who = status === "unknown" ? "no report yet"
      : status === "contested" ? `contested (${String(p.factions ?? "").split(",").filter(Boolean).map(f => app.factionsById.get(f)?.short_name ?? f).join(", ")})`
      : status === "claimed" ? `claimed by ${faction?.short_name ?? p.faction}` : `held by ${faction?.name ?? p.faction}`;
    popup.setDOMContent(el("div", { class: "tip" }, el("strong", {}, String(p.name ?? p.id)), el("br"), who,
      p.since ? el("span", { class: "muted" }, ` since ${formatLong(String(p.since))}`) : ""));
    if (!popup.isOpen()) popup.addTo(app.map);
  };
}

on("date", () => { if (app.openPlace && panelHistory && panelHistory.place.id === app.openPlace) renderPanel(); });
