// Area held per faction over time (/api/stats/area) as an SVG line chart: date and km² axes, a legend, the values under
// the pointer, the current date marked. Click to jump to a date.
import { addDays, daysBetween, formatLong } from "./dates";
import { clear, el } from "./dom";
import type { Faction } from "./timeline";

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Round axis steps: 1, 2 or 5 times a power of ten, about `count` of them up to `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * p).find(s => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

const compact = (v: number) => v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(Math.round(v));

/** Draws the chart into `box`; returns a function that moves the current-date marker. */
export function renderAreaChart(box: HTMLElement, series: { date: string; km2: Record<string, number> }[], factions: Faction[],
  onPick: (date: string) => void): (date: string) => void {
  clear(box);
  if (series.length < 2) { box.append(el("p", { class: "muted" }, "Not enough dates for a chart.")); return () => undefined; }
  // about the legend's width, so the 10 px text is drawn near 10 px
  const width = 226, height = 140, left = 34, right = 8, top = 8, bottom = 18;
  const first = series[0].date, last = series[series.length - 1].date;
  const span = Math.max(1, daysBetween(first, last));
  const ids = [...factions.map(f => f.id), "contested"].filter(id => series.some(s => (s.km2[id] ?? 0) > 0));
  const max = Math.max(1, ...series.flatMap(s => ids.map(id => s.km2[id] ?? 0)));
  const yTicks = niceTicks(max);
  const yMax = Math.max(max, yTicks[yTicks.length - 1]);
  const x = (d: string) => left + ((width - left - right) * daysBetween(first, d)) / span;
  const y = (v: number) => height - bottom - ((height - top - bottom) * v) / yMax;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "area-chart" });
  root.append(svg("title", {}, `Area held per faction, ${formatLong(first)} to ${formatLong(last)} (max ${Math.round(max).toLocaleString("en")} km²)`));
  const axes = svg("g", { class: "axes", "font-size": 10, fill: "#555" });
  for (const v of yTicks) {
    axes.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: "#e3e3e3" }));
    axes.append(svg("text", { x: left - 3, y: y(v) + 3, "text-anchor": "end" }, compact(v)));
  }
  axes.append(svg("text", { x: left + 3, y: top + 2, "dominant-baseline": "hanging" }, "km²"));
  const years = Number(last.slice(0, 4)) - Number(first.slice(0, 4));
  const every = Math.max(1, Math.ceil(years / 4));
  for (let yr = Number(first.slice(0, 4)) + 1; yr <= Number(last.slice(0, 4)); yr += every) {
    const px = x(`${yr}-01-01`);
    axes.append(svg("line", { x1: px, x2: px, y1: height - bottom, y2: height - bottom + 3, stroke: "#888" }));
    axes.append(svg("text", { x: px, y: height - 6, "text-anchor": "middle", class: "year" }, String(yr)));
  }
  if (years < 1) {
    axes.append(svg("text", { x: left, y: height - 6, "text-anchor": "start" }, formatLong(first)));
    axes.append(svg("text", { x: width - right, y: height - 6, "text-anchor": "end" }, formatLong(last)));
  }
  axes.append(svg("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, stroke: "#888" }));
  root.append(axes);
  const colorOf = (id: string) => factions.find(f => f.id === id)?.color ?? "#555";
  for (const id of ids) {
    const points = series.map(s => `${x(s.date).toFixed(1)},${y(s.km2[id] ?? 0).toFixed(1)}`).join(" ");
    root.append(svg("polyline", { points, fill: "none", stroke: colorOf(id), "stroke-width": 1.6, "stroke-dasharray": id === "contested" ? "3 2" : "none", "data-faction": id }));
  }
  const marker = svg("line", { y1: top, y2: height - bottom, stroke: "#111", "stroke-width": 1.2, class: "current" });
  const hoverLine = svg("line", { y1: top, y2: height - bottom, stroke: "#0057ff", "stroke-width": 1, "stroke-dasharray": "2 2", visibility: "hidden" });
  root.append(marker, hoverLine);
  const readout = el("div", { class: "chart-readout muted", "aria-live": "off" }, "Hover for values; click to go to a date.");
  const legend = el("ul", { class: "plain chart-legend" }, ...ids.map(id => {
    const s = el("span", { class: `swatch${id === "contested" ? " hatch" : ""}`, "aria-hidden": "true" });
    if (id !== "contested") s.style.background = colorOf(id);
    return el("li", {}, s, id === "contested" ? "contested" : factions.find(f => f.id === id)?.short_name ?? id);
  }));
  const dateAt = (clientX: number) => {
    const r = root.getBoundingClientRect();
    const t = Math.min(1, Math.max(0, ((clientX - r.left) / r.width * width - left) / (width - left - right)));
    return addDays(first, Math.round(t * span));
  };
  root.addEventListener("click", e => onPick(dateAt(e.clientX)));
  root.addEventListener("mousemove", e => {
    const d = dateAt(e.clientX);
    let s = series[0];
    for (const p of series) if (p.date <= d) s = p;
    hoverLine.setAttribute("x1", x(s.date).toFixed(1)); hoverLine.setAttribute("x2", x(s.date).toFixed(1));
    hoverLine.setAttribute("visibility", "visible");
    readout.textContent = `${formatLong(s.date)}: ` + ids.map(id =>
      `${id === "contested" ? "contested" : factions.find(f => f.id === id)?.short_name ?? id} ${Math.round(s.km2[id] ?? 0).toLocaleString("en")} km²`).join(" · ");
  });
  root.addEventListener("mouseleave", () => { hoverLine.setAttribute("visibility", "hidden"); });
  box.append(root, readout, legend);
  return (date: string) => {
    const px = Math.min(width - right, Math.max(left, x(date)));
    marker.setAttribute("x1", px.toFixed(1));
    marker.setAttribute("x2", px.toFixed(1));
    marker.setAttribute("data-date", date);
  };
}
