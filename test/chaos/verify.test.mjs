// The chaos test's own logic, without a browser: its verdicts must catch what they claim to catch (a check
// that cannot fail proves nothing), and its schedules must be valid and repeatable. `node --test test/chaos/`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRIGGERS } from '../../demo/server/scripted-agent.mjs';
import { describeSteps, messageText, parseSchedule, planSchedule } from './schedule.mjs';
import { ORDER_TOLERANCE_MS, checkDelivery, checkReplies, delaysAfterComeback, median, turnsOfTranscript } from './verify.mjs';

const typed = (/** @type {string} */ text, tab = 0, typedAt = 0) => ({ text, schedule: 1, tab, typedAt });

describe('checkDelivery', () => {
  it('passes when the server holds every message once, in order', () => {
    const result = checkDelivery([typed('a', 0, 0), typed('b', 0, 10)], ['a', 'b']);
    assert.deepEqual(result, { lost: [], duplicated: [], duplicates: 0, unexpected: [], misordered: [] });
  });

  it('counts a message the server lacks as lost and each extra copy as a duplicate', () => {
    const result = checkDelivery([typed('a'), typed('b'), typed('c')], ['a', 'c', 'c', 'c']);
    assert.deepEqual(result.lost, ['b']);
    assert.equal(result.duplicates, 2);
  });

  it('reports what the server holds that nobody typed (two messages merged into one)', () => {
    const result = checkDelivery([typed('a'), typed('b')], ['a\n\nb']);
    assert.deepEqual(result.lost, ['a', 'b']);
    assert.deepEqual(result.unexpected, ['a b']);
  });

  it('catches a reordering in one tab, and across tabs only when the sends were apart in time', () => {
    assert.equal(checkDelivery([typed('a', 0, 0), typed('b', 0, 1)], ['b', 'a']).misordered.length, 1);
    assert.equal(checkDelivery([typed('a', 0, 0), typed('b', 1, ORDER_TOLERANCE_MS)], ['b', 'a']).misordered.length, 0);
    assert.equal(checkDelivery([typed('a', 0, 0), typed('b', 1, ORDER_TOLERANCE_MS + 1)], ['b', 'a']).misordered.length, 1);
  });

  it('compares whitespace-insensitively (the tab and the server may wrap text differently)', () => {
    assert.deepEqual(checkDelivery([typed('a  b')], [' a b\n']).lost, []);
  });
});

describe('checkReplies', () => {
  const stored = [
    { human: 'opening', replies: ['Hello there'] },
    { human: 'm1', replies: ['Reply one'] },
    { human: 'm2', replies: ['Reply two'] },
  ];
  /** @param {[string, string][]} rows */
  const transcript = (rows) => rows.map(([role, text]) => ({ role: /** @type {'user' | 'agent'} */ (role), texts: [text] }));

  it('passes when every shown reply equals the stored one', () => {
    const shown = turnsOfTranscript(transcript([['user', 'opening'], ['agent', 'Hello there'], ['user', 'm1'], ['agent', 'Reply one'], ['user', 'm2'], ['agent', 'Reply two']]));
    assert.deepEqual(checkReplies(0, shown, stored), { mismatches: [], stale: 0, outOfOrder: 0 });
  });

  it('catches a reply cut short, a reply missing, and text the server never stored', () => {
    const shown = turnsOfTranscript(
      transcript([['user', 'opening'], ['agent', 'Hello'], ['user', 'm1'], ['user', 'm2'], ['agent', 'Reply two'], ['user', 'never stored'], ['agent', 'ghost']]),
    );
    const { mismatches } = checkReplies(0, shown, stored);
    assert.deepEqual(
      mismatches.map((mismatch) => mismatch.human),
      ['opening', 'm1', 'never stored'],
    );
  });

  it('catches a repeated piece of text', () => {
    const shown = turnsOfTranscript(transcript([['user', 'opening'], ['agent', 'Hello there there']]));
    assert.equal(checkReplies(0, shown, stored.slice(0, 1)).mismatches.length, 1);
  });

  it('counts turns the tab never showed as stale, not as mismatches, and notices turns shown out of order', () => {
    const shown = turnsOfTranscript(transcript([['user', 'opening'], ['agent', 'Hello there'], ['user', 'm2'], ['agent', 'Reply two'], ['user', 'm1'], ['agent', 'Reply one']]));
    assert.deepEqual(checkReplies(0, shown, stored), { mismatches: [], stale: 0, outOfOrder: 1 });
    const partial = turnsOfTranscript(transcript([['user', 'opening'], ['agent', 'Hello there']]));
    assert.deepEqual(checkReplies(0, partial, stored), { mismatches: [], stale: 2, outOfOrder: 0 });
  });

  it('treats a reply shown before any message as a mismatch', () => {
    const shown = turnsOfTranscript(transcript([['agent', 'Hello there'], ['user', 'opening'], ['agent', 'Hello there']]));
    assert.equal(checkReplies(0, shown, stored.slice(0, 1)).mismatches.length, 1);
  });
});

describe('planSchedule', () => {
  const plan = (/** @type {number} */ index, withFaults = true, maxTabs = 3) => planSchedule({ seed: 7, index, dialect: 'posthog', withFaults, maxTabs });

  it('is the same for the same seed and index', () => {
    assert.deepEqual(plan(3), plan(3));
    assert.notDeepEqual(plan(3), plan(4));
  });

  it('only touches open tabs, only reloads or opens tabs online, and ends with a tab open, the network and server back', () => {
    for (let index = 1; index <= 300; index++) {
      const schedule = plan(index);
      const open = new Set(Array.from({ length: schedule.pageCount }, (_, page) => page));
      let offline = false;
      let serverDown = false;
      let sends = 0;
      for (const step of schedule.steps) {
        if (step.kind === 'send' || step.kind === 'reload' || step.kind === 'close') assert.ok(open.has(step.page), `s${index}: ${step.kind} on a closed tab`);
        if (step.kind === 'burst') {
          assert.ok(step.pages.length >= 2 && step.pages.every((page) => open.has(page)), `s${index}: burst`);
          sends += step.pages.length;
        }
        if (step.kind === 'send') sends += 1;
        if (step.kind === 'reload' || step.kind === 'open') assert.ok(!offline, `s${index}: ${step.kind} while offline`);
        if (step.kind === 'close') open.delete(step.page);
        if (step.kind === 'open') open.add(step.page);
        if (step.kind === 'offline' || step.kind === 'online') offline = step.kind === 'offline';
        if (step.kind === 'kill' || step.kind === 'restart') serverDown = step.kind === 'kill';
      }
      assert.ok(open.size > 0, `s${index}: no tab left open`);
      assert.ok(!offline && !serverDown, `s${index}: ends with a fault in force`);
      assert.equal(sends, schedule.messageCount);
      assert.ok(schedule.messageCount >= 2 && schedule.faults.length <= 3);
    }
  });

  it('leaves about one schedule in eight without a fault', () => {
    const clean = Array.from({ length: 400 }, (_, i) => plan(i + 1)).filter((schedule) => schedule.faults.length === 0).length;
    assert.ok(clean > 400 / 16 && clean < 400 / 5, `${clean} of 400 without a fault`);
  });

  it('has no faults when asked for none, and respects the tab limit', () => {
    for (let index = 1; index <= 50; index++) {
      const schedule = plan(index, false, 1);
      assert.equal(schedule.pageCount, 1);
      assert.deepEqual(schedule.faults, []);
      assert.ok(schedule.steps.every((step) => ['send', 'wait'].includes(step.kind)));
    }
  });

  it('reads back the printed form of its steps (to replay a schedule by hand)', () => {
    for (let index = 1; index <= 100; index++) {
      const schedule = plan(index);
      const replayed = parseSchedule(describeSteps(schedule.steps), { index, dialect: 'posthog' });
      assert.deepEqual(replayed.steps, schedule.steps);
      assert.equal(replayed.messageCount, schedule.messageCount);
    }
    assert.throws(() => parseSchedule('send@0 jump', { index: 1, dialect: 'posthog' }), /unknown step "jump"/);
  });

  it('writes messages the scripted agent answers with its plain reply', () => {
    for (let message = 1; message <= 200; message++) {
      const text = messageText(1, message, '1');
      for (const word of TRIGGERS) assert.ok(!new RegExp(`\\b${word}`, 'i').test(text), `"${text}" triggers ${word}`);
    }
  });
});

describe('delaysAfterComeback', () => {
  it('measures from the last comeback before delivery, and only for messages that were waiting', () => {
    const ledger = [typed('a'), typed('b'), typed('c')];
    const comebacks = [
      { at: 1000, pending: ['a', 'b'] },
      { at: 3000, pending: ['b'] },
    ];
    const firstSeen = new Map([
      ['a', 1400],
      ['b', 3250],
      ['c', 500],
    ]);
    assert.deepEqual(delaysAfterComeback(ledger, comebacks, firstSeen), [400, 250]);
    assert.deepEqual(delaysAfterComeback(ledger, comebacks, new Map()), []);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([]), 0);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});
