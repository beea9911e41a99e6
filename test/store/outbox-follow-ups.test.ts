import { expect } from '@open-wc/testing';
import { QUEUE_CLEARED_CODE } from '../../src/store/outbox-entry.js';
import { Outbox } from '../../src/store/outbox.js';
import type { OutboxEntry } from '../../src/store/outbox-entry.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { FakeTimers, MemoryBackend, QueueingServer, SingleTab, SwitchableNetwork, sequentialIds } from './fakes.js';

/** The queue is checked this often while it holds a follow-up (outbox.ts). */
const CHECK_INTERVAL_MS = 3000;

function setup() {
  const timers = new FakeTimers();
  const backend = new MemoryBackend();
  const server = new QueueingServer(() => timers.now());
  const network = new SwitchableNetwork();
  const open = () =>
    new Outbox({ store: new OutboxStore({ backend, timers }), transport: server, election: new SingleTab(), connectivity: network, timers, random: () => 0.5, randomId: sequentialIds() });
  const outbox = open();
  const entry = (id: string, from: Outbox = outbox): OutboxEntry => {
    const found = [...from.snapshot.values()].flat().find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no entry ${id}`);
    return found;
  };
  /** The person sends a first message; its reply is then being written. */
  const startReply = async () => {
    await outbox.start();
    await outbox.send('c1', 'question');
    await timers.advance(0);
    expect(server.running).to.equal(true);
  };
  const followUp = (content: string) => outbox.send('c1', content, { followUp: true });
  /** A follow-up typed during the reply, once the server's queue holds it. */
  const queuedFollowUp = async (content: string) => {
    const created = await followUp(content);
    await timers.advance(0);
    expect(entry(created.id).state).to.equal('server-queued');
    return created;
  };
  return { timers, backend, server, network, outbox, open, entry, startReply, followUp, queuedFollowUp };
}

describe('outbox follow-ups (the server queue)', () => {
  it('hands follow-ups typed during a reply to the server queue, two at most; the rest wait here and move up in order', async () => {
    const { server, outbox, timers, entry, startReply, followUp } = setup();
    await startReply();
    const first = await followUp('first');
    const second = await followUp('second');
    const third = await followUp('third');
    await timers.advance(0);
    expect(server.items.map((item) => item.content)).to.deep.equal(['first', 'second']);
    expect([first, second, third].map((created) => entry(created.id).state)).to.deep.equal(['server-queued', 'server-queued', 'queued']);
    expect(entry(first.id).serverQueueId).to.equal('item-1');
    expect(entry(first.id).deliveryBaseline, 'counted before the add: its item runs without a trace id').to.equal(1);
    expect(server.sends, 'a busy conversation is seen before sending: no refused send').to.have.length(1);

    // The turn ends: the server runs `first`; a turn beginning nudges the outbox, which sees it ran.
    server.finishTurn();
    outbox.nudge('c1');
    await timers.advance(0);
    expect(entry(first.id).state).to.equal('sent');
    expect(server.items.map((item) => item.content)).to.deep.equal(['second', 'third']);

    server.finishTurns(3);
    await timers.advance(CHECK_INTERVAL_MS * 2);
    expect([first, second, third].map((created) => entry(created.id).state)).to.deep.equal(['sent', 'sent', 'sent']);
    expect(server.messages.map((message) => message.content)).to.deep.equal(['question', 'first', 'second', 'third']);
  });

  it('edits and removes a queued follow-up on the server and in the outbox together; too late, it changes nothing', async () => {
    const { server, outbox, timers, entry, startReply, followUp } = setup();
    await startReply();
    const first = await followUp('frist');
    const second = await followUp('second');
    await followUp('third');
    await timers.advance(0);

    expect(await outbox.edit(first.id, 'first')).to.equal(true);
    expect(entry(first.id)).to.include({ content: 'first', state: 'server-queued', serverQueueId: 'item-1' });
    expect(server.items.map((item) => item.content)).to.deep.equal(['first', 'second']);

    expect(await outbox.discard(second.id)).to.equal(true);
    expect(outbox.entries('c1').some((candidate) => candidate.id === second.id)).to.equal(false);
    await timers.advance(0);
    expect(server.items.map((item) => item.content), 'the waiting one moved up').to.deep.equal(['first', 'third']);

    // `first` runs before the outbox hears of it: an edit then finds its item gone.
    server.finishTurn();
    expect(await outbox.edit(first.id, 'too late')).to.equal(false);
    await timers.advance(0);
    expect(entry(first.id)).to.include({ content: 'first', state: 'sent' });
    server.finishTurns(2);
    await timers.advance(CHECK_INTERVAL_MS * 2);
    expect(server.messages.map((message) => message.content)).to.deep.equal(['question', 'first', 'third']);
  });

  it('a follow-up refused because a reply started just after the look goes to the server queue all the same', async () => {
    const { server, timers, entry, startReply, followUp } = setup();
    await startReply();
    server.staleLook = true;
    const raced = await followUp('raced');
    await timers.advance(0);
    expect(server.sends, 'sent, and refused with 409').to.have.length(2);
    expect(entry(raced.id).state).to.equal('server-queued');
    server.finishTurns(2);
    await timers.advance(CHECK_INTERVAL_MS);
    expect(entry(raced.id).state).to.equal('sent');
    expect(server.held('raced')).to.equal(1);
  });

  it('a follow-up left in the queue when the run ended is taken back out and sent next, once', async () => {
    const { server, timers, entry, startReply, queuedFollowUp } = setup();
    await startReply();
    const late = await queuedFollowUp('added as the run ended');
    // The run ended without taking it (the add arrived just after its last turn).
    server.running = false;
    await timers.advance(CHECK_INTERVAL_MS);
    expect(server.calls).to.include('remove item-1');
    expect(entry(late.id).state).to.equal('sent');
    expect(server.items).to.deep.equal([]);
    expect(server.held('added as the run ended')).to.equal(1);
  });

  it('a follow-up the server dropped from its queue waits, failed, for the person: never lost in silence', async () => {
    const { server, timers, entry, startReply, queuedFollowUp } = setup();
    await startReply();
    const dropped = await queuedFollowUp('dropped');
    // A stop in another tab cleared the queue.
    server.items = [];
    server.running = false;
    await timers.advance(CHECK_INTERVAL_MS);
    expect(entry(dropped.id).state).to.equal('failed');
    expect(entry(dropped.id).failure?.code).to.equal(QUEUE_CLEARED_CODE);
    expect(server.held('dropped')).to.equal(0);
  });

  it('an add whose answer was lost is found in the queue afterwards, never added twice', async () => {
    const { server, timers, entry, startReply, followUp } = setup();
    await startReply();
    server.loseNextAddAnswer = true;
    const lost = await followUp('answer lost');
    await timers.advance(0);
    expect(entry(lost.id).deliveryUncertain).to.equal(true);
    await timers.advance(5000);
    expect(entry(lost.id).state).to.equal('server-queued');
    expect(entry(lost.id).serverQueueId).to.equal('item-1');
    expect(server.items).to.have.length(1);
    server.finishTurns(2);
    await timers.advance(CHECK_INTERVAL_MS);
    expect(entry(lost.id).state).to.equal('sent');
    expect(server.held('answer lost')).to.equal(1);
  });

  it('after a stop, gives back the follow-ups that had not run, and marks sent the one that had', async () => {
    const { server, outbox, timers, entry, startReply, followUp } = setup();
    await startReply();
    const ran = await followUp('ran before the stop');
    const queued = await followUp('still queued');
    const local = await followUp('still here');
    await timers.advance(0);
    server.finishTurn();
    // The stop: the server cancels the run and clears its queue.
    server.items = [];
    server.running = false;
    const withdrawn = await outbox.withdrawFollowUps('c1');
    expect(withdrawn.map((withdrawnEntry) => withdrawnEntry.content)).to.deep.equal(['still queued', 'still here']);
    expect(entry(ran.id).state).to.equal('sent');
    expect(outbox.entries('c1').some((candidate) => candidate.id === queued.id || candidate.id === local.id)).to.equal(false);
    await timers.advance(CHECK_INTERVAL_MS * 2);
    expect(server.messages.map((message) => message.content)).to.deep.equal(['question', 'ran before the stop']);
  });

  it('a stop also takes out an item the queue still holds (added just after the stop cleared it), so it never runs', async () => {
    const { server, outbox, timers, startReply, queuedFollowUp } = setup();
    await startReply();
    await queuedFollowUp('added after the clear');
    // The stop ended the run; the add landed after the clear, so the server still holds the item.
    server.running = false;
    const withdrawn = await outbox.withdrawFollowUps('c1');
    expect(withdrawn.map((entry) => entry.content)).to.deep.equal(['added after the clear']);
    expect(server.calls).to.include('remove item-1');
    expect(server.items).to.deep.equal([]);
    await timers.advance(CHECK_INTERVAL_MS * 2);
    expect(server.held('added after the clear')).to.equal(0);
  });

  it('survives a reload: the new page finds the follow-ups where they were, and finishes them in order', async () => {
    const { server, outbox, open, timers, entry, startReply, followUp } = setup();
    await startReply();
    const first = await followUp('first');
    const second = await followUp('second');
    const third = await followUp('third');
    await timers.advance(0);
    await outbox.stop();

    const reloaded = open();
    await reloaded.start();
    server.finishTurns(4);
    await timers.advance(CHECK_INTERVAL_MS * 3);
    expect([first, second, third].map((created) => entry(created.id, reloaded).state)).to.deep.equal(['sent', 'sent', 'sent']);
    expect(server.messages.map((message) => message.content)).to.deep.equal(['question', 'first', 'second', 'third']);
  });

  it('a message that is not a follow-up never goes to the server queue: it waits for the follow-ups before it', async () => {
    const { server, outbox, timers, entry, startReply, followUp } = setup();
    await startReply();
    const queued = await followUp('follow-up');
    await timers.advance(0);
    const later = await outbox.send('c1', 'sent from another tab');
    await timers.advance(CHECK_INTERVAL_MS);
    expect(entry(later.id).state).to.equal('queued');
    expect(server.items.map((item) => item.content)).to.deep.equal(['follow-up']);
    server.finishTurns(2);
    await timers.advance(CHECK_INTERVAL_MS * 3);
    expect(entry(queued.id).state).to.equal('sent');
    expect(entry(later.id).state).to.equal('sent');
    expect(server.messages.map((message) => message.content)).to.deep.equal(['question', 'follow-up', 'sent from another tab']);
  });
});
