import { expect } from '@open-wc/testing';
import type { Outbox } from '../../src/store/outbox.js';
import type { OutboxEntry } from '../../src/store/outbox-entry.js';
import { CountingServer, uniqueName, until } from './fakes.js';
import { openTab } from './tabs.js';

function allEntries(outbox: Outbox): OutboxEntry[] {
  return [...outbox.snapshot.values()].flat();
}

for (const locks of ['web-locks', 'lease'] as const) {
  describe(`two tabs sharing one outbox (${locks})`, () => {
    it('elects exactly one sender, and hands the role on when it goes', async () => {
      const name = uniqueName(`elect-${locks}`);
      const server = new CountingServer();
      const a = openTab(name, server, { locks, tabId: 'A' });
      const b = openTab(name, server, { locks, tabId: 'B' });
      await a.start();
      await until(() => a.coordinator.isSender);
      await b.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([a.coordinator.isSender, b.coordinator.isSender]).to.deep.equal([true, false]);
      await a.close();
      await until(() => b.coordinator.isSender);
      await b.close();
    });

    it('both tabs show the same state, and interleaved sends from both reach the server exactly once', async function (this: { timeout(ms: number): void }) {
      this.timeout(20_000);
      const name = uniqueName(`interleave-${locks}`);
      const server = new CountingServer();
      const a = openTab(name, server, { locks, tabId: 'A' });
      const b = openTab(name, server, { locks, tabId: 'B' });
      await a.start();
      await b.start();
      await until(() => a.coordinator.isSender || b.coordinator.isSender);
      // Some sends lose their answer after the server stored them: only the check keeps them single.
      server.plan = ['ok', 'lost-answer', 'ok', 'lost-request', 'ok', 'lost-answer'];
      const sent: OutboxEntry[] = [];
      for (let index = 0; index < 6; index += 1) {
        sent.push(await (index % 2 === 0 ? a : b).outbox.send('c1', `message ${index}`));
        sent.push(await (index % 2 === 0 ? b : a).outbox.send('c2', `other ${index}`));
      }
      await until(() => sent.every((entry) => server.countOf(entry.traceId) > 0), 15_000);
      await until(() => [a, b].every((tab) => allEntries(tab.outbox).length === 12 && allEntries(tab.outbox).every((entry) => entry.state === 'sent')));
      for (const entry of sent) expect(server.countOf(entry.traceId), entry.content).to.equal(1);
      const order = (conversationId: string) => server.received.filter((entry) => entry.conversationId === conversationId).map((entry) => entry.content);
      expect(order('c1')).to.deep.equal(sent.filter((entry) => entry.conversationId === 'c1').map((entry) => entry.content));
      expect(order('c2')).to.deep.equal(sent.filter((entry) => entry.conversationId === 'c2').map((entry) => entry.content));
      await a.close();
      await b.close();
    });

    it('a sender that goes away mid-send leaves the message to the next sender, which checks and never sends it twice', async function (this: { timeout(ms: number): void }) {
      this.timeout(20_000);
      const name = uniqueName(`takeover-${locks}`);
      const server = new CountingServer();
      const a = openTab(name, server, { locks, tabId: 'A' });
      const b = openTab(name, server, { locks, tabId: 'B' });
      await a.start();
      await until(() => a.coordinator.isSender);
      await b.start();
      // The request reaches the server, and the answer never comes: then the sender's tab closes.
      server.plan = ['hang'];
      const entry = await b.outbox.send('c1', 'sent while the sender closes');
      await until(() => server.sends.length === 1);
      await a.close();
      await until(() => b.outbox.entries('c1')[0]?.state === 'sent', 10_000);
      expect(server.countOf(entry.traceId)).to.equal(1);
      expect(server.sends).to.have.length(1);
      expect(server.checks).to.be.at.least(1);
      await b.close();
    });
  });
}
