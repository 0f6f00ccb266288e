import { test } from "node:test";
import assert from "node:assert/strict";
import { distinctSources, PlaceHistory, placeStateAt } from "../src/history";

const source = (id: string) => ({ id, publisher: id, title: null, url: null, published: null, claimant: null });
const state = (status: string, faction: string | null) => ({ status, faction, factions: faction ? [faction] : [], since: null, last_confirmed: null, sources: 1 });
const h: PlaceHistory = {
  place: { id: "p", name: "P", names: [], kind: "village", lon: 0, lat: 0, approximate: false },
  records: [
    { id: "r1", faction: "HTS", valid_from: "2019-11-30", valid_to_approx: null, kind: "capture", status: "held", claim_of: null, sources: [source("a")],
      recorded_at: "", retracts: null, retracted: false, note: null, state_after: state("held", "HTS") },
    { id: "r2", faction: "SAA", valid_from: "2019-12-01T10:00Z", valid_to_approx: null, kind: "capture", status: "held", claim_of: null, sources: [source("b"), source("a")],
      recorded_at: "", retracts: null, retracted: false, note: null, state_after: state("contested", "HTS") },
  ],
};

test("a place's state on a date is the state after its last record by then", () => {
  assert.equal(placeStateAt(h, "2019-11-29"), null);
  assert.equal(placeStateAt(h, "2019-11-30")?.status, "held");
  assert.equal(placeStateAt(h, "2019-12-01")?.status, "contested"); // a timed record counts on its day
  assert.equal(placeStateAt(h, "2020-01-01")?.faction, "HTS");
});

test("every source is listed once, in order of first citation", () => {
  assert.deepEqual(distinctSources(h).map(s => s.id), ["a", "b"]);
});
