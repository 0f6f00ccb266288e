import { test } from "node:test";
import assert from "node:assert/strict";
import { embedUrl, formatView, iframeSnippet, parseCamera, parseEmbed, parseView } from "../src/urlstate";
import { escapeHtml, safeHttpUrl } from "../src/text";

test("a link's date, position, panel and toggles are read back", () => {
  const v = parseView("?date=2019-12-02&map=9/35.62/36.93&place=ejaz-idlib&compare=2019-11-29&hide=ISIS,SDF&layers_off=labels");
  assert.equal(v.date, "2019-12-02");
  assert.deepEqual(v.camera, { zoom: 9, lat: 35.62, lon: 36.93 });
  assert.equal(v.place, "ejaz-idlib");
  assert.equal(v.compare, "2019-11-29");
  assert.deepEqual(v.hiddenFactions, ["ISIS", "SDF"]);
  assert.deepEqual(v.hiddenLayers, ["labels"]);
});

test("invalid values in a link are ignored, not trusted", () => {
  const v = parseView("?date=2019-02-30&map=99/1/2&compare=yesterday");
  assert.equal(v.date, null);
  assert.equal(v.camera, null);
  assert.equal(v.compare, null);
  assert.equal(parseCamera("8/91/0"), null);
  assert.equal(parseCamera("8/abc/0"), null);
});

test("the view is written in a stable, readable order and round-trips", () => {
  const v = { date: "2019-12-02", camera: { zoom: 9, lat: 35.6235, lon: 36.9285 }, place: "ejaz-idlib", compare: null, hiddenFactions: ["ISIS"], hiddenLayers: [] };
  const text = formatView(v);
  assert.equal(text, "date=2019-12-02&map=9/35.62350/36.92850&place=ejaz-idlib&hide=ISIS");
  assert.equal(parseView("?" + text).date, "2019-12-02");
  assert.equal(formatView({ ...v, camera: null, place: null, hiddenFactions: [] }), "date=2019-12-02");
});

test("embed options: range, bbox, autoplay, controls and legend", () => {
  const e = parseEmbed("?from=2019-11-01&to=2019-12-31&bbox=36,35,37.5,36&autoplay=1&controls=0&legend=1");
  assert.deepEqual(e, { from: "2019-11-01", to: "2019-12-31", bbox: [36, 35, 37.5, 36], autoplay: true, controls: false, legend: true });
  assert.deepEqual(parseEmbed("?bbox=37,35,36,36"), { from: null, to: null, bbox: null, autoplay: false, controls: true, legend: false });
});

test("the embed snippet escapes what it quotes", () => {
  const src = embedUrl("http://example.org", "2019-12-02", [36.1234, 35, 37, 36]);
  assert.equal(src, "http://example.org/embed?date=2019-12-02&bbox=36.123,35.000,37.000,36.000");
  const html = iframeSnippet(src, `Map "quoted" <b>`);
  assert.ok(html.startsWith('<iframe src="http://example.org/embed?date=2019-12-02&amp;bbox='));
  assert.ok(html.includes('title="Map &quot;quoted&quot; &lt;b&gt;"'));
});

test("text from sources is escaped and only http(s) links are linked", () => {
  assert.equal(escapeHtml(`<img src=x onerror="alert(1)">&'`), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
  assert.equal(safeHttpUrl("javascript:alert(1)"), null);
  assert.equal(safeHttpUrl("data:text/html,<b>"), null);
  assert.equal(safeHttpUrl("/relative"), null);
  assert.equal(safeHttpUrl("https://example.org/a b"), "https://example.org/a%20b");
});
