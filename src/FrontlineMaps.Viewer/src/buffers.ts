// Double-buffered map states. The tiles of one map state (one date the map changes on) are a source with its layers. A new
// state gets a new buffer, drawn invisibly until its tiles are in, then shown in the same frame as the old one is removed:
// no blank map, no flicker. Talks to the map only through `BufferMap`, so node tests drive it with a fake.
import type { LayerSpecification } from "maplibre-gl";

/** The few map calls the buffers make (a subset of maplibregl.Map). */
export interface BufferMap {
  addSource(id: string, source: { type: "vector"; tiles: string[]; minzoom: number; maxzoom: number }): unknown;
  removeSource(id: string): unknown;
  getSource(id: string): unknown;
  addLayer(layer: LayerSpecification, before?: string): unknown;
  removeLayer(id: string): unknown;
  getLayer(id: string): unknown;
  getStyle(): { layers: { id: string }[] };
  isSourceLoaded(id: string): boolean;
}

export interface TileBuffer { id: string; source: string; state: string; }

/** What the buffers need from the style: the tile URL of a state and the layers of a buffer. */
export interface BufferStyle {
  tiles(state: string): string;
  layers(bufferId: string, source: string, shown: boolean): LayerSpecification[];
  /** Makes `shown` visible and every other live buffer transparent (constant opacities only). */
  show(shown: TileBuffer, live: readonly TileBuffer[]): void;
  /** Layer the buffers go below (the town names). */
  before: string;
}

/** The result of asking for a state: already on screen, or loading in a pending buffer. */
export type Request = "shown" | "loading";

export class Buffers {
  private count = 0;
  active: TileBuffer = { id: "", source: "", state: "" };
  pending: TileBuffer | null = null;
  /** The state asked for and not yet on screen, or null. */
  wanted: string | null = null;

  constructor(private readonly map: BufferMap, private readonly style: BufferStyle) {}

  live(): TileBuffer[] { return this.pending ? [this.active, this.pending] : [this.active]; }

  /** Creates the first buffer, shown at once. */
  start(state: string): void { this.active = this.add(state, true); }

  /** Asks for a state: nothing to do when it is on screen; else a pending buffer loads it (replacing one for another state). */
  request(state: string): Request {
    if (state === this.active.state) {
      this.wanted = null;
      if (this.pending) { this.remove(this.pending); this.pending = null; }
      return "shown";
    }
    this.wanted = state;
    if (this.pending && this.pending.state !== state) { this.remove(this.pending); this.pending = null; }
    if (!this.pending) this.pending = this.add(state, false);
    return "loading";
  }

  /** When the pending buffer's tiles are in: shows it, removes the old one, returns the state now shown (else null). */
  swapIfLoaded(): string | null {
    const p = this.pending;
    if (!this.wanted || !p || p.state !== this.wanted || !this.map.isSourceLoaded(p.source)) return null;
    this.wanted = null;
    const old = this.active;
    this.active = p;
    this.pending = null;
    this.style.show(this.active, this.live());
    this.remove(old);
    return p.state;
  }

  private add(state: string, shown: boolean): TileBuffer {
    const id = `s${++this.count}`;
    const buffer: TileBuffer = { id, source: `fm-${id}`, state };
    this.map.addSource(buffer.source, { type: "vector", tiles: [this.style.tiles(state)], minzoom: 0, maxzoom: 14 });
    for (const layer of this.style.layers(id, buffer.source, shown)) this.map.addLayer(layer, this.style.before);
    return buffer;
  }

  private remove(b: TileBuffer): void {
    for (const layer of this.map.getStyle().layers) if (layer.id.startsWith(`${b.id}-`)) this.map.removeLayer(layer.id);
    if (this.map.getSource(b.source)) this.map.removeSource(b.source);
  }
}
