// The place panel: a headline that reads the place's state one way only (the contest, the claim, the holder), the last
// undisputed holder labelled as such, an age warning, the sources behind the state, and the whole history with every source.
import { daysBetween, formatLong } from "./dates";
import { el } from "./dom";
import { HistoryRecord, HistorySource, PlaceHistory, shapingRecord, summarize } from "./history";
import { safeHttpUrl } from "./text";
import type { Faction } from "./timeline";

/** A last confirmation older than this (days) on the date shown gets a warning (the map fades such places too). */
export const AGE_WARNING_DAYS = 180;

function factionName(factions: Map<string, Faction>, id: string | null | undefined): string {
  if (!id) return "none";
  return factions.get(id)?.name ?? id;
}
const shortName = (factions: Map<string, Faction>, id: string) => factions.get(id)?.short_name ?? factions.get(id)?.name ?? id;

function swatch(factions: Map<string, Faction>, id: string | null | undefined): HTMLElement {
  const s = el("span", { class: "swatch", "aria-hidden": "true" });
  s.style.background = (id && factions.get(id)?.color) || "#9a9a9a";
  return s;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** One source: publisher, date, title (a link when it has a safe http(s) URL, else says it has none), and the claimant. */
export function sourceItem(s: HistorySource): HTMLElement {
  const url = safeHttpUrl(s.url);
  const title = s.title ?? s.id;
  return el("li", { class: "source" },
    el("span", { class: "publisher" }, s.publisher ?? "unknown publisher"),
    s.published ? `, ${formatLong(s.published)}` : "",
    ": ",
    url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", class: "source-title" }, title)
      : el("cite", { class: "source-title" }, title),
    url ? "" : el("span", { class: "no-link muted" }, " (no link given)"),
    s.claimant ? el("span", { class: "claimant" }, ` — claim by ${s.claimant}`) : "");
}

/** The panel's content for the place on `date`. */
export function renderPlacePanel(h: PlaceHistory, date: string, factions: Map<string, Faction>): HTMLElement {
  const summary = summarize(h, date, daysBetween);
  const root = el("div", { class: "place", "data-place": h.place.id });
  root.append(el("h2", { id: "panel-title" }, h.place.name));
  if (h.place.names.length) root.append(el("p", { class: "names", dir: "auto" }, `Also ${h.place.names.join(", ")}`));
  const admin = h.place.admin ? [h.place.admin.subdistrict, h.place.admin.district, h.place.admin.governorate].filter(Boolean).join(", ") : "";
  root.append(el("p", { class: "muted" }, [h.place.kind, admin].filter(Boolean).join(" · ") + (h.place.approximate ? " · location approximate" : "")));

  const names = (ids: string[]) => joinNames(ids.map(id => shortName(factions, id)));
  const since = summary.since ? ` since ${formatLong(summary.since)}` : "";
  const headline = el("p", { class: `headline status-${summary.kind}`, "data-kind": summary.kind });
  const secondary = el("p", { class: "secondary" });
  switch (summary.kind) {
    case "none":
      headline.append(`No report yet on ${formatLong(date)}`);
      break;
    case "held":
      headline.append(swatch(factions, summary.factions[0]), `Held by ${factionName(factions, summary.factions[0])}${since}`);
      break;
    case "contested":
      headline.append(...summary.factions.map(f => swatch(factions, f)), `Contested between ${names(summary.factions)}${since}`);
      secondary.append(el("span", { class: "label" }, "Last undisputed holder: "), summary.previous ? swatch(factions, summary.previous) : "",
        summary.previous ? factionName(factions, summary.previous) : "none known");
      break;
    case "claimed":
      headline.append(...summary.factions.map(f => swatch(factions, f)),
        summary.claimOf === "contested" ? `Claimed to be contested (${names(summary.factions)})${since}` : `Claimed by ${names(summary.factions)}${since}`,
        "; last confirmed: ", summary.previous ? shortName(factions, summary.previous) : "none");
      secondary.append("An unconfirmed claim: no independent report confirms it yet.");
      break;
  }
  root.append(el("p", { class: "on-date muted" }, `On ${formatLong(date)}`), headline);
  if (secondary.childNodes.length) root.append(secondary);

  if (summary.kind !== "none") {
    const dl = el("dl", { class: "state" });
    const row = (term: string, ...value: (Node | string)[]) => dl.append(el("dt", {}, term), el("dd", {}, ...value));
    row("Last confirmed", summary.lastConfirmed ? formatLong(summary.lastConfirmed) : "never");
    root.append(dl);
    if (summary.ageDays !== null && summary.ageDays > AGE_WARNING_DAYS)
      root.append(el("p", { class: "age-warning", role: "note" }, `Last confirmed ${summary.ageDays} days earlier: the situation may have changed since.`));
    else if (summary.ageDays === null)
      root.append(el("p", { class: "age-warning", role: "note" }, "Never confirmed by an independent report."));
    // the records that made the state: those from the day it began to the date shown (a contest has one per side)
    const since = summary.since ?? shapingRecord(h, date)?.valid_from.slice(0, 10) ?? date;
    const behind = h.records.filter(r => r.state_after && !r.retracted && r.valid_from.slice(0, 10) >= since && r.valid_from.slice(0, 10) <= date);
    if (behind.length) {
      root.append(el("h3", {}, "Sources behind this state"));
      const seen = new Set<string>();
      const list = el("ul", { class: "sources behind" });
      for (const r of behind) for (const s of r.sources) if (!seen.has(s.id)) { seen.add(s.id); list.append(sourceItem(s)); }
      if (!seen.size) list.append(el("li", { class: "muted" }, "no source cited"));
      root.append(list);
    }
  }

  root.append(el("h3", {}, "History and sources"));
  const list = el("ol", { class: "history" });
  for (const r of h.records) list.append(recordItem(r, date, factions));
  root.append(list);
  return root;
}

function sourceList(r: HistoryRecord): HTMLElement {
  const sources = el("ul", { class: "sources" });
  for (const s of r.sources) sources.append(sourceItem(s));
  if (!r.sources.length) sources.append(el("li", { class: "muted" }, "no source cited"));
  return sources;
}

function recordItem(r: HistoryRecord, date: string, factions: Map<string, Faction>): HTMLElement {
  const later = r.valid_from.slice(0, 10) > date;
  const item = el("li", { class: `record${later ? " later" : ""}${r.retracted ? " retracted" : ""}`, "data-record": r.id });
  const what = r.kind === "retraction" ? "retraction"
    : r.status === "claimed" ? (r.claim_of === "contested" ? `claim of fighting: ${factionName(factions, r.faction)}` : `claimed by ${factionName(factions, r.faction)}`)
    : `${r.kind}: ${factionName(factions, r.faction)}`;
  item.append(el("div", { class: "record-head" },
    el("time", { datetime: r.valid_from }, r.valid_from.length > 10 ? r.valid_from.replace("T", " ") : formatLong(r.valid_from)),
    r.valid_to_approx ? ` to about ${formatLong(r.valid_to_approx)}` : "",
    " · ", r.faction ? swatch(factions, r.faction) : "", what,
    " · ", el("span", { class: `status status-${r.status}` }, r.status === "claimed" ? "unconfirmed" : r.status),
    later ? el("span", { class: "badge" }, "later") : "", r.retracted ? el("span", { class: "badge" }, "retracted") : ""));
  if (r.note) item.append(el("p", { class: "note" }, r.note));
  item.append(sourceList(r));
  return item;
}
