// The event feed (Liveuamap-style): the records of the 30 days up to the map date, inside the view, of the factions shown,
// newest first, each with its faction's colour, place, kind and status, and publisher. It follows the timeline, the view
// and the toggles; a click goes to the record's date, flies to the place and opens its panel.
import { addDays, formatLong } from "./dates";
import { el, clear } from "./dom";
import { withKnownAt } from "./dataurls";
import { FeedEvent, monthsCovering, nextLink, nextMonth, parseChangeCsv, selectFeed } from "./events";
import { setDate } from "./navigation";
import { showPlace } from "./place";
import { showTab } from "./side";
import { app, metrics, on } from "./state";

export const FEED_DAYS = 30;
const LIMIT = 40;

const months = new Map<string, FeedEvent[]>();
const loading = new Map<string, Promise<void>>();
let failed: string | null = null;

function load(month: string): Promise<void> {
  const running = loading.get(month);
  if (running) return running;
  const p = (async () => {
    // inside the records' range (the server answers only dates near it; there are no records outside it anyway)
    const from = month < app.first ? app.first : month, end = nextMonth(month), lastEnd = addDays(app.last, 1);
    // the feed is paged (Link rel="next"): the largest pages, followed to the end of the month
    let url: string | null = withKnownAt(`/api/changes.csv?from=${from}&to=${end < lastEnd ? end : lastEnd}&limit=10000`, app.knownAt);
    const events: FeedEvent[] = [];
    for (let page = 0; url && page < 50; page++) {
      const response: Response = await fetch(url, { headers: { Accept: "text/csv" } });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      events.push(...parseChangeCsv(await response.text()));
      url = nextLink(response.headers.get("Link"));
    }
    months.set(month, events);
  })().catch(e => { failed = String(e instanceof Error ? e.message : e); loading.delete(month); });
  loading.set(month, p);
  return p;
}

function describe(e: FeedEvent): string {
  const f = e.faction ? app.factionsById.get(e.faction)?.short_name ?? e.faction : "";
  if (e.kind === "retraction") return "report withdrawn";
  if (e.status === "claimed") return e.claimOf === "contested" ? `fighting claimed (${f})` : `claimed by ${f}`;
  if (e.status === "contested") return `contested (${f})`;
  return e.kind === "capture" ? `captured by ${f}` : `held by ${f} (confirmed)`;
}

function item(e: FeedEvent): HTMLElement {
  const color = (e.faction && app.factionsById.get(e.faction)?.color) || "#9a9a9a";
  const b = el("button", { type: "button", class: `feed-item${e.retracted ? " retracted" : ""} status-${e.status}`, "data-record": e.id, "data-place": e.place,
    "data-date": e.validFrom.slice(0, 10), "data-faction": e.faction ?? "", "data-lonlat": `${e.lon},${e.lat}` },
    el("span", { class: "feed-bar", "aria-hidden": "true" }),
    el("span", { class: "feed-text" },
      el("span", { class: "feed-place" }, e.placeName),
      el("span", { class: "feed-what" }, describe(e), e.retracted ? " · retracted" : ""),
      el("span", { class: "feed-meta muted" }, formatLong(e.validFrom.slice(0, 10)), e.validFrom.length > 10 ? ` ${e.validFrom.slice(11, 16)} UTC` : "",
        e.publishers.length ? ` · ${[...new Set(e.publishers)].join(", ")}` : " · no source named")));
  (b.firstChild as HTMLElement).style.background = color;
  b.addEventListener("click", () => {
    setDate(e.validFrom.slice(0, 10), "push");
    void showPlace(e.place, "push", { fly: true });
  });
  return b;
}

function bounds(): [number, number, number, number] {
  const b = app.map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

/** Redraws the feed from what is loaded, and loads the months it still needs (then redraws again). */
export function updateFeed(): void {
  const t0 = performance.now();
  const list = document.getElementById("feed-list")!;
  const head = document.getElementById("feed-head")!;
  const date = app.current;
  const need = monthsCovering(addDays(date, -FEED_DAYS + 1), date).filter(m => m <= app.last && nextMonth(m) > app.first);
  const missing = need.filter(m => !months.has(m));
  for (const m of missing) void load(m).then(() => { if (monthsCovering(addDays(app.current, -FEED_DAYS + 1), app.current).includes(m)) updateFeed(); });
  // (a failed month is retried on the next update)
  const events = need.flatMap(m => months.get(m) ?? []);
  const { items, total } = selectFeed(events, { date, days: FEED_DAYS, bounds: bounds(), hiddenFactions: app.hiddenFactions, limit: LIMIT });
  head.textContent = `${total} report${total === 1 ? "" : "s"} in the ${FEED_DAYS} days to ${formatLong(date)}, in this view`;
  // the same items as on screen (a step inside a quiet month): nothing to redraw
  const key = `${items.map(e => e.id).join("\n")}|${total}|${missing.length}|${failed ?? ""}|${total ? "" : date}`;
  if (key === shownKey) { record(t0); return; }
  shownKey = key;
  clear(list);
  for (const e of items) list.append(el("li", {}, item(e)));
  if (total > items.length) list.append(el("li", { class: "muted feed-more" }, `${total - items.length} older reports: zoom in or move the date to see them.`));
  if (!total) list.append(el("li", { class: "muted feed-empty" },
    missing.length ? "Loading the reports…" : failed ? `Could not load the reports (${failed}).` : `No reports in the ${FEED_DAYS} days to ${formatLong(date)} in this view.`));
  record(t0);
}
let shownKey = "";

function record(t0: number): void {
  metrics.feed.push(performance.now() - t0);
  if (metrics.feed.length > 2000) metrics.feed.shift();
}

/** While playing, the feed follows at most four times a second (each step still gets its map frame first). */
let throttle: ReturnType<typeof setTimeout> | undefined;
let lastRun = 0;
function updateFeedSoon(): void {
  if (!app.playing) { clearTimeout(throttle); throttle = undefined; lastRun = performance.now(); updateFeed(); return; }
  if (throttle !== undefined) return;
  throttle = setTimeout(() => { throttle = undefined; lastRun = performance.now(); updateFeed(); }, Math.max(0, 250 - (performance.now() - lastRun)));
}

export function buildFeed(): void {
  on("date", updateFeedSoon);
  on("toggles", updateFeed);
  app.map.on("moveend", updateFeed);
  document.getElementById("feed-toggle")!.addEventListener("click", () => showTab("feed", "toggle"));
  updateFeed();
}
