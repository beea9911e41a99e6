/**
 * Exactly once whatever the interleaving: seeded random schedules of up to three tabs sending into two
 * conversations while tabs close and open and the fake server loses requests and answers, refuses with
 * "try later", or hangs. After each schedule every message is on the server once, in the order it was sent.
 * The seeds are fixed, and a failing assertion names its seed, so a failure can be replayed.
 */
import { expect } from '@open-wc/testing';
import type { OutboxEntry } from '../../src/store/outbox-entry.js';
import { CountingServer, uniqueName, until, type SendStep } from './fakes.js';
import { openTab, type LockKind, type SimulatedTab } from './tabs.js';
import { seededRandom } from '../../demo/server/seeded-random.mjs';


const STEPS: SendStep[] = ['ok', 'ok', 'ok', 'lost-answer', 'lost-request', 'hang', { status: 503 }, { status: 409, code: 'conflict' }, { status: 429, retryAfterMs: 50 }];

async function runSchedule(seed: number, locks: LockKind): Promise<{ messages: number }> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const name = uniqueName(`chaos-${locks}-${seed}`);
  const server = new CountingServer();
  server.plan = Array.from({ length: 40 }, () => pick(STEPS));
  let opened = 0;
  const open = async (): Promise<SimulatedTab> => {
    const tab = openTab(name, server, { locks, tabId: `tab-${(opened += 1)}`, attemptTimeoutMs: 300 });
    await tab.start();
    return tab;
  };
  const live: SimulatedTab[] = [await open(), await open()];
  const sent: OutboxEntry[] = [];
  try {
    for (let step = 0; step < 16; step += 1) {
      const roll = random();
      if (roll < 0.6) {
        sent.push(await pick(live).outbox.send(pick(['c1', 'c2']), `seed ${seed} step ${step}`));
      } else if (roll < 0.75 && live.length > 1) {
        const closing = pick(live);
        live.splice(live.indexOf(closing), 1);
        await closing.close();
      } else if (roll < 0.9 && live.length < 3) {
        live.push(await open());
      } else {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 80)));
      }
    }
    await until(() => sent.every((entry) => server.countOf(entry.traceId) > 0), 20_000);
    await until(() => live.every((tab) => sent.every((entry) => tab.outbox.entries(entry.conversationId).find((candidate) => candidate.id === entry.id)?.state === 'sent')), 10_000);
    for (const entry of sent) expect(server.countOf(entry.traceId), `seed ${seed}: ${entry.content}`).to.equal(1);
    for (const conversationId of ['c1', 'c2']) {
      const received = server.received.filter((entry) => entry.conversationId === conversationId).map((entry) => entry.content);
      const expected = sent.filter((entry) => entry.conversationId === conversationId).map((entry) => entry.content);
      expect(received, `seed ${seed}: order in ${conversationId}`).to.deep.equal(expected);
    }
    return { messages: sent.length };
  } finally {
    for (const tab of live) await tab.close();
  }
}

for (const locks of ['web-locks', 'lease'] as const) {
  describe(`interleavings (${locks})`, () => {
    it('every message reaches the server exactly once, in order, over seeded random schedules', async function (this: { timeout(ms: number): void }) {
      this.timeout(120_000);
      let messages = 0;
      for (let seed = 1; seed <= 12; seed += 1) messages += (await runSchedule(seed, locks)).messages;
      expect(messages).to.be.greaterThan(50);
    });
  });
}
