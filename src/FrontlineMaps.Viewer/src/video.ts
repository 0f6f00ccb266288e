// The time-lapse: the map drawn date by date into a WebM, with the date, the legend and the attribution burned in. Every
// map change inside the range gets a frame; the length and an estimate of the size are shown before recording.
import { addDays, daysBetween, formatLong, isIsoDate } from "./dates";
import { el, clear } from "./dom";
import { buffers, setDate, writeUrl } from "./navigation";
import { setPlaying } from "./controls";
import { app, metrics } from "./state";

const FRAME_MS = 66;
/** Regular frames across the range (the change days are added to them). */
const GRID_FRAMES = 150;
/** A rough VP8/VP9 rate for a map canvas (bits per second per megapixel), for the estimate only. */
const BITS_PER_MEGAPIXEL_SECOND = 1_500_000;

/** The dates a time-lapse of [from, to] shows: a regular grid plus every map change inside it, sorted. */
export function videoDates(from: string, to: string, changeDates: readonly string[]): string[] {
  const step = Math.max(1, Math.round(daysBetween(from, to) / GRID_FRAMES));
  const set = new Set<string>();
  for (let d = from; d <= to; d = addDays(d, step)) set.add(d);
  set.add(to);
  for (const c of changeDates) if (c >= from && c <= to) set.add(c);
  return [...set].sort();
}

export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${Math.round(n / 1e3)} kB` : `${n} bytes`;
}

function estimate(from: string, to: string): string {
  const frames = videoDates(from, to, app.changeDates).length;
  const seconds = (frames * FRAME_MS) / 1000;
  const canvas = app.map.getCanvas();
  const bytes = (seconds * BITS_PER_MEGAPIXEL_SECOND * (canvas.width * canvas.height) / 1e6) / 8;
  return `${frames} frames (every change day included), about ${seconds.toFixed(0)} s, roughly ${formatBytes(Math.round(bytes))}`;
}

function drawOverlay(ctx: CanvasRenderingContext2D, width: number, height: number): void {
  const h = Math.max(12, Math.round(height / 14));
  ctx.fillStyle = "rgba(255,255,255,0.88)";
  ctx.fillRect(0, height - h * 1.6, width, h * 1.6);
  ctx.fillStyle = "#111";
  ctx.font = `bold ${h}px sans-serif`;
  ctx.textBaseline = "alphabetic";
  ctx.fillText(`${formatLong(app.current)} · FrontlineMaps`, h * 0.5, height - h * 0.5);
  // attribution, top right, in its own box
  const small = Math.max(10, Math.round(h * 0.42));
  ctx.font = `${small}px sans-serif`;
  const attribution = "FrontlineMaps: sources on every place · Natural Earth";
  const aw = ctx.measureText(attribution).width;
  ctx.fillStyle = "rgba(255,255,255,0.88)";
  ctx.fillRect(width - aw - small * 1.5, small * 0.5, aw + small, small * 1.6);
  ctx.fillStyle = "#333";
  ctx.fillText(attribution, width - aw - small, small * 1.6);
  // legend, top left: the factions shown
  const shown = app.timeline.factions.filter(f => !app.hiddenFactions.has(f.id));
  const row = small * 1.5;
  const boxW = Math.min(width * 0.4, small * 16), boxH = row * (shown.length + 1) + small * 0.6;
  ctx.fillStyle = "rgba(255,255,255,0.92)";
  ctx.fillRect(small, small, boxW, boxH);
  shown.forEach((f, i) => {
    const y = small + row * (i + 1);
    ctx.fillStyle = f.color;
    ctx.fillRect(small * 1.6, y - small * 0.85, small, small);
    ctx.fillStyle = "#111";
    ctx.fillText(f.short_name ?? f.name, small * 3.1, y);
  });
  ctx.strokeStyle = "#b3001b"; ctx.lineWidth = 3;
  const y = small + row * (shown.length + 1);
  ctx.beginPath(); ctx.moveTo(small * 1.6, y - small * 0.4); ctx.lineTo(small * 2.6, y - small * 0.4); ctx.stroke();
  ctx.fillStyle = "#111";
  ctx.fillText("front line, hatched: contested", small * 3.1, y);
}

async function recordVideo(from: string, to: string): Promise<void> {
  const status = document.getElementById("video-status")!;
  const mapCanvas = app.map.getCanvas();
  const canvas = document.createElement("canvas");
  canvas.width = mapCanvas.width;
  canvas.height = mapCanvas.height;
  const ctx = canvas.getContext("2d")!;
  const mime = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find(t => MediaRecorder.isTypeSupported(t));
  if (!mime) { status.textContent = "This browser cannot record WebM video."; return; }
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: mime });
  const chunks: Blob[] = [];
  recorder.ondataavailable = e => { if (e.data.size) chunks.push(e.data); };
  const done = new Promise<void>(resolve => { recorder.onstop = () => resolve(); });
  recorder.start();
  const frame = () => new Promise<void>(resolve => app.map.once("render", () => {
    ctx.drawImage(mapCanvas, 0, 0);
    drawOverlay(ctx, canvas.width, canvas.height);
    resolve();
  }));
  setPlaying(false);
  const dates = videoDates(from, to, app.changeDates);
  for (const d of dates) {
    status.textContent = `Recording ${formatLong(d)}…`;
    setDate(d, "none");
    await new Promise<void>(resolve => { const wait = () => (buffers.wanted ? setTimeout(wait, 20) : resolve()); wait(); });
    app.map.triggerRepaint();
    await frame();
    await new Promise(r => setTimeout(r, FRAME_MS));
  }
  recorder.stop();
  await done;
  const blob = new Blob(chunks, { type: "video/webm" });
  metrics.video = blob;
  metrics.videoFrame = canvas.toDataURL("image/png"); // the last frame as recorded (the tests look at it)
  const a = el("a", { href: URL.createObjectURL(blob), download: `frontlinemaps-${from}-${to}.webm` },
    `Download the time-lapse (${formatBytes(blob.size)}, ${dates.length} frames, ${((dates.length * FRAME_MS) / 1000).toFixed(0)} s)`);
  clear(status);
  status.append(a);
  writeUrl("push");
}

export function buildVideo(): void {
  const form = document.getElementById("video-form") as HTMLFormElement;
  const fromInput = document.getElementById("video-from") as HTMLInputElement;
  const toInput = document.getElementById("video-to") as HTMLInputElement;
  const note = document.getElementById("video-estimate")!;
  const range = () => [fromInput.value || app.first, toInput.value || app.last] as const;
  const refresh = () => {
    const [f, t] = range();
    note.textContent = isIsoDate(f) && isIsoDate(t) && f < t ? estimate(f, t) : "Choose a start before the end.";
  };
  fromInput.addEventListener("change", refresh);
  toInput.addEventListener("change", refresh);
  form.closest("details")?.addEventListener("toggle", refresh);
  form.addEventListener("submit", e => {
    e.preventDefault();
    const [f, t] = range();
    if (isIsoDate(f) && isIsoDate(t) && f < t) void recordVideo(f, t);
  });
}
