// Honest dates: what the page says when the date asked for is not one the records cover. The date shown stays the one asked
// for; the note says what the map is (the last record's state, or nothing reported yet). A `known_at` view says so in a banner.
import { dateNote, formatKnownAt, invalidDateMessage } from "./honestdates";
import { el, clear } from "./dom";
import { app, on } from "./state";
import { formatView } from "./urlstate";

export function buildNotices(): void {
  const box = document.getElementById("notices")!;
  const dateBox = el("p", { class: "notice date-note", role: "status", hidden: "" });
  box.append(dateBox);
  const invalid = invalidDateMessage(new URLSearchParams(location.search).get("date"));
  if (invalid) {
    const close = el("button", { type: "button", class: "notice-close", "aria-label": "Dismiss" }, "×");
    const note = el("p", { class: "notice invalid-date", role: "alert" }, invalid, close);
    close.addEventListener("click", () => note.remove());
    box.prepend(note);
  }
  if (app.knownAt) {
    const live = new URLSearchParams(formatView({ date: app.current, camera: null, place: app.openPlace, compare: null,
      hiddenFactions: [...app.hiddenFactions], hiddenLayers: [...app.hiddenLayers], knownAt: null }));
    box.prepend(el("p", { class: "notice known-at", role: "note" }, `The map as published on ${formatKnownAt(app.knownAt)}: later reports are left out. `,
      el("a", { href: `/?${live.toString()}` }, "Show the latest")));
  }
  const refresh = ({ date }: { date: string }) => {
    const text = dateNote(date, app.first, app.last);
    dateBox.hidden = text === null;
    clear(dateBox);
    if (text) dateBox.append(text);
  };
  on("date", refresh);
  refresh({ date: app.current });
}
