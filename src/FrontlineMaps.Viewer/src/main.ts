// The FrontlineMaps viewer: the dated vector tiles on a MapLibre map, a timeline to scrub and play, an event feed, a panel
// with every source behind a place, a legend with toggles, comparison of two dates, sharing, embedding and time-lapses.
// This file starts the page and wires the modules; the state is in state.ts. Text from the data is always set with
// textContent (never innerHTML).
import * as maplibregl from "maplibre-gl";
import { loadChart } from "./areachart";
import { buildCompare } from "./compare";
import { buildTimeline, setPlaying, updateTimelineUi } from "./controls";
import { clampDate } from "./dates";
import { withKnownAt } from "./dataurls";
import { buildFeed } from "./feed";
import { buildLegend } from "./legend";
import { buffers, checkPending, setDate, SHOWABLE, startBuffers, stateOf, tileUrl, writeUrl } from "./navigation";
import { buildNotices } from "./notices";
import { closePanel, hoverTooltip, showFront, showPlace, syncPanel } from "./place";
import { buildShare } from "./share";
import { buildSide } from "./side";
import { app, getJson, metrics, on } from "./state";
import { buildStyle, hatchImage, labelLayer } from "./style";
import { mapChangeDates, TimelineData } from "./timeline";
import { parseView } from "./urlstate";
import { buildVideo } from "./video";

(window as unknown as { __fmPending: () => boolean }).__fmPending = () => buffers?.wanted != null;
(window as unknown as { __fm: unknown }).__fm = {
  get map() { return app.map; },
  get date() { return app.current; },
  get activeBuffer() { return buffers.active.id; },
  get state() { return buffers.active.state; },
  get changeDates() { return app.changeDates; },
  get playing() { return app.playing; },
  metrics,
  setDate: (d: string) => setDate(d, "push"),
  /** Places rendered on screen now: id, faction, status. */
  renderedPlaces: () => app.map.queryRenderedFeatures({ layers: [`${buffers.active.id}-places`] })
    .map(f => ({ id: String(f.properties.id), faction: f.properties.faction ?? null, status: String(f.properties.status) })),
};

/** Syria and its neighbours' front areas: the first view when the link names no camera. */
const SYRIA: [[number, number], [number, number]] = [[35.6, 32.3], [42.4, 37.4]];

async function start(): Promise<void> {
  const manifest = app.manifest;
  if (!manifest) throw new Error("viewer manifest missing");
  maplibregl.setWorkerUrl(new URL(manifest.worker, app.origin).href);
  const timeline = await getJson<TimelineData>(withKnownAt("/api/timeline", app.knownAt));
  app.timeline = timeline;
  app.pin = { version: timeline.url_version ?? null, knownAt: app.knownAt };
  app.changeDates = mapChangeDates(timeline);
  app.first = timeline.first_date;
  app.last = timeline.last_date;
  app.factionsById = new Map(timeline.factions.map(f => [f.id, f]));
  const { embedMode, embed, view } = app;
  // A link's date is kept as asked (after the last record too: the map then shows the last state, and says so).
  app.current = embedMode ? clampDate(view.date ?? embed.to ?? app.last, embed.from ?? app.first, embed.to ?? app.last)
    : clampDate(view.date ?? app.last, ...SHOWABLE);
  document.body.classList.toggle("embed", embedMode);
  document.body.classList.toggle("no-controls", embedMode && !embed.controls);
  document.body.classList.toggle("embed-legend", embedMode && embed.legend);

  const initialState = stateOf(app.current);
  const camera = view.camera;
  const map = new maplibregl.Map({
    container: "map",
    style: buildStyle({ origin: app.origin, fonts: manifest.fonts, basemap: manifest.basemap, basemapUrl: app.config.basemapUrl,
      basemapAttribution: app.config.basemapAttribution, labelTiles: tileUrl(app.changeDates[app.changeDates.length - 1] ?? initialState) }),
    center: camera ? [camera.lon, camera.lat] : [38.9, 35.0],
    zoom: camera?.zoom ?? 6,
    hash: false,
    attributionControl: { compact: embedMode || window.innerWidth < 640 },
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  app.map = map;
  buildSide();
  buildLegend();
  if (!camera) {
    const box = embed.bbox && embedMode ? embed.bbox : null;
    // Syria whole and clear of the legend when it is open beside the map
    const legend = document.getElementById("legend")!;
    const left = !box && !legend.hidden ? legend.getBoundingClientRect().right + 4 : 8;
    map.fitBounds(box ? [[box[0], box[1]], [box[2], box[3]]] : SYRIA, { animate: false, padding: box ? 10 : { left, right: 8, top: 8, bottom: 8 } });
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({}), "bottom-right");
  map.on("error", e => { metrics.errors.push(String(e.error?.message ?? e.error)); console.error("map error:", e.error?.message ?? e.error); });

  buildTimeline();
  buildNotices();
  updateTimelineUi();

  map.on("load", () => {
    map.addImage("hatch", hatchImage(), { pixelRatio: 2 });
    map.addLayer(labelLayer());
    startBuffers(initialState);
    if (app.hiddenLayers.has("labels")) map.setLayoutProperty("labels", "visibility", "none");
    setDate(app.current, "none");
    if (!embedMode) writeUrl("replace");
    if (app.openPlace) void showPlace(app.openPlace, "none");
    if (!embedMode) { buildCompare(); void loadChart(); buildFeed(); }
    if (embedMode && embed.autoplay) setPlaying(true);
  });
  map.once("idle", () => {
    metrics.ready = true;
    metrics.firstIdleMs = performance.now();
    document.body.dataset.ready = "true";
    // a phone's compact attribution starts folded (the (i) opens it): it would cover the bottom of the map
    if (window.innerWidth < 640) map.getContainer().querySelector(".maplibregl-ctrl-attrib")?.classList.remove("maplibregl-compact-show");
  });
  map.on("sourcedata", e => { if (e.sourceId?.startsWith("fm-") && e.isSourceLoaded) checkPending(); });
  map.on("idle", checkPending);
  map.on("moveend", () => { if (!app.playing) writeUrl("replace"); });

  const clickable = () => [`${buffers.active.id}-places`, `${buffers.active.id}-fronts`];
  map.on("click", e => {
    const hits = map.queryRenderedFeatures([[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]], { layers: clickable() });
    const place = hits.find(f => f.layer.id.endsWith("-places"));
    if (place) { void showPlace(String(place.properties.id), "push"); return; }
    const front = hits.find(f => f.layer.id.endsWith("-fronts"));
    if (front) showFront(front, e.lngLat);
  });
  const tooltip = hoverTooltip();
  map.on("mousemove", e => {
    if (!buffers) return;
    const hit = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: clickable() });
    map.getCanvas().style.cursor = hit.length ? "pointer" : "";
    const place = hit.find(f => f.layer.id.endsWith("-places")) ?? null;
    tooltip(place, place ? e.lngLat : null);
  });
  map.getCanvas().addEventListener("mouseleave", () => tooltip(null, null));

  window.addEventListener("popstate", () => {
    const v = parseView(location.search);
    setPlaying(false);
    if (v.date) setDate(v.date, "none");
    syncPanel(v.place);
  });
  document.addEventListener("fm:escape", closePanel);
  document.getElementById("panel-close")!.addEventListener("click", closePanel);
  buildShare();
  buildVideo();
  const fullLink = document.getElementById("full-viewer") as HTMLAnchorElement;
  const refreshFullLink = () => { fullLink.href = `${app.origin}/?date=${app.current}&map=${map.getZoom().toFixed(2)}/${map.getCenter().lat.toFixed(4)}/${map.getCenter().lng.toFixed(4)}`; };
  map.on("moveend", refreshFullLink);
  on("date", refreshFullLink);
  refreshFullLink();
}

start().catch(e => {
  console.error(e);
  const box = document.getElementById("fatal");
  if (box) { box.hidden = false; box.textContent = `The viewer could not start: ${e instanceof Error ? e.message : String(e)}`; }
});
