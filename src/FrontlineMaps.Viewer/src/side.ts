// The side panel (a column on the right; a bottom sheet on phones) with two tabs: the event feed and the place panel.
import { app, isNarrow } from "./state";

export type Tab = "feed" | "place";

let open = false;
let tab: Tab = "feed";

function apply(): void {
  const side = document.getElementById("side")!;
  side.hidden = !open;
  document.body.classList.toggle("side-open", open);
  const hasPlace = app.openPlace !== null;
  document.getElementById("tab-place")!.hidden = !hasPlace;
  if (!hasPlace && tab === "place") tab = "feed";
  document.getElementById("feed")!.hidden = tab !== "feed";
  document.getElementById("panel")!.hidden = tab !== "place";
  for (const t of ["feed", "place"] as const) document.getElementById(`tab-${t}`)!.setAttribute("aria-selected", String(tab === t));
  document.getElementById("side-close")!.hidden = tab === "place"; // the place panel has its own close button
  document.getElementById("feed-toggle")!.setAttribute("aria-expanded", String(open && tab === "feed"));
  app.map?.resize();
}

/** Shows a tab; "toggle" closes the side panel when that tab is already showing. */
export function showTab(t: Tab, how: "show" | "toggle" = "show"): void {
  if (how === "toggle" && open && tab === t) open = false;
  else { open = true; tab = t; }
  apply();
}

/** After the place panel closed: back to the feed on wide screens, the sheet closed on phones. */
export function placeClosed(): void {
  if (isNarrow()) open = false;
  tab = "feed";
  apply();
}

export function buildSide(): void {
  open = !app.embedMode && !isNarrow();
  tab = app.openPlace ? "place" : "feed";
  if (app.openPlace) open = true;
  document.getElementById("tab-feed")!.addEventListener("click", () => showTab("feed"));
  document.getElementById("tab-place")!.addEventListener("click", () => showTab("place"));
  document.getElementById("side-close")!.addEventListener("click", () => { open = false; apply(); });
  apply();
}
