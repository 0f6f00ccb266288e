import { test } from "node:test";
import assert from "node:assert/strict";
import { missedChanges, playStep } from "../src/playback";
import { addDays } from "../src/dates";

const changes = ["2015-10-14", "2019-11-15", "2019-11-30", "2019-12-01", "2019-12-27", "2020-06-15", "2020-06-20", "2020-07-09", "2020-12-24"];
const first = changes[0], last = changes[changes.length - 1];

/** Plays from `from` with a fixed frame time until it stops or reaches `until`; returns every date drawn. */
function play(from: string, until: string, daysPerSecond: number, frameMs: number, reverse = false): string[] {
  const p = { daysPerSecond, reverse, loop: false };
  const drawn = [from];
  let date = from, carry = 0;
  for (let i = 0; i < 100_000; i++) {
    const s = playStep(date, first, last, changes, p, frameMs, carry);
    date = s.date; carry = s.carry;
    drawn.push(date);
    if (s.stop || (reverse ? date <= until : date >= until)) break;
  }
  return drawn;
}

test("at 1 year/s with slow frames playback still lands on every change day, forward and backward", () => {
  for (const frameMs of [16, 100, 250]) {
    assert.deepEqual(missedChanges(changes, play(first, last, 365, frameMs), first, last), [], `forward, ${frameMs} ms frames`);
    assert.deepEqual(missedChanges(changes, play(last, first, 365, frameMs, true), first, last), [], `backward, ${frameMs} ms frames`);
  }
});

test("at 3 months/s the step stops on the next change and says the speed was limited", () => {
  const s = playStep("2019-11-10", first, last, changes, { daysPerSecond: 91, reverse: false, loop: false }, 250);
  assert.deepEqual(s, { date: "2019-11-15", carry: 0, stop: false, limited: true });
  const free = playStep("2019-12-28", first, last, changes, { daysPerSecond: 91, reverse: false, loop: false }, 250);
  assert.equal(free.limited, false);
  assert.equal(free.date, addDays("2019-12-28", 22));
});

test("landing exactly on a change is not a limit, and a slow step keeps its fraction of a day", () => {
  const exact = playStep("2019-11-14", first, last, changes, { daysPerSecond: 1, reverse: false, loop: false }, 1000);
  assert.deepEqual(exact, { date: "2019-11-15", carry: 0, stop: false, limited: false });
  const slow = playStep("2019-11-14", first, last, changes, { daysPerSecond: 1, reverse: false, loop: false }, 16);
  assert.equal(slow.date, "2019-11-14");
  assert.ok(slow.carry > 0);
});

test("backward from the middle of a state the next stop is the previous change day", () => {
  const s = playStep("2019-12-20", first, last, changes, { daysPerSecond: 365, reverse: true, loop: false }, 250);
  assert.deepEqual(s, { date: "2019-11-30", carry: 0, stop: false, limited: true });
});

test("the end stops playback and a loop wraps to the start without being held by a change", () => {
  const end = playStep("2020-12-20", first, last, changes, { daysPerSecond: 30, reverse: false, loop: false }, 1000);
  assert.equal(end.stop, true);
  assert.equal(end.date, last);
  const wrap = playStep(last, first, last, changes, { daysPerSecond: 30, reverse: false, loop: true }, 1000);
  assert.equal(wrap.date, first);
  assert.equal(wrap.stop, false);
});

test("a negative frame time (a frame that began before play was pressed) never moves the date backwards", () => {
  const s = playStep("2019-11-10", first, last, changes, { daysPerSecond: 365, reverse: false, loop: false }, -20);
  assert.equal(s.date, "2019-11-10");
  assert.equal(s.limited, false);
});
