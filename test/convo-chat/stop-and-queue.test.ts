import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, nextFrame, part, parts, visibleText, waitForReply } from './chat-fixture.js';

function agentText(element: HTMLElement & { shadowRoot: ShadowRoot | null }): string {
  return [...element.shadowRoot!.querySelectorAll('[part~="message-agent"] [part~="text"]')].map((node) => node.textContent ?? '').join('');
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
      const element = await chatWithAttributes(server, dialect);
      void element.send('Tell me about pricing');
      await waitUntil(() => element.session.runState === 'streaming', 'the reply did not start', { timeout: 8000 });
      await element.send('first follow-up');
      await element.send('second follow-up');
      await element.send('third follow-up');
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

    it('edits a queued follow-up before it runs', async function () {
      this.timeout(60000);
      const element = await chatWithAttributes(server, dialect);
      void element.send('Tell me about churn');
      await waitUntil(() => element.session.runState === 'streaming', 'the reply did not start', { timeout: 8000 });
      await element.send('typo follow-up');
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
