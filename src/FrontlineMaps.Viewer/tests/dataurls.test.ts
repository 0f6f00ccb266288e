import { test } from "node:test";
import assert from "node:assert/strict";
import { isKnownAt, pinQuery, snapshotUrl, tileTemplate, tileUrl, withKnownAt } from "../src/dataurls";
import { embedUrl, formatView, parseView } from "../src/urlstate";

const origin = "http://example.org";

test("tile URLs carry the server's data version, then known_at", () => {
  const pin = { version: "2f7b131ec3464b8afdaccfe894d2dde5", knownAt: null };
  assert.equal(tileTemplate(origin, "2019-12-02", pin), "http://example.org/tiles/2019-12-02/{z}/{x}/{y}.mvt?v=2f7b131ec3464b8afdaccfe894d2dde5");
  assert.equal(tileUrl(origin, "2019-12-02", 8, 154, 100, pin), "http://example.org/tiles/2019-12-02/8/154/100.mvt?v=2f7b131ec3464b8afdaccfe894d2dde5");
  const pinned = { version: "abc", knownAt: "2026-11-22T00:00:05Z" };
  assert.equal(tileTemplate(origin, "2019-12-02", pinned), "http://example.org/tiles/2019-12-02/{z}/{x}/{y}.mvt?v=abc&known_at=2026-11-22T00%3A00%3A05Z");
});

test("the prefetched tile is the very URL MapLibre fills in from the template (one browser cache entry)", () => {
  const pin = { version: "abc", knownAt: "2020-01-01" };
  const filled = tileTemplate(origin, "2020-12-24", pin).replace("{z}", "9").replace("{x}", "308").replace("{y}", "201");
  assert.equal(tileUrl(origin, "2020-12-24", 9, 308, 201, pin), filled);
});

test("without a version or cut-off a dated URL has no query; extra parameters follow the pin", () => {
  assert.equal(tileTemplate(origin, "2019-12-02", { version: null, knownAt: null }), "http://example.org/tiles/2019-12-02/{z}/{x}/{y}.mvt");
  assert.equal(pinQuery({ version: null, knownAt: null }), "");
  assert.equal(snapshotUrl(origin, "2019-12-02", "svg", { version: null, knownAt: "2026-11-22T00:00:22Z" }, { bbox: "36.000,35.000,37.000,36.000" }),
    "http://example.org/snapshots/2019-12-02.svg?known_at=2026-11-22T00%3A00%3A22Z&bbox=36.000%2C35.000%2C37.000%2C36.000");
  assert.equal(snapshotUrl(origin, "2019-12-02", "geojson", { version: "abc", knownAt: null }, { layer: "territory" }),
    "http://example.org/snapshots/2019-12-02.geojson?v=abc&layer=territory");
  // a token is always escaped, never trusted to be URL-safe
  assert.equal(pinQuery({ version: "a&b", knownAt: null }), "?v=a%26b");
});

test("API paths get known_at only when the view is pinned", () => {
  assert.equal(withKnownAt("/api/timeline", null), "/api/timeline");
  assert.equal(withKnownAt("/api/timeline", "2020-01-01"), "/api/timeline?known_at=2020-01-01");
  assert.equal(withKnownAt("/api/diff?from=a&to=b", "2026-11-22T00:00:05.5Z"), "/api/diff?from=a&to=b&known_at=2026-11-22T00%3A00%3A05.5Z");
});

test("known_at is read from a link when it is a date or an RFC 3339 instant, and kept in the view and the embed", () => {
  assert.ok(isKnownAt("2020-01-01"));
  assert.ok(isKnownAt("2026-11-22T00:00:05.1234567Z"));
  assert.ok(isKnownAt("2026-11-22T02:00:05+02:00"));
  assert.ok(!isKnownAt("yesterday"));
  assert.ok(!isKnownAt("2020-02-30"));
  assert.ok(!isKnownAt(null));
  const view = parseView("?date=2019-12-02&known_at=2026-11-22T00:00:05Z");
  assert.equal(view.knownAt, "2026-11-22T00:00:05Z");
  assert.equal(parseView("?date=2019-12-02&known_at=soon").knownAt, null);
  assert.equal(formatView({ ...view, camera: null }), "date=2019-12-02&known_at=2026-11-22T00:00:05Z");
  assert.equal(embedUrl(origin, "2019-12-02", null, { knownAt: "2026-11-22T00:00:22Z" }),
    "http://example.org/embed?date=2019-12-02&known_at=2026-11-22T00:00:22Z");
});
