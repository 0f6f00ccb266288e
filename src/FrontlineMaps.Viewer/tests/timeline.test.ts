import { test } from "node:test";
import assert from "node:assert/strict";
import { advance, fraction, mapChangeDates, mergeTicks, nextChange, previousChange, stateDate, ticks, upcomingStates } from "../src/timeline";

const changes = ["2015-10-14", "2019-11-30", "2019-12-01", "2020-06-19", "2020-06-20", "2020-06-21", "2020-12-24"];

test("a date shows the map of the last date with records at or before it", () => {
  assert.equal(stateDate(changes, "2019-12-02"), "2019-12-01");
  assert.equal(stateDate(changes, "2019-12-01"), "2019-12-01");
  assert.equal(stateDate(changes, "2019-11-29"), "2015-10-14");
  assert.equal(stateDate(changes, "2010-01-01"), "2015-10-14"); // before the first record: the first map
  assert.equal(stateDate(changes, "2030-01-01"), "2020-12-24");
});

test("stepping goes to the next and previous dates with records", () => {
  assert.equal(nextChange(changes, "2019-11-29"), "2019-11-30");
  assert.equal(nextChange(changes, "2019-11-30"), "2019-12-01");
  assert.equal(nextChange(changes, "2020-12-24"), null);
  assert.equal(previousChange(changes, "2019-12-01"), "2019-11-30");
  assert.equal(previousChange(changes, "2019-12-05"), "2019-12-01");
  assert.equal(previousChange(changes, "2015-10-14"), null);
});

test("playback advances by days per second, carries fractions, stops or loops at the ends", () => {
  const p = { daysPerSecond: 30, reverse: false, loop: false };
  assert.deepEqual(advance("2019-01-01", "2015-10-14", "2020-12-24", p, 1000), { date: "2019-01-31", carry: 0, stop: false });
  const slow = advance("2019-01-01", "2015-10-14", "2020-12-24", { ...p, daysPerSecond: 1 }, 16);
  assert.equal(slow.date, "2019-01-01");
  assert.ok(slow.carry > 0.015 && slow.carry < 0.017);
  assert.deepEqual(advance("2020-12-20", "2015-10-14", "2020-12-24", p, 1000), { date: "2020-12-24", carry: 0, stop: true });
  assert.deepEqual(advance("2020-12-24", "2015-10-14", "2020-12-24", { ...p, loop: true }, 1000), { date: "2015-10-14", carry: 0, stop: false });
  assert.deepEqual(advance("2015-10-20", "2015-10-14", "2020-12-24", { ...p, reverse: true }, 1000), { date: "2015-10-14", carry: 0, stop: true });
  assert.deepEqual(advance("2019-01-31", "2015-10-14", "2020-12-24", { ...p, reverse: true }, 1000), { date: "2019-01-01", carry: 0, stop: false });
});

test("ticks sit at each change's place on the slider; close ones merge", () => {
  assert.equal(fraction("2015-10-14", "2015-10-14", "2020-12-24"), 0);
  assert.equal(fraction("2020-12-24", "2015-10-14", "2020-12-24"), 1);
  const t = ticks({ first_date: "2015-10-14", last_date: "2020-12-24", dates: changes.map((date, i) => ({ date, total: i === 1 ? 7 : 1, factions: {} })) });
  assert.equal(t.length, 7);
  assert.equal(t[1].height, 1);
  const merged = mergeTicks(t, 0.006);
  assert.deepEqual(merged.map(m => m.dates.length), [1, 2, 3, 1]);
  assert.equal(merged[1].date, "2019-11-30");
});

test("prefetching looks ahead in the direction of playback", () => {
  assert.deepEqual(upcomingStates(changes, "2019-12-02", false, 2), ["2020-06-19", "2020-06-20"]);
  assert.deepEqual(upcomingStates(changes, "2019-12-02", true, 2), ["2019-11-30", "2015-10-14"]);
});

test("the days a dated alliance starts or ends are map changes too, so a date after one shows its fronts", () => {
  const data = { dates: changes.map(date => ({ date, total: 1, factions: {} })), alliance_days: ["2016-01-01", "2019-12-01", "2018-06-01"] };
  const all = mapChangeDates(data);
  assert.deepEqual(all, ["2015-10-14", "2016-01-01", "2018-06-01", "2019-11-30", "2019-12-01", "2020-06-19", "2020-06-20", "2020-06-21", "2020-12-24"]);
  assert.equal(stateDate(all, "2018-07-01"), "2018-06-01"); // not 2015-10-14: the alliance ended on 2018-06-01
  assert.equal(nextChange(all, "2016-01-01"), "2018-06-01");
  assert.deepEqual(mapChangeDates({ dates: data.dates }), changes); // a server without alliance_days
});
