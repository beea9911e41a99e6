import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, clientFor, nextFrame, part, parts, visibleText, waitForReply, type Dialect } from './chat-fixture.js';

function agentText(element: HTMLElement & { shadowRoot: ShadowRoot | null }): string {
  return [...element.shadowRoot!.querySelectorAll('[part~="message-agent"] [part~="text"]')].map((node) => node.textContent ?? '').join('');
}

/** What the person said in the conversation, as the server holds it. */
async function userTextsOnServer(server: ReferenceServer, dialect: Dialect, conversationId: string): Promise<string[]> {
  const messages = (await clientFor(server, dialect).conversations.get(conversationId)).messages ?? [];
  return messages.filter((message) => message.role === 'user').map((message) => message.parts.map((piece) => (piece.kind === 'text' ? piece.text : '')).join(''));
}

/** A chat whose agent is answering `question` while the person types `followUps`. */
async function chatWithFollowUps(server: ReferenceServer, dialect: Dialect, question: string, followUps: readonly string[]): Promise<ConvoChat> {
  const element = await chatWithAttributes(server, dialect);
  void element.send(question);
  await waitUntil(() => element.session.runState === 'streaming', 'the reply did not start', { timeout: 8000 });
  for (const text of followUps) await element.send(text);
  return element;
}

function userBubbles(element: HTMLElement & { shadowRoot: ShadowRoot | null }): string[] {
  return [...element.shadowRoot!.querySelectorAll('[part~="message-user"] [part~="bubble"]')].map((bubble) => visibleText(bubble));
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> stop and queue (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      // Slow enough to act while the reply is still being written.
      server = await startReferenceServer({ rate: 40 });
    });

    after(async () => {
      await server.stop();
    });

    it('stops a running reply: "stopping…" at once, then no more text', async () => {
      const element = await chatWithAttributes(server, dialect);
      const completed = oneEvent(element, 'convo-reply-completed');
      void element.send('Write something long about onboarding');
      await waitUntil(() => agentText(element).length > 40, 'no text streamed', { timeout: 8000 });
      part<HTMLButtonElement>(element, 'stop-button')!.click();
      await element.updateComplete;
      const stopButton = part<HTMLButtonElement>(element, 'stop-button')!;
      expect(visibleText(stopButton)).to.equal('Stopping…');
      expect(stopButton.disabled).to.equal(true);
      // What the person sees from then on is what the next frame paints.
      await nextFrame();
      const shownAtStop = agentText(element);
      expect((await completed).detail.outcome).to.equal('stopped');
      await waitUntil(() => element.session.runState === 'idle');
      await new Promise((resolve) => setTimeout(resolve, 400));
      await nextFrame();
      expect(agentText(element)).to.equal(shownAtStop);
      expect(part(element, 'stop-button')).to.equal(null);
      expect(visibleText(part(element, 'stopped-note'))).to.equal('Stopped');
      await expect(element).to.be.accessible();
    });

    it('queues follow-ups typed while the agent works, shows them above the composer, and runs them in order', async function () {
      this.timeout(60000);
      const element = await chatWithFollowUps(server, dialect, 'Tell me about pricing', ['first follow-up', 'second follow-up', 'third follow-up']);
      await element.updateComplete;
      await nextFrame();
      const queued = parts(element, 'queue-item');
      expect(queued.map((item) => visibleText(item.querySelector('.queue-text')))).to.deep.equal(['first follow-up', 'second follow-up', 'third follow-up']);
      if (dialect === 'posthog') {
        // The server holds two; the third waits here, marked as such.
        await waitUntil(() => element.session.queue.filter((item) => item.serverId !== undefined).length === 2, 'the server queue did not fill');
        await element.updateComplete;
        expect(parts(element, 'queue-item')[2]!.querySelector('.queue-local')).to.not.equal(null);
      }
      await expect(element).to.be.accessible();
      // Remove the second; the others run after the reply, in order.
      parts(element, 'queue-item')[1]!.querySelector<HTMLButtonElement>('[part~="queue-remove-button"]')!.click();
      await waitUntil(() => parts(element, 'message-user').length === 3 && element.session.queue.length === 0 && element.session.runState === 'idle', 'the queue did not run', {
        timeout: 60000,
      });
      await waitForReply(element);
      expect(parts(element, 'message-user').map((message) => visibleText(message.querySelector('[part~="bubble"]')))).to.deep.equal([
        'Tell me about pricing',
        'first follow-up',
        'third follow-up',
      ]);
    });

    it('keeps queued follow-ups across a reload: the new element shows them, and they run once, in order', async function () {
      this.timeout(60000);
      const before = await chatWithFollowUps(server, dialect, 'Tell me about activation', ['first, typed before the reload', 'second, typed before the reload']);
      const id = before.conversationId!;
      before.remove();

      const after = await chatWithAttributes(server, dialect);
      await after.open(id);
      await waitUntil(
        () => after.session.queue.map((item) => item.content).join('|') === 'first, typed before the reload|second, typed before the reload',
        'the new element did not show the queued follow-ups',
        { timeout: 5000 },
      );
      await waitUntil(() => after.session.queue.length === 0 && after.session.runState === 'idle' && userBubbles(after).length === 3, 'the follow-ups did not run', { timeout: 60000 });
      await waitForReply(after);
      expect(userBubbles(after)).to.deep.equal(['Tell me about activation', 'first, typed before the reload', 'second, typed before the reload']);
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['Tell me about activation', 'first, typed before the reload', 'second, typed before the reload']);
    });

    it('a stop gives the queued follow-ups back to the composer, and they are never sent', async function () {
      this.timeout(30000);
      const element = await chatWithFollowUps(server, dialect, 'Tell me about cohorts', ['never mind, one', 'never mind, two']);
      if (dialect === 'posthog') await waitUntil(() => element.session.queue.every((item) => item.serverId !== undefined), 'the server queue did not take them');
      await element.stop();
      await waitUntil(() => element.session.runState === 'idle' && element.session.queue.length === 0, 'the queue was not cleared');
      await element.updateComplete;
      expect(part<HTMLTextAreaElement>(element, 'input')!.value).to.equal('never mind, one\n\nnever mind, two');
      const id = element.conversationId!;
      // Long enough for a follow-up left anywhere to have been sent.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['Tell me about cohorts']);
    });

    it('edits a queued follow-up before it runs', async function () {
      this.timeout(60000);
      const element = await chatWithFollowUps(server, dialect, 'Tell me about churn', ['typo follow-up']);
      await element.updateComplete;
      await nextFrame();
      part<HTMLButtonElement>(element, 'queue-edit-button')!.click();
      await element.updateComplete;
      const input = part<HTMLTextAreaElement>(element, 'queue-input')!;
      input.value = 'fixed follow-up';
      input.form!.requestSubmit();
      await element.updateComplete;
      expect(visibleText(part(element, 'queue-item')!.querySelector('.queue-text'))).to.equal('fixed follow-up');
      await waitUntil(() => parts(element, 'message-user').length === 2 && element.session.runState === 'idle' && element.session.queue.length === 0, 'the follow-up did not run', {
        timeout: 60000,
      });
      expect(visibleText(parts(element, 'message-user')[1]!.querySelector('[part~="bubble"]'))).to.equal('fixed follow-up');
    });
  });
}

describe('<convo-chat> a follow-up the server drops (posthog)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer({ rate: 40 });
  });

  after(async () => {
    await server.stop();
  });

  it('stays in the transcript as not sent, saying why in the element\'s language', async function () {
    this.timeout(40000);
    const element = await chatWithAttributes(server, 'posthog');
    element.strings = { followUpDropped: 'Vom Server verworfen, bevor sie lief.', failedBecause: 'Nicht gesendet: {reason}' };
    // A proposal waiting for the person clears the server's queue: the follow-up typed before it never runs.
    void element.send('Export the list, this needs approval');
    await waitUntil(() => element.session.runState === 'streaming', 'the reply did not start', { timeout: 8000 });
    await element.send('and mail it to me');
    await waitUntil(() => element.session.queue.some((item) => item.serverId !== undefined), 'the server queue did not take the follow-up', { timeout: 8000 });
    await waitUntil(() => part(element, 'delivery-failed') !== null, 'the dropped follow-up was not shown as not sent', { timeout: 30000 });
    await element.updateComplete;
    expect(visibleText(part(element, 'delivery-failed'))).to.match(/^Nicht gesendet: Vom Server verworfen, bevor sie lief\. /);
    expect(userBubbles(element)).to.deep.equal(['Export the list, this needs approval', 'and mail it to me']);
    expect(await userTextsOnServer(server, 'posthog', element.conversationId!)).to.deep.equal(['Export the list, this needs approval']);
  });
});
