import { test } from "node:test";
import assert from "node:assert/strict";
import type { LayerSpecification } from "maplibre-gl";
import { BufferMap, Buffers, TileBuffer } from "../src/buffers";

/** A map that only keeps sources and layers, with sources loaded when the test says so. */
class FakeMap implements BufferMap {
  sources = new Map<string, string>();
  layers: { id: string; before?: string }[] = [];
  loaded = new Set<string>();
  addSource(id: string, s: { tiles: string[] }) { this.sources.set(id, s.tiles[0]); }
  removeSource(id: string) { this.sources.delete(id); }
  getSource(id: string) { return this.sources.get(id); }
  addLayer(layer: LayerSpecification, before?: string) { this.layers.push({ id: layer.id, before }); }
  removeLayer(id: string) { this.layers = this.layers.filter(l => l.id !== id); }
  getLayer(id: string) { return this.layers.find(l => l.id === id); }
  getStyle() { return { layers: this.layers }; }
  isSourceLoaded(id: string) { return this.loaded.has(id); }
}

function setup() {
  const map = new FakeMap();
  const shown: string[] = [];
  const buffers = new Buffers(map, {
    tiles: state => `/tiles/${state}/{z}/{x}/{y}.mvt`,
    layers: (id, source) => [{ id: `${id}-places`, type: "circle", source, "source-layer": "places" } as LayerSpecification],
    show: (b: TileBuffer) => shown.push(b.state),
    before: "labels",
  });
  return { map, buffers, shown };
}

test("the first state is shown at once, below the town names", () => {
  const { map, buffers } = setup();
  buffers.start("2019-12-01");
  assert.equal(buffers.active.state, "2019-12-01");
  assert.deepEqual([...map.sources.values()], ["/tiles/2019-12-01/{z}/{x}/{y}.mvt"]);
  assert.deepEqual(map.layers, [{ id: "s1-places", before: "labels" }]);
});

test("a new state loads in a pending buffer and replaces the active one only when its tiles are in", () => {
  const { map, buffers, shown } = setup();
  buffers.start("2019-12-01");
  assert.equal(buffers.request("2019-12-27"), "loading");
  assert.equal(buffers.swapIfLoaded(), null, "not loaded yet: the old map stays");
  assert.equal(buffers.active.state, "2019-12-01");
  assert.equal(map.sources.size, 2);
  map.loaded.add(buffers.pending!.source);
  assert.equal(buffers.swapIfLoaded(), "2019-12-27");
  assert.equal(buffers.active.state, "2019-12-27");
  assert.equal(buffers.pending, null);
  assert.equal(buffers.wanted, null);
  assert.deepEqual(shown, ["2019-12-27"]);
  assert.deepEqual([...map.sources.keys()], ["fm-s2"], "the old buffer's source is gone");
  assert.deepEqual(map.layers.map(l => l.id), ["s2-places"]);
});

test("asking for a third state while the second loads drops the second; asking for the shown one drops the pending", () => {
  const { map, buffers } = setup();
  buffers.start("a");
  buffers.request("b");
  buffers.request("c");
  assert.equal(buffers.pending!.state, "c");
  assert.equal(map.sources.size, 2);
  assert.equal(buffers.request("a"), "shown");
  assert.equal(buffers.pending, null);
  assert.equal(buffers.wanted, null);
  assert.deepEqual([...map.sources.keys()], ["fm-s1"]);
});

test("asking again for the state already loading keeps its buffer (its tiles keep coming)", () => {
  const { map, buffers } = setup();
  buffers.start("a");
  buffers.request("b");
  const pending = buffers.pending;
  buffers.request("b");
  assert.equal(buffers.pending, pending);
  assert.equal(map.sources.size, 2);
});
