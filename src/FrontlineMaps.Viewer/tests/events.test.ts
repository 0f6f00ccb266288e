import { test } from "node:test";
import assert from "node:assert/strict";
import { cellText, monthsCovering, nextLink, nextMonth, parseChangeCsv, selectFeed } from "../src/events";

const csv = [
  "id,place,place_name,lon,lat,faction,valid_from,valid_to_approx,kind,status,claim_of,sources,publishers,claimants,recorded_at,recorded_by,retracts,retracted,reviews,verdict",
  'r1,ejaz,Ejaz,36.93,35.62,SAA,2019-12-01T10:00Z,,capture,held,,s1;s2,"Agency ""A"", Ltd;Outlet B",;FSA,2020-01-01T00:00:00Z,ed,,false,,',
  "r2,tell,Tell X,37.5,36.1,SNA,2019-11-30,,capture,claimed,held,s3,Outlet C,SNA,2020-01-01T00:00:00Z,ed,,false,,",
  "r3,far,Far Away,42.0,33.0,HTS,2019-11-05,,confirmation,held,,s4,Outlet D,,2020-01-01T00:00:00Z,ed,,true,,",
  "r4,tell,Tell X,37.5,36.1,SAA,2019-12-03,,capture,held,,s5,Outlet E,,2020-01-01T00:00:00Z,ed,,false,,",
].join("\r\n");

test("the change feed CSV is read with quoted fields, lists split on semicolons, and flags", () => {
  const events = parseChangeCsv(csv);
  assert.equal(events.length, 4);
  assert.deepEqual(events[0].publishers, ['Agency "A", Ltd', "Outlet B"]);
  assert.deepEqual(events[0].claimants, ["", "FSA"]);
  assert.equal(events[1].claimOf, "held");
  assert.equal(events[2].retracted, true);
  assert.equal(events[0].lon, 36.93);
});

test("the feed at a date lists the records up to it, newest first, inside the view, without hidden factions", () => {
  const events = parseChangeCsv(csv);
  const q = { date: "2019-12-02", days: 30, bounds: null, hiddenFactions: new Set<string>(), limit: 10 };
  assert.deepEqual(selectFeed(events, q).items.map(e => e.id), ["r1", "r2", "r3"], "r4 is after the date");
  assert.deepEqual(selectFeed(events, { ...q, bounds: [36, 35, 38, 37] }).items.map(e => e.id), ["r1", "r2"], "r3 is outside the view");
  assert.deepEqual(selectFeed(events, { ...q, hiddenFactions: new Set(["SAA"]) }).items.map(e => e.id), ["r2", "r3"]);
  assert.deepEqual(selectFeed(events, { ...q, days: 3 }).items.map(e => e.id), ["r1", "r2"], "3 days: 30 Nov to 2 Dec");
  const limited = selectFeed(events, { ...q, limit: 1 });
  assert.deepEqual([limited.items.map(e => e.id), limited.total], [["r1"], 3]);
});

test("month windows cover a range across a year end", () => {
  assert.deepEqual(monthsCovering("2019-11-20", "2020-01-05"), ["2019-11-01", "2019-12-01", "2020-01-01"]);
  assert.equal(nextMonth("2019-12-01"), "2020-01-01");
});

test("a cell the server neutralised against spreadsheet formulas reads as written; other quotes stay", () => {
  assert.equal(cellText("'-Tell"), "-Tell");
  assert.equal(cellText("'=1+1"), "=1+1");
  assert.equal(cellText("'s-Hertogenbosch"), "'s-Hertogenbosch");
  assert.equal(parseChangeCsv(csv.replace("Tell X,37.5", "'-Tell X,37.5"))[1].placeName, "-Tell X");
});

test("the next page of the change feed is read from the Link header", () => {
  assert.equal(nextLink('<http://h/api/changes.csv?from=a&offset=1000>; rel="next"; type="text/csv", <http://h/x>; rel="prev"'), "http://h/api/changes.csv?from=a&offset=1000");
  assert.equal(nextLink('<http://h/x>; rel="prev"'), null);
  assert.equal(nextLink(null), null);
});
