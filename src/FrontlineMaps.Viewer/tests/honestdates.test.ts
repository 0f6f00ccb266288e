import { test } from "node:test";
import assert from "node:assert/strict";
import { dateNote, formatKnownAt, invalidDateMessage } from "../src/honestdates";

test("a date after the last record or before the first says so; inside the range nothing is said", () => {
  assert.equal(dateNote("2020-12-25", "2015-10-14", "2020-12-24"), "No reports after 24 December 2020: the map shows the situation as of then.");
  assert.match(dateNote("2010-01-01", "2015-10-14", "2020-12-24")!, /^No reports yet on 1 January 2010/);
  assert.equal(dateNote("2019-12-02", "2015-10-14", "2020-12-24"), null);
});

test("a date that is not a real date gets a message; a missing or valid one does not", () => {
  assert.match(invalidDateMessage("banana")!, /“banana” is not a date/);
  assert.match(invalidDateMessage("2019-02-30")!, /“2019-02-30”/);
  assert.equal(invalidDateMessage(null), null);
  assert.equal(invalidDateMessage("2019-02-28"), null);
});

test("known_at reads as a date, or a date and a UTC time", () => {
  assert.equal(formatKnownAt("2020-01-15"), "15 January 2020");
  assert.equal(formatKnownAt("2020-01-15T13:05:00+02:00"), "15 January 2020, 11:05 UTC");
});
