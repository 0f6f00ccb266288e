import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, clampDate, daysBetween, formatLong, fromDayNumber, isIsoDate, toDayNumber } from "../src/dates";

test("real calendar dates are recognised and impossible ones are not", () => {
  assert.equal(isIsoDate("2019-12-02"), true);
  assert.equal(isIsoDate("2020-02-29"), true);
  assert.equal(isIsoDate("2019-02-29"), false);
  assert.equal(isIsoDate("2019-13-01"), false);
  assert.equal(isIsoDate("2019-12-2"), false);
  assert.equal(isIsoDate("2019-12-02T00:00Z"), false);
  assert.equal(isIsoDate(null), false);
});

test("day arithmetic crosses months, leap days and years", () => {
  assert.equal(addDays("2019-11-30", 1), "2019-12-01");
  assert.equal(addDays("2020-02-28", 1), "2020-02-29");
  assert.equal(addDays("2020-01-01", -1), "2019-12-31");
  assert.equal(daysBetween("2015-10-14", "2020-12-24"), 1898);
  assert.equal(fromDayNumber(toDayNumber("2019-12-02")), "2019-12-02");
});

test("dates are clamped into the data's range and written for people", () => {
  assert.equal(clampDate("2010-01-01", "2015-10-14", "2020-12-24"), "2015-10-14");
  assert.equal(clampDate("2030-01-01", "2015-10-14", "2020-12-24"), "2020-12-24");
  assert.equal(clampDate("2019-12-02", "2015-10-14", "2020-12-24"), "2019-12-02");
  assert.equal(formatLong("2019-12-02"), "2 December 2019");
});
