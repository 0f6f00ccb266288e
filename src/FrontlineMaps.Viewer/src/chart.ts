// Area held per faction over time (/api/stats/area) as an SVG line chart with the current date marked. Click to jump.
import { addDays, daysBetween, formatLong } from "./dates";
import { clear, el } from "./dom";
import type { Faction } from "./timeline";

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Draws the chart into `box`; returns a function that moves the current-date marker. */
export function renderAreaChart(box: HTMLElement, series: { date: string; km2: Record<string, number> }[], factions: Faction[],
  onPick: (date: string) => void): (date: string) => void {
  clear(box);
  const width = 300, height = 90, pad = 4;
  if (series.length < 2) { box.append(el("p", { class: "muted" }, "Not enough dates for a chart.")); return () => undefined; }
  const first = series[0].date, last = series[series.length - 1].date;
  const span = Math.max(1, daysBetween(first, last));
  const max = Math.max(1, ...series.flatMap(s => Object.values(s.km2)));
  const x = (d: string) => pad + ((width - 2 * pad) * daysBetween(first, d)) / span;
  const y = (v: number) => height - pad - ((height - 2 * pad) * v) / max;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "area-chart" });
  const title = svg("title", {});
  title.textContent = `Area held per faction, ${formatLong(first)} to ${formatLong(last)} (max ${Math.round(max).toLocaleString("en")} km²)`;
  root.append(title);
  const ids = [...factions.map(f => f.id), "contested"];
  for (const id of ids) {
    if (!series.some(s => (s.km2[id] ?? 0) > 0)) continue;
    const color = factions.find(f => f.id === id)?.color ?? "#555";
    const points = series.map(s => `${x(s.date).toFixed(1)},${y(s.km2[id] ?? 0).toFixed(1)}`).join(" ");
    root.append(svg("polyline", { points, fill: "none", stroke: color, "stroke-width": 1.6, "stroke-dasharray": id === "contested" ? "3 2" : "none" }));
  }
  const marker = svg("line", { y1: 0, y2: height, stroke: "#111", "stroke-width": 1 });
  root.append(marker);
  root.addEventListener("click", e => {
    const r = root.getBoundingClientRect();
    const t = Math.min(1, Math.max(0, ((e.clientX - r.left) / r.width * width - pad) / (width - 2 * pad)));
    onPick(addDays(first, Math.round(t * span)));
  });
  box.append(root);
  return (date: string) => {
    const px = Math.min(width - pad, Math.max(pad, x(date)));
    marker.setAttribute("x1", px.toFixed(1));
    marker.setAttribute("x2", px.toFixed(1));
  };
}
