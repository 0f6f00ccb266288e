// Comparing the map date with another: every faction (contested ground too), places gained and lost by name (each opens its
// panel), km², and the gained places ringed on the map. The result is a card of its own so it is seen without scrolling.
import { clampDate, formatLong, isIsoDate } from "./dates";
import { el, clear } from "./dom";
import { withKnownAt } from "./dataurls";
import { refreshLayer, writeUrl } from "./navigation";
import { showPlace } from "./place";
import { app, getJson, on } from "./state";

interface DiffPlace { id: string; name: string; }
interface Diff {
  factions: { id: string; name: string; gained: DiffPlace[]; lost: DiffPlace[]; area_gained_km2: number; area_lost_km2: number; net_area_km2: number }[];
  contested?: { area_from_km2: number; area_to_km2: number; net_area_km2: number };
}

let ticket = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

const km2 = (n: number) => (n > 0 ? "+" : n < 0 ? "−" : "") + Math.abs(n).toLocaleString("en", { maximumFractionDigits: 1 });

function placeLinks(places: DiffPlace[]): Node {
  if (!places.length) return document.createTextNode("none");
  const box = el("span", { class: "place-links" });
  places.forEach((p, i) => {
    if (i) box.append(", ");
    const b = el("button", { type: "button", class: "linkish", "data-place": p.id }, p.name);
    b.addEventListener("click", () => void showPlace(p.id, "push", { fly: true }));
    box.append(b);
  });
  return box;
}

export async function runCompare(from: string): Promise<void> {
  app.compareFrom = from;
  writeUrl("replace");
  const card = document.getElementById("compare-card")!;
  const box = document.getElementById("compare-result")!;
  card.hidden = false;
  const [a, b] = from <= app.current ? [from, app.current] : [app.current, from];
  const mine = ++ticket;
  try {
    // the records' range bounds what the server compares (after the last record the map is the last record's)
    const diff = await getJson<Diff>(withKnownAt(`/api/diff?from=${clampDate(a, app.first, app.last)}&to=${clampDate(b, app.first, app.last)}`, app.knownAt));
    if (mine !== ticket) return; // a newer comparison is on its way
    clear(box);
    const byId = new Map(diff.factions.map(f => [f.id, f]));
    const table = el("table", { class: "diff" },
      el("caption", {}, `From ${formatLong(a)} to ${formatLong(b)}`),
      el("thead", {}, el("tr", {}, ...["Faction", "Gained", "Lost", "Net km²"].map(h => el("th", { scope: "col" }, h)))));
    const tbody = el("tbody");
    const gainedIds: string[] = [];
    let changed = false;
    for (const f of app.timeline.factions) {
      const d = byId.get(f.id);
      const gained = d?.gained ?? [], lost = d?.lost ?? [];
      if (d) changed = true;
      gainedIds.push(...gained.map(p => p.id));
      const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.background = f.color;
      tbody.append(el("tr", { class: d ? "" : "unchanged", "data-faction": f.id },
        el("th", { scope: "row", title: f.name }, swatch, f.short_name ?? f.name),
        el("td", {}, String(gained.length)),
        el("td", {}, String(lost.length)),
        el("td", { title: d ? `+${d.area_gained_km2.toFixed(1)} / −${d.area_lost_km2.toFixed(1)} km²` : "" }, km2(d?.net_area_km2 ?? 0))));
      if (gained.length || lost.length)
        tbody.append(el("tr", { class: "names-row" }, el("td", { colspan: "4" },
          gained.length ? el("div", {}, el("span", { class: "muted" }, "gained: "), placeLinks(gained)) : "",
          lost.length ? el("div", {}, el("span", { class: "muted" }, "lost: "), placeLinks(lost)) : "")));
    }
    const hatch = el("span", { class: "swatch hatch", "aria-hidden": "true" });
    tbody.append(el("tr", { "data-faction": "contested" }, el("th", { scope: "row" }, hatch, "Contested ground"),
      el("td", {}, "–"), el("td", {}, "–"), el("td", {}, km2(diff.contested?.net_area_km2 ?? 0))));
    if (!changed) tbody.prepend(el("tr", {}, el("td", { colspan: "4" }, "No faction gained or lost a place between these dates.")));
    table.append(tbody);
    box.append(table);
    setCompareHighlight(gainedIds);
  } catch (e) {
    if (mine !== ticket) return;
    clear(box);
    box.append(el("p", { class: "error" }, String(e instanceof Error ? e.message : e)));
  }
}

function setCompareHighlight(ids: string[]): void {
  if (ids.length === app.compareIds.length && ids.every((id, i) => id === app.compareIds[i])) return;
  app.compareIds = ids;
  refreshLayer("compare");
}

export function clearCompare(): void {
  app.compareFrom = null;
  clear(document.getElementById("compare-result")!);
  document.getElementById("compare-card")!.hidden = true;
  setCompareHighlight([]);
  writeUrl("replace");
}

export function buildCompare(): void {
  const form = document.getElementById("compare-form") as HTMLFormElement;
  const input = document.getElementById("compare-date") as HTMLInputElement;
  input.min = app.first; input.max = app.last;
  // the browser writes the field in its own locale; the page's way is next to it
  const long = document.getElementById("compare-date-long")!;
  const showLong = () => { long.textContent = isIsoDate(input.value) ? formatLong(input.value) : ""; };
  input.addEventListener("input", showLong);
  form.addEventListener("submit", e => { e.preventDefault(); if (isIsoDate(input.value)) void runCompare(input.value); });
  document.getElementById("compare-clear")!.addEventListener("click", clearCompare);
  document.getElementById("compare-close")!.addEventListener("click", clearCompare);
  // the comparison follows the date (once it rests)
  on("date", () => {
    if (!app.compareFrom || app.playing) return;
    clearTimeout(timer);
    timer = setTimeout(() => { if (app.compareFrom) void runCompare(app.compareFrom); }, 250);
  });
  if (app.compareFrom && !app.embedMode) { input.value = app.compareFrom; showLong(); void runCompare(app.compareFrom); }
}
