// The share dialog: the link to this view, the iframe snippet and the static map, pinned to the knowledge this page shows.
import { formatLong } from "./dates";
import { snapshotUrl } from "./dataurls";
import { currentView } from "./navigation";
import { app } from "./state";
import { embedUrl, formatView, iframeSnippet } from "./urlstate";

function visibleBbox(): [number, number, number, number] {
  const b = app.map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

export function openShare(): void {
  const dialog = document.getElementById("share") as HTMLDialogElement;
  // The link opens the live viewer (later records included) unless this view is itself pinned. The embed and the static image
  // are pinned to the last record this page has seen: an article keeps showing the map its text was written against.
  const link = `${app.origin}/?${formatView({ ...currentView(), compare: null })}`;
  const publishedAt = app.knownAt ?? app.timeline.recorded_until ?? null;
  const bbox = visibleBbox();
  const src = embedUrl(app.origin, app.current, bbox, { knownAt: publishedAt });
  const image = snapshotUrl(app.origin, app.current, "svg", { version: null, knownAt: publishedAt },
    { bbox: [Math.max(-180, bbox[0]), Math.max(-85, bbox[1]), Math.min(180, bbox[2]), Math.min(85, bbox[3])].map(n => n.toFixed(3)).join(",") });
  (document.getElementById("share-link") as HTMLInputElement).value = link;
  (document.getElementById("share-image") as HTMLInputElement).value = image;
  if (app.knownAt) document.getElementById("share-note")!.textContent =
    `This view shows the map as published at ${app.knownAt}: the link, the embed and the static map keep that cut-off.`;
  (document.getElementById("share-embed") as HTMLTextAreaElement).value = iframeSnippet(src, `Control of territory on ${formatLong(app.current)} (FrontlineMaps)`);
  dialog.showModal();
}

async function copyFrom(id: string, button: HTMLButtonElement): Promise<void> {
  const field = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement;
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select();
    document.execCommand("copy");
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

export function buildShare(): void {
  document.getElementById("share-open")!.addEventListener("click", openShare);
  document.getElementById("share-close")!.addEventListener("click", () => (document.getElementById("share") as HTMLDialogElement).close());
  for (const [button, field] of [["copy-link", "share-link"], ["copy-embed", "share-embed"], ["copy-image", "share-image"]] as const) {
    const b = document.getElementById(button) as HTMLButtonElement;
    b.addEventListener("click", () => void copyFrom(field, b));
  }
}
