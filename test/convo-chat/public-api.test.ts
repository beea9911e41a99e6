/**
 * `<convo-chat>`'s public methods (`open`, `send`, `stop`) and events (`convo-send`, `convo-reply-completed`,
 * `convo-error`) with their details, as a host page would use them, in both dialects.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { isConvoError } from '../../src/api/errors.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import type { ConvoErrorEvent, ConvoReplyCompletedEvent, ConvoSendEvent } from '../../src/events/convo-events.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, clientFor, freshDraftStore, nextFrame, part, parts, textOf, visibleText, waitForReply } from './chat-fixture.js';

/** The agent's text as painted: every reply's rendered text, in order. */
function agentText(element: ConvoChat): string {
  return parts(element, 'message-agent')
    .map((message) => [...message.querySelectorAll('[part~="text"]')].map((node) => node.textContent ?? '').join(''))
    .join('');
}

/** Events of `type` as they reach the document: they cross the element's shadow root and bubble. */
function collect<E extends Event>(type: string): { events: E[]; stop(): void } {
  const events: E[] = [];
  const listener = (event: Event) => events.push(event as E);
  document.addEventListener(type, listener);
  return { events, stop: () => document.removeEventListener(type, listener) };
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> public API (${dialect})`, () => {
    let server: ReferenceServer;
    let slowServer: ReferenceServer;

    before(async () => {
      server = await startReferenceServer();
      // Slow enough to stop a reply while it is still being written.
      slowServer = await startReferenceServer({ rate: 40 });
    });

    after(async () => {
      await server.stop();
      await slowServer.stop();
    });

    it('send(text) answers whether it sent, and convo-send names the text, the conversation and the files', async () => {
      const element = await chatWithAttributes(server, dialect);
      const sends = collect<ConvoSendEvent>('convo-send');
      try {
        expect(await element.send('   ')).to.equal(false);
        expect(await element.send('  First question  ')).to.equal(true);
        await waitForReply(element);
        expect(await element.send('Second question')).to.equal(true);
        await waitForReply(element);
        expect(sends.events.map((event) => [event.detail.text, event.detail.conversationId, event.detail.attachments])).to.deep.equal([
          ['First question', null, []],
          ['Second question', element.conversationId, []],
        ]);
        expect(sends.events.every((event) => event.cancelable && event.composed && event.bubbles)).to.equal(true);
      } finally {
        sends.stop();
      }
      expect(parts(element, 'message-user').map((message) => visibleText(message.querySelector('[part~="bubble"]')))).to.deep.equal(['First question', 'Second question']);
    });

    it('convo-reply-completed tells the conversation, the reply’s text and how it ended', async () => {
      const element = await chatWithAttributes(server, dialect);
      const completed = oneEvent(element, 'convo-reply-completed');
      await element.send('Give me a markdown tour');
      const { detail, composed } = (await completed) as ConvoReplyCompletedEvent;
      expect(composed).to.equal(true);
      expect(detail.outcome).to.equal('completed');
      expect(detail.conversationId).to.equal(element.conversationId);
      // The reply's markdown source, which the transcript shows rendered.
      expect(detail.text.startsWith('# A markdown tour\n\n')).to.equal(true);
      // Painted within a few frames (the renderer parses a large arrival under a per-frame budget).
      await waitUntil(() => visibleText(parts(element, 'message-agent')[0] ?? null).includes('Untrusted content'), 'the reply was not painted');
      expect(visibleText(part(element, 'md-heading'))).to.equal('A markdown tour');
      await waitForReply(element);

      const failed = oneEvent(element, 'convo-reply-completed');
      await element.send('This one will fail');
      expect(((await failed) as ConvoReplyCompletedEvent).detail.outcome).to.equal('failed');
    });

    it('convo-error says what failed, with the error and the sentence the person sees', async () => {
      const refused = await chatWithAttributes(server, dialect, freshDraftStore(), 'wrong-token');
      const sendFailed = oneEvent(refused, 'convo-error');
      await refused.send('Anyone there?');
      const { detail } = (await sendFailed) as ConvoErrorEvent;
      expect(detail.operation).to.equal('send');
      // A client error in one dialect, the outbox's record of the refusal in the other: both carry the status.
      expect((detail.error as { status?: number }).status).to.equal(401);
      await waitUntil(() => part(refused, 'delivery-failed') !== null, 'the failure was not shown');
      expect(visibleText(part(refused, 'delivery-failed'))).to.contain(detail.message);

      const element = await chatWithAttributes(server, dialect);
      const loadFailed = oneEvent(element, 'convo-error');
      await element.open('00000000-0000-4000-8000-000000000000');
      const load = ((await loadFailed) as ConvoErrorEvent).detail;
      expect(load.operation).to.equal('load-conversation');
      expect(isConvoError(load.error)).to.equal(true);
      await waitUntil(() => part(element, 'problem') !== null, 'the failure was not shown');
      expect(visibleText(part(element, 'problem'))).to.contain(load.message);
      expect(part(element, 'problem')!.getAttribute('role')).to.equal('alert');
    });

    it('open(id) shows a stored conversation, and open() a new, empty one', async () => {
      const writer = await chatWithAttributes(server, dialect);
      await writer.send('Keep this for later');
      await waitForReply(writer);
      const id = writer.conversationId!;
      writer.remove();

      const element = await chatWithAttributes(server, dialect);
      await element.open(id);
      expect(element.conversationId).to.equal(id);
      await waitUntil(() => parts(element, 'message-agent').length > 0, 'the conversation did not load');
      expect(visibleText(parts(element, 'message-user')[0]!)).to.contain('Keep this for later');
      expect(visibleText(part(element, 'title'))).to.equal('Keep this for later');

      await element.open();
      expect(element.conversationId).to.equal(undefined);
      await nextFrame();
      expect(parts(element, 'message')).to.have.length(0);
      expect(part(element, 'empty')).to.not.equal(null);
      expect(visibleText(part(element, 'title'))).to.equal('New conversation');

      // Changing one's mind while a conversation still loads: the new one is empty and welcoming, not loading.
      await element.open(id);
      await element.open();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await nextFrame();
      expect(parts(element, 'message')).to.have.length(0);
      expect(part(element, 'empty')).to.not.equal(null);
    });

    it('open() while a reply streams leaves it behind: nothing of it shows in the new conversation', async function () {
      this.timeout(30000);
      const element = await chatWithAttributes(slowServer, dialect);
      void element.send('Write something long about switching');
      await waitUntil(() => agentText(element).length > 40, 'no text streamed', { timeout: 10000 });
      await element.open();
      await nextFrame();
      expect(parts(element, 'message')).to.have.length(0);
      expect(part(element, 'stop-button')).to.equal(null);
      expect(part<HTMLButtonElement>(element, 'send-button')).to.not.equal(null);
      // The old reply goes on being written on the server; none of it may land here.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await nextFrame();
      expect(parts(element, 'message')).to.have.length(0);
      expect(agentText(element)).to.equal('');
      expect(part(element, 'typing')).to.equal(null);
      // The new conversation is free to use at once.
      const left = element.conversationId;
      expect(await element.send('A fresh start')).to.equal(true);
      await waitUntil(() => element.conversationId !== undefined && element.conversationId !== left, 'no new conversation');
      expect(parts(element, 'message-user').map((message) => visibleText(message.querySelector('[part~="bubble"]')))).to.deep.equal(['A fresh start']);
      expect(parts(element, 'queue-item')).to.have.length(0);
    });

    it('stop() ends the reply: from the first frame, which shows the stop, no new text is painted', async function () {
      this.timeout(30000);
      const element = await chatWithAttributes(slowServer, dialect);
      const completed = oneEvent(element, 'convo-reply-completed');
      void element.send('Write something long about onboarding');
      await waitUntil(() => agentText(element).length > 40, 'no text streamed', { timeout: 10000 });

      // What each painted frame shows, from the stop on.
      const frames: { stopShown: boolean; text: string }[] = [];
      let sampling = true;
      const sample = () => {
        // "Stopping…", or already the end: an abort alone (agents) can finish before the next frame.
        const stopShown = visibleText(part(element, 'stop-button')) === 'Stopping…' || (part(element, 'stop-button') === null && part(element, 'stopped-note') !== null);
        frames.push({ stopShown, text: agentText(element) });
        if (sampling) requestAnimationFrame(sample);
      };
      const stopped = element.stop();
      requestAnimationFrame(sample);
      await stopped;
      expect(((await completed) as ConvoReplyCompletedEvent).detail.outcome).to.equal('stopped');
      await waitUntil(() => element.session.runState === 'idle', 'the run did not end');
      // The server had been asked to stop: anything it still sent must stay unseen.
      await new Promise((resolve) => setTimeout(resolve, 500));
      sampling = false;
      await nextFrame();

      expect(frames[0]!.stopShown, 'the first frame after stop() must show the stop').to.equal(true);
      const atStop = frames[0]!.text;
      expect(atStop.length).to.be.greaterThan(40);
      expect(frames.filter((frame) => frame.text !== atStop)).to.deep.equal([]);
      expect(agentText(element)).to.equal(atStop);
      expect(part(element, 'stop-button')).to.equal(null);
      expect(visibleText(part(element, 'stopped-note'))).to.equal('Stopped');
    });
  });
}

describe('<convo-chat> a stop the server refuses (posthog)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer({ rate: 40 });
  });

  after(async () => {
    await server.stop();
  });

  it('says the reply could not be stopped, with a convo-error for the stop, and the reply goes on to its end', async function () {
    this.timeout(60000);
    const element = await chatWithAttributes(server, 'posthog');
    // `stuck`: the reference server answers the cancel with 422, as PostHog does for a run it cannot stop.
    void element.send('Answer this, you are stuck on this one');
    await waitUntil(() => agentText(element).length > 40, 'no text streamed', { timeout: 10000 });
    const failed = oneEvent(element, 'convo-error');
    await element.stop();
    const { detail } = (await failed) as ConvoErrorEvent;
    expect(detail.operation).to.equal('stop');
    expect((detail.error as { status?: number }).status).to.equal(422);
    await waitUntil(() => part(element, 'problem') !== null, 'the refusal was not shown');
    expect(visibleText(part(element, 'problem'))).to.contain(detail.message);
    expect(part(element, 'problem')!.querySelector('[part~="retry-button"]')).to.not.equal(null);

    // The server's run goes on: so does the reply here, stoppable again, and it ends as the server holds it.
    expect(part(element, 'stop-button')).to.not.equal(null);
    const shownWhenRefused = agentText(element).length;
    await waitForReply(element, 40000);
    const stored = (await clientFor(server, 'posthog').conversations.get(element.conversationId!)).messages ?? [];
    const reply = stored.filter((message) => message.role !== 'user').at(-1)!;
    const shown = element.session.transcript.entries.filter((entry) => entry.role !== 'user').at(-1)!;
    expect(textOf(shown.parts)).to.equal(textOf(reply.parts));
    expect(textOf(reply.parts).length).to.be.greaterThan(shownWhenRefused);
    expect(part(element, 'stopped-note')).to.equal(null);
  });
});
