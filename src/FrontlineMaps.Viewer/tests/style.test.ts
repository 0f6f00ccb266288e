import { test } from "node:test";
import assert from "node:assert/strict";
import { bufferLayers, GROUP_OF, layerFilter, SHOWN_PAINT } from "../src/style";

const inputs = { factions: [{ id: "SAA", name: "Government", color: "#d7301f" }], hiddenFactions: new Set<string>(), hiddenLayers: new Set<string>(),
  compareIds: [] as string[], selected: null as string | null };

test("a buffer's layers start transparent, each has a shown opacity and a legend group", () => {
  const layers = bufferLayers("s1", "fm-s1", "2019-12-02", false, inputs);
  for (const l of layers) {
    const name = l.id.slice("s1-".length);
    assert.ok(SHOWN_PAINT[name], `${name} has shown opacities`);
    assert.ok(GROUP_OF[name], `${name} has a legend group`);
    for (const prop of Object.keys(SHOWN_PAINT[name])) assert.equal((l as { paint: Record<string, unknown> }).paint[prop], 0, `${name} ${prop} hidden`);
  }
});

test("a hidden faction is filtered out of places and territory but not of the contested hatching", () => {
  const hidden = { ...inputs, hiddenFactions: new Set(["SNA"]) };
  assert.match(JSON.stringify(layerFilter("places", "2019-12-02", hidden)), /"SNA"/);
  assert.match(JSON.stringify(layerFilter("territory", "2019-12-02", hidden)), /"SNA"/);
  assert.doesNotMatch(JSON.stringify(layerFilter("contested", "2019-12-02", hidden)), /SNA/);
  assert.equal(layerFilter("places", "2019-12-02", inputs), null);
});

test("the selection ring shows only the open place; the comparison ring only the listed ones", () => {
  assert.deepEqual(layerFilter("selected", "2019-12-02", { ...inputs, selected: "ejaz-idlib" }), ["==", ["get", "id"], "ejaz-idlib"]);
  assert.deepEqual(layerFilter("selected", "2019-12-02", inputs), ["==", ["get", "id"], ""]);
  assert.deepEqual(layerFilter("compare", "2019-12-02", { ...inputs, compareIds: ["a", "b"] }), ["in", ["get", "id"], ["literal", ["a", "b"]]]);
});

test("recent captures are those of the 14 days up to the date", () => {
  const f = JSON.stringify(layerFilter("recent", "2019-12-02", inputs));
  assert.match(f, /"2019-11-18"/);
  assert.match(f, /"2019-12-02"/);
});
