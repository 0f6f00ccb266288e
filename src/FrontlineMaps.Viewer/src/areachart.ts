// Loads the area series for the whole timeline (to the last record's day, which the step grid may not fall on) and keeps
// the chart's marker on the current date.
import { renderAreaChart } from "./chart";
import { daysBetween } from "./dates";
import { el } from "./dom";
import { withKnownAt } from "./dataurls";
import { setDate } from "./navigation";
import { app, getJson, on } from "./state";

type Series = { series: { date: string; km2: Record<string, number> }[] };

export async function loadChart(): Promise<void> {
  const box = document.getElementById("chart")!;
  const { first, last } = app;
  try {
    const step = daysBetween(first, last) > 1000 ? "month" : "week";
    const [data, end] = await Promise.all([
      getJson<Series>(withKnownAt(`/api/stats/area?from=${first}&to=${last}&step=${step}`, app.knownAt)),
      getJson<Series>(withKnownAt(`/api/stats/area?from=${last}&to=${last}&step=day`, app.knownAt)),
    ]);
    const series = [...data.series];
    for (const s of end.series) if (!series.length || series[series.length - 1].date < s.date) series.push(s);
    const marker = renderAreaChart(box, series, app.timeline.factions, d => setDate(d, "push"));
    marker(app.current);
    on("date", ({ date }) => marker(date));
  } catch (e) {
    box.append(el("p", { class: "error" }, String(e instanceof Error ? e.message : e)));
  }
}
