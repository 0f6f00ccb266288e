// The legend: faction toggles, layer toggles, and whether it is open (closed by default on narrow screens; remembered).
import { el, clear } from "./dom";
import { applyStyleState, writeUrl } from "./navigation";
import { app, NARROW_PX } from "./state";
import { GROUP_LABELS, LAYER_GROUPS } from "./style";

const OPEN_KEY = "fm.legend.open";

function rememberedOpen(): boolean | null {
  try {
    const v = localStorage.getItem(OPEN_KEY);
    return v === null ? null : v === "1";
  } catch { return null; }
}

function setOpen(open: boolean, remember: boolean): void {
  const legend = document.getElementById("legend")!;
  legend.hidden = !open;
  document.getElementById("legend-toggle")!.setAttribute("aria-expanded", String(open));
  if (remember) try { localStorage.setItem(OPEN_KEY, open ? "1" : "0"); } catch { /* private mode: not remembered */ }
}

export function buildLegend(): void {
  const list = document.getElementById("legend-factions")!;
  clear(list);
  for (const f of app.timeline.factions) {
    const id = `faction-${f.id}`;
    const box = el("input", { type: "checkbox", id }) as HTMLInputElement;
    box.checked = !app.hiddenFactions.has(f.id);
    box.addEventListener("change", () => {
      if (box.checked) app.hiddenFactions.delete(f.id); else app.hiddenFactions.add(f.id);
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
    box.checked = !app.hiddenLayers.has(g);
    box.addEventListener("change", () => {
      if (box.checked) app.hiddenLayers.delete(g); else app.hiddenLayers.add(g);
      applyStyleState();
      writeUrl("replace");
    });
    layers.append(el("li", {}, box, el("label", { for: id }, GROUP_LABELS[g])));
  }
  const remembered = rememberedOpen();
  setOpen(app.embedMode ? true : remembered ?? window.innerWidth > NARROW_PX, false);
  document.getElementById("legend-toggle")!.addEventListener("click", () => {
    setOpen(document.getElementById("legend")!.hidden, true);
  });
}
