// The place panel: names, controller, status, since, last confirmed, and the whole history with every source.
import { formatLong } from "./dates";
import { el } from "./dom";
import { PlaceHistory, placeStateAt } from "./history";
import { safeHttpUrl } from "./text";
import type { Faction } from "./timeline";

const STATUS_TEXT: Record<string, string> = {
  held: "held (confirmed)", contested: "contested", claimed: "claimed (unconfirmed)", unknown: "unknown",
};

function factionName(factions: Map<string, Faction>, id: string | null | undefined): string {
  if (!id) return "none";
  return factions.get(id)?.name ?? id;
}

function swatch(factions: Map<string, Faction>, id: string | null | undefined): HTMLElement {
  const s = el("span", { class: "swatch", "aria-hidden": "true" });
  s.style.background = (id && factions.get(id)?.color) || "#9a9a9a";
  return s;
}

/** The panel's content for the place on `date`. */
export function renderPlacePanel(h: PlaceHistory, date: string, factions: Map<string, Faction>): HTMLElement {
  const state = placeStateAt(h, date);
  const root = el("div", { class: "place", "data-place": h.place.id });
  root.append(el("h2", { id: "panel-title" }, h.place.name));
  if (h.place.names.length) root.append(el("p", { class: "names", dir: "auto" }, `Also ${h.place.names.join(", ")}`));
  const admin = h.place.admin ? [h.place.admin.subdistrict, h.place.admin.district, h.place.admin.governorate].filter(Boolean).join(", ") : "";
  root.append(el("p", { class: "muted" }, [h.place.kind, admin].filter(Boolean).join(" · ") + (h.place.approximate ? " · location approximate" : "")));

  const dl = el("dl", { class: "state" });
  const row = (term: string, ...value: (Node | string)[]) => dl.append(el("dt", {}, term), el("dd", {}, ...value));
  row(`On ${formatLong(date)}`, state ? swatch(factions, state.faction) : "", state ? factionName(factions, state.faction) : "no report yet");
  if (state) {
    row("Status", el("span", { class: `status status-${state.status}` }, STATUS_TEXT[state.status] ?? state.status),
      state.status === "contested" && state.factions.length ? ` (between ${state.factions.map(f => factions.get(f)?.short_name ?? f).join(" and ")})` : "");
    row("Since", state.since ? formatLong(state.since) : "unknown");
    row("Last confirmed", state.last_confirmed ? formatLong(state.last_confirmed) : "never");
    row("Sources behind it", String(state.sources));
  }
  root.append(dl);

  root.append(el("h3", {}, "History and sources"));
  const list = el("ol", { class: "history" });
  for (const r of h.records) {
    const later = r.valid_from.slice(0, 10) > date;
    const item = el("li", { class: `record${later ? " later" : ""}${r.retracted ? " retracted" : ""}`, "data-record": r.id });
    const what = r.kind === "retraction" ? "retraction" : `${r.kind}: ${factionName(factions, r.faction)}`;
    item.append(el("div", { class: "record-head" },
      el("time", { datetime: r.valid_from }, r.valid_from.length > 10 ? r.valid_from.replace("T", " ") : formatLong(r.valid_from)),
      r.valid_to_approx ? ` to about ${formatLong(r.valid_to_approx)}` : "",
      " · ", r.faction ? swatch(factions, r.faction) : "", what,
      " · ", el("span", { class: `status status-${r.status}` }, r.claim_of ? `claimed ${r.claim_of}` : r.status),
      later ? el("span", { class: "badge" }, "later") : "", r.retracted ? el("span", { class: "badge" }, "retracted") : ""));
    if (r.note) item.append(el("p", { class: "note" }, r.note));
    const sources = el("ul", { class: "sources" });
    for (const s of r.sources) {
      const url = safeHttpUrl(s.url);
      const title = s.title ?? s.id;
      sources.append(el("li", { class: "source" },
        el("span", { class: "publisher" }, s.publisher ?? "unknown publisher"),
        s.published ? `, ${formatLong(s.published)}` : "",
        ": ",
        url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", class: "source-title" }, title)
          : el("cite", { class: "source-title" }, title),
        s.claimant ? el("span", { class: "claimant" }, ` (claim by ${s.claimant})`) : ""));
    }
    if (!r.sources.length) sources.append(el("li", { class: "muted" }, "no source cited"));
    item.append(sources);
    list.append(item);
  }
  root.append(list);
  return root;
}
