import { expect } from '@open-wc/testing';
import { Outbox, canEdit } from '../../src/store/outbox.js';
import type { OutboxEntry } from '../../src/store/outbox-entry.js';
import type { OutboxRetryOptions } from '../../src/store/outbox-policy.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { CountingServer, FakeTimers, MemoryBackend, MemoryJournal, SingleTab, SwitchableNetwork, sequentialIds, storedEntry } from './fakes.js';

function setup({ retry = {}, random = () => 0.5 }: { retry?: OutboxRetryOptions; random?: () => number } = {}) {
  const timers = new FakeTimers();
  const backend = new MemoryBackend();
  const store = new OutboxStore({ backend, timers });
  const server = new CountingServer(() => timers.now());
  const network = new SwitchableNetwork();
  const election = new SingleTab();
  const journal = new MemoryJournal();
  const outbox = new Outbox({ store, transport: server, election, connectivity: network, timers, random, randomId: sequentialIds(), retry, journal });
  const entry = (id: string): OutboxEntry => {
    const found = [...outbox.snapshot.values()].flat().find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no entry ${id}`);
    return found;
  };
  const stored = (id: string): OutboxEntry | undefined => [...backend.records.values()].flat().find((candidate) => candidate.id === id);
  /** The next page on the same storage and journal (a reload). */
  const reopen = () =>
    new Outbox({ store: new OutboxStore({ backend, timers }), transport: server, election: new SingleTab(), connectivity: network, timers, random, randomId: sequentialIds(), retry, journal });
  return { timers, backend, store, server, network, election, journal, outbox, reopen, entry, stored };
}

describe('outbox state machine', () => {
  it('writes the entry, with its idempotency key and trace id, before the first attempt, then sends it once', async () => {
    const { outbox, server, backend, timers, entry } = setup();
    await outbox.start();
    const seenAtSend: (OutboxEntry | undefined)[] = [];
    const deliver = server.deliver.bind(server);
    server.deliver = (sent, signal) => {
      seenAtSend.push([...backend.records.values()].flat().find((candidate) => candidate.id === sent.id));
      return deliver(sent, signal);
    };
    const created = await outbox.send('c1', 'hello');
    expect(created.state).to.equal('queued');
    expect(created.idempotencyKey).to.be.a('string').and.not.equal(created.traceId);
    await timers.advance(0);
    expect(seenAtSend).to.have.length(1);
    expect(seenAtSend[0]?.state, 'stored as sending before the request left').to.equal('sending');
    expect(seenAtSend[0]?.attempt?.owner).to.equal('tab-1');
    expect(entry(created.id).state).to.equal('sent');
    expect(server.countOf(created.traceId)).to.equal(1);
    expect(server.checks, 'a first attempt needs no check').to.equal(0);
  });

  it('notes a message synchronously, before its write, and forgets it once the write committed', async () => {
    const { outbox, journal, backend } = setup();
    await outbox.start();
    const noted: string[] = [];
    const record = journal.record.bind(journal);
    journal.record = (entry) => {
      noted.push(`${entry.content} (stored: ${backend.records.has(entry.conversationId)})`);
      record(entry);
    };
    await outbox.send('c1', 'hello');
    expect(noted).to.deep.equal(['hello (stored: false)']);
    expect(journal.notes.size).to.equal(0);
  });

  it('puts back a message whose write never committed (the page unloaded just after Enter), checked before it is sent', async () => {
    const { server, timers, backend, journal, reopen } = setup();
    // Only the note is left: the page went away between the note and the IndexedDB write.
    const lost = storedEntry({ id: 'unsaved', content: 'typed just before the reload', createdAt: timers.now() });
    journal.record(lost);
    const next = reopen();
    await next.start();
    await timers.advance(0);
    expect(server.countOf('trace-unsaved')).to.equal(1);
    expect(server.checks, 'checked first: another tab may have put it back and sent it').to.equal(1);
    expect(journal.notes.size).to.equal(0);
    expect(backend.records.get('c1')?.map((entry) => entry.state)).to.deep.equal(['sent']);

    // Another tab that read the same note later adds nothing: the entry is there already.
    journal.record(lost);
    const third = reopen();
    await third.start();
    await timers.advance(0);
    expect(backend.records.get('c1')).to.have.length(1);
    expect(server.countOf('trace-unsaved')).to.equal(1);
  });

  it('prunes sent entries once every tab had time to see them', async () => {
    const { outbox, timers, backend } = setup({ retry: { sentRetentionMs: 10_000 } });
    await outbox.start();
    await outbox.send('c1', 'hello');
    await timers.advance(9_999);
    expect(backend.records.get('c1')).to.have.length(1);
    await timers.advance(1);
    expect(backend.records.has('c1')).to.equal(false);
    expect(outbox.entries('c1')).to.deep.equal([]);
  });

  it('retries retryable statuses with the same key, after an exponential backoff with full jitter', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { baseDelayMs: 1000, maxDelayMs: 8000 }, random: () => 0.5 });
    await outbox.start();
    server.plan = [{ status: 503 }, { status: 502 }, { status: 504 }, { status: 408 }, { status: 503 }];
    const created = await outbox.send('c1', 'hello');
    const delays: number[] = [];
    for (let failure = 1; failure <= 5; failure += 1) {
      await timers.advance(0);
      const now = entry(created.id);
      expect(now.state).to.equal('queued');
      delays.push(now.nextAttemptAt! - timers.now());
      await timers.advance(now.nextAttemptAt! - timers.now());
    }
    // Half of the ceilings 1, 2, 4, 8, 8 s (capped).
    expect(delays).to.deep.equal([500, 1000, 2000, 4000, 4000]);
    expect(entry(created.id).state).to.equal('sent');
    expect(new Set(server.sends.map((send) => send.idempotencyKey))).to.have.property('size', 1);
    expect(server.countOf(created.traceId)).to.equal(1);
  });

  it('keeps every backoff within [0, ceiling) whatever the random source gives', async () => {
    for (const random of [() => 0, () => 0.999999]) {
      const { outbox, server, timers } = setup({ retry: { baseDelayMs: 1000, maxDelayMs: 4000 }, random });
      await outbox.start();
      server.plan = [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }];
      await outbox.send('c1', 'x');
      await timers.advance(60_000);
      const gaps = server.sends.slice(1).map((send, index) => send.at - server.sends[index].at);
      expect(gaps).to.have.length(4);
      [1000, 2000, 4000, 4000].forEach((ceiling, index) => expect(gaps[index]).to.be.at.least(0).and.below(ceiling));
      await outbox.stop();
    }
  });

  it('honours Retry-After on a 429 rather than its own backoff', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = [{ status: 429, retryAfterMs: 7000 }];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    expect(entry(created.id).nextAttemptAt! - timers.now()).to.equal(7000);
    await timers.advance(6999);
    expect(server.sends).to.have.length(1);
    await timers.advance(1);
    expect(server.sends).to.have.length(2);
    expect(entry(created.id).state).to.equal('sent');
  });

  it('gives up after too many "try later" answers, and says so', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { maxStatusFailures: 2 } });
    await outbox.start();
    server.plan = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(60_000);
    const failed = entry(created.id);
    expect(failed.state).to.equal('failed');
    expect(failed.failure?.code).to.equal('gave_up');
    expect(server.sends).to.have.length(2);
  });

  for (const status of [400, 403, 413]) {
    it(`marks a message the server refuses for good (${status}) failed with the reason, and never retries it by itself`, async () => {
      const { outbox, server, timers, entry } = setup();
      await outbox.start();
      server.plan = [{ status }];
      const created = await outbox.send('c1', 'hello');
      await timers.advance(600_000);
      const failed = entry(created.id);
      expect(failed.state).to.equal('failed');
      expect(failed.failure).to.deep.equal({ status, code: `http_${status}`, message: `refused with ${status}` });
      expect(failed.deliveryUncertain, 'a 4xx proves the server did not act').to.equal(false);
      expect(canEdit(failed)).to.equal(true);
      expect(server.sends).to.have.length(1);
    });
  }

  it('a failed message holds back the later ones; retry, edit and discard release them in order', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = [{ status: 400 }, { status: 413 }];
    const first = await outbox.send('c1', 'first');
    const second = await outbox.send('c1', 'second');
    const third = await outbox.send('c1', 'third');
    await timers.advance(1000);
    expect(entry(first.id).state).to.equal('failed');
    expect(entry(second.id).state).to.equal('queued');
    expect(server.sends).to.have.length(1);

    expect(await outbox.retry(first.id)).to.equal(true);
    await timers.advance(0);
    expect(entry(first.id).state).to.equal('failed');
    expect(entry(first.id).failure?.status).to.equal(413);

    expect(await outbox.edit(first.id, 'first, shorter')).to.equal(true);
    await timers.advance(0);
    expect(entry(first.id).state).to.equal('sent');
    expect(entry(third.id).state).to.equal('sent');
    expect(server.received.map((received) => received.content)).to.deep.equal(['first, shorter', 'second', 'third']);

    server.plan = ['ok', { status: 403 }];
    const fourth = await outbox.send('c1', 'fourth');
    const fifth = await outbox.send('c1', 'fifth');
    await timers.advance(0);
    // `fourth` went at once; the 403 hit `fifth`.
    expect(entry(fourth.id).state).to.equal('sent');
    expect(entry(fifth.id).state).to.equal('failed');
    expect(await outbox.discard(fifth.id)).to.equal(true);
    expect(outbox.entries('c1').some((candidate) => candidate.id === fifth.id)).to.equal(false);
  });

  it('never lets a later message overtake an earlier one, while other conversations go on', async () => {
    const { outbox, server, timers } = setup();
    await outbox.start();
    server.plan = [{ status: 503 }];
    await outbox.send('c1', 'one');
    await outbox.send('c1', 'two');
    await outbox.send('c2', 'elsewhere');
    await outbox.send('c1', 'three');
    await timers.advance(10_000);
    const order = server.received.map((received) => received.content);
    expect(order.filter((content) => content !== 'elsewhere')).to.deep.equal(['one', 'two', 'three']);
    expect(order.indexOf('elsewhere'), 'c2 did not wait for c1').to.be.below(order.indexOf('one'));
  });

  it('waits while the browser is offline and goes at once when it is back', async () => {
    const { outbox, server, timers, network, entry } = setup();
    await outbox.start();
    network.set(false);
    const created = await outbox.send('c1', 'typed on the train');
    await timers.advance(600_000);
    expect(entry(created.id).state).to.equal('waiting-offline');
    expect(server.sends).to.have.length(0);
    network.set(true);
    await timers.advance(0);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.countOf(created.traceId)).to.equal(1);
  });

  it('a failed fetch means offline too: it probes with a short backoff, and checks before sending again', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { offlineBaseDelayMs: 500, offlineMaxDelayMs: 4000 } });
    await outbox.start();
    server.plan = ['lost-request', 'lost-request'];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    let now = entry(created.id);
    expect(now.state).to.equal('waiting-offline');
    expect(now.deliveryUncertain).to.equal(true);
    expect(now.nextAttemptAt! - timers.now()).to.equal(250);
    await timers.advance(250);
    now = entry(created.id);
    expect(now.state).to.equal('waiting-offline');
    expect(now.nextAttemptAt! - timers.now()).to.equal(500);
    await timers.advance(500);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.checks, 'each re-send was preceded by a check').to.equal(2);
    expect(server.countOf(created.traceId)).to.equal(1);
  });

  it('an answer lost after the server stored the message is found by the check and never sent twice', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = ['lost-answer'];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(10_000);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.sends).to.have.length(1);
    expect(server.checks).to.equal(1);
    expect(server.countOf(created.traceId)).to.equal(1);
  });

  it('a failed check changes nothing about what is known: it is retried, still before any re-send', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = ['lost-answer'];
    server.failingChecks = 2;
    const created = await outbox.send('c1', 'hello');
    await timers.advance(20_000);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.checks).to.equal(3);
    expect(server.sends).to.have.length(1);
  });

  it('a 502 or 504 may hide a delivery: the next attempt checks first', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = [{ status: 504 }];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    expect(entry(created.id).deliveryUncertain).to.equal(true);
    expect(canEdit(entry(created.id))).to.equal(false);
    await timers.advance(10_000);
    expect(server.checks).to.equal(1);
    expect(entry(created.id).state).to.equal('sent');
  });

  it('abandons an attempt that gets no answer in time, then checks before trying again', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { attemptTimeoutMs: 5000 } });
    await outbox.start();
    server.plan = ['hang'];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(4999);
    expect(entry(created.id).state).to.equal('sending');
    await timers.advance(1);
    expect(entry(created.id).state).to.equal('waiting-offline');
    await timers.advance(10_000);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.countOf(created.traceId), 'the hung request had reached the server; the check found it').to.equal(1);
    expect(server.sends).to.have.length(1);
  });

  it('stopping mid-send records the fate as unknown; whoever sends next checks first', async () => {
    const { outbox, server, timers, backend, store } = setup();
    await outbox.start();
    server.plan = ['hang'];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    await outbox.stop();
    const left = backend.records.get('c1')![0];
    expect(left.state).to.equal('queued');
    expect(left.deliveryUncertain).to.equal(true);

    const next = new Outbox({ store, transport: server, election: new SingleTab('tab-2'), connectivity: new SwitchableNetwork(), timers, randomId: sequentialIds() });
    await next.start();
    await timers.advance(0);
    expect(next.entries('c1')[0].state).to.equal('sent');
    expect(server.countOf(created.traceId)).to.equal(1);
    expect(server.checks).to.equal(1);
  });

  it('a tab that is not the sender stores and shows, but does not send; it sends once it becomes the sender', async () => {
    const { outbox, server, timers, election, entry } = setup();
    election.isSender = false;
    await outbox.start();
    const created = await outbox.send('c1', 'hello');
    await timers.advance(10_000);
    expect(entry(created.id).state).to.equal('queued');
    expect(server.sends).to.have.length(0);
    election.setSender(true);
    await timers.advance(0);
    expect(entry(created.id).state).to.equal('sent');
  });

  it('an entry another (crashed) sender left mid-send is checked before it is sent again', async () => {
    const { outbox, server, timers, backend, stored } = setup();
    const orphan = storedEntry({
      id: 'orphan',
      content: 'sent by a tab that crashed',
      createdAt: timers.now() - 1000,
      revision: 3,
      state: 'sending',
      attempts: 1,
      deliveryUncertain: true,
      attempt: { id: 'a', owner: 'tab-0', startedAt: timers.now() - 900, bySender: true },
    });
    backend.records.set('c1', [orphan]);
    server.received.push(orphan);
    await outbox.start();
    await timers.advance(0);
    expect(stored('orphan')?.state).to.equal('sent');
    expect(server.sends).to.have.length(0);
    expect(server.countOf('trace-orphan')).to.equal(1);
  });

  it('edits only what the server certainly does not have', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = ['lost-request', { status: 400 }];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    expect(entry(created.id).deliveryUncertain).to.equal(true);
    expect(await outbox.edit(created.id, 'changed')).to.equal(false);
    await timers.advance(10_000);
    expect(entry(created.id).state).to.equal('failed');
    expect(entry(created.id).deliveryUncertain, 'the check said no, and the 400 proves this one was not taken').to.equal(false);
    expect(await outbox.edit(created.id, 'changed')).to.equal(true);
  });

  it('a busy conversation (409) waits with the reason shown, and a nudge when the reply ends sends at once', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    await outbox.start();
    server.plan = [{ status: 409, code: 'conflict' }];
    const created = await outbox.send('c1', 'follow-up');
    await timers.advance(0);
    const waiting = entry(created.id);
    expect(waiting.state).to.equal('queued');
    expect(waiting.failure?.status).to.equal(409);
    expect(waiting.nextAttemptAt! - timers.now()).to.equal(5000);
    outbox.nudge('c1');
    await timers.advance(0);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.sends).to.have.length(2);
  });

  it('a nudge never cuts a Retry-After short', async () => {
    const { outbox, server, timers, entry } = setup();
    await outbox.start();
    server.plan = [{ status: 429, retryAfterMs: 30_000 }];
    const created = await outbox.send('c1', 'hello');
    await timers.advance(0);
    outbox.nudge('c1');
    await timers.advance(29_999);
    expect(server.sends).to.have.length(1);
    expect(entry(created.id).failure?.status).to.equal(429);
    await timers.advance(1);
    expect(entry(created.id).state).to.equal('sent');
  });

  it('waits out a long run (409 after 409) without giving up', async () => {
    const { outbox, server, timers, entry } = setup({ retry: { maxStatusFailures: 2, baseDelayMs: 1000, maxDelayMs: 2000 } });
    await outbox.start();
    server.plan = Array.from({ length: 6 }, () => ({ status: 409, code: 'conflict' }));
    const created = await outbox.send('c1', 'after the long run');
    await timers.advance(60_000);
    expect(entry(created.id).state).to.equal('sent');
    expect(server.sends).to.have.length(7);
  });
});
