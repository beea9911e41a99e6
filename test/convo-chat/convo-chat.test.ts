import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { createClient } from '../../src/api/client.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { createDraftStore } from '../../src/store/drafts.js';
import { DIALECTS, chatWithAttributes, clientFor, freshDraftStore, nextFrame, part, parts, visibleText, waitForReply } from './chat-fixture.js';

async function typeAndSend(element: ConvoChat, text: string): Promise<void> {
  part<HTMLTextAreaElement>(element, 'input')!.focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer();
    });

    after(async () => {
      await server.stop();
    });

    it('works from attributes alone: an empty conversation, a labelled composer, accessible', async () => {
      const element = await chatWithAttributes(server, dialect);
      expect(part(element, 'empty')).to.not.equal(null);
      const input = part<HTMLTextAreaElement>(element, 'input')!;
      expect(input.disabled).to.equal(false);
      expect(input.getAttribute('aria-label')).to.equal('Message');
      expect(part(element, 'transcript')!.getAttribute('role')).to.equal('log');
      await expect(element).to.be.accessible();
    });

    it('shows the message at once, confirms it, and streams the reply', async () => {
      const element = await chatWithAttributes(server, dialect);
      const completed = oneEvent(element, 'convo-reply-completed');
      await typeAndSend(element, 'Tell me about retention');
      await element.updateComplete;
      await nextFrame();
      const mine = parts(element, 'message-user');
      expect(mine).to.have.length(1);
      expect(visibleText(mine[0]!)).to.contain('Tell me about retention');
      expect(part<HTMLTextAreaElement>(element, 'input')!.value).to.equal('');
      const { detail } = await completed;
      expect(detail.outcome).to.equal('completed');
      expect(detail.text.length).to.be.greaterThan(20);
      await waitForReply(element);
      expect(parts(element, 'message-user')[0]!.dataset['delivery']).to.equal('sent');
      // The reply is markdown: headings, tables and highlighted code, not raw text.
      await waitUntil(() => part(element, 'md-code-block') !== null, 'no code block rendered');
      const reply = parts(element, 'message-agent');
      const shown = reply[reply.length - 1]!;
      expect(visibleText(shown)).to.contain('“Tell me about retention”');
      expect(visibleText(shown)).not.to.contain('## ');
      expect(shown.querySelector('[part~="md-heading"]')).to.not.equal(null);
      expect(shown.querySelector('[part~="md-table"]')).to.not.equal(null);
      expect(shown.querySelector('[part~="md-copy-button"]')).to.not.equal(null);
      expect(element.conversationId).to.be.a('string');
      await expect(element).to.be.accessible();
    });

    it('breaks lines with Shift+Enter and never sends while an input method composes', async () => {
      const element = await chatWithAttributes(server, dialect);
      const input = part<HTMLTextAreaElement>(element, 'input')!;
      input.focus();
      await sendKeys({ type: 'first line' });
      await sendKeys({ press: 'Shift+Enter' });
      await sendKeys({ type: 'second' });
      expect(input.value).to.equal('first line\nsecond');
      input.dispatchEvent(new CompositionEvent('compositionstart'));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, isComposing: true }));
      input.dispatchEvent(new CompositionEvent('compositionend'));
      await element.updateComplete;
      expect(parts(element, 'message-user')).to.have.length(0);
      expect(input.value).to.equal('first line\nsecond');
    });

    it('keeps the draft across a reload and forgets it once sent', async () => {
      const databaseName = `convo-chat-draft-${dialect}-${Date.now()}`;
      const element = await chatWithAttributes(server, dialect, createDraftStore({ databaseName }));
      part<HTMLTextAreaElement>(element, 'input')!.focus();
      await sendKeys({ type: 'half a thought' });
      // Hiding the page writes the draft at once (no waiting for the debounce).
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      element.remove();
      const reloaded = await chatWithAttributes(server, dialect, createDraftStore({ databaseName }));
      await waitUntil(() => part<HTMLTextAreaElement>(reloaded, 'input')!.value === 'half a thought', 'the draft was not restored');
      part<HTMLTextAreaElement>(reloaded, 'input')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitForReply(reloaded);
      reloaded.remove();
      const again = await chatWithAttributes(server, dialect, createDraftStore({ databaseName }));
      await nextFrame();
      expect(part<HTMLTextAreaElement>(again, 'input')!.value).to.equal('');
    });

    it('forgets the draft the moment a message is sent, before the server has answered', async () => {
      // Every write waits until released, so the send is caught between the key press and the server.
      let release!: () => void;
      const writesHeld = new Promise<void>((resolve) => (release = resolve));
      const heldFetch: typeof fetch = async (input, init) => {
        const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
        if (method !== 'GET') await writesHeld;
        return fetch(input, init);
      };
      const settings =
        dialect === 'posthog'
          ? ({ baseUrl: server.url, dialect, environmentId: '1' } as const)
          : ({ baseUrl: server.agentsBaseUrl, dialect, agentId: 'demo-agent' } as const);
      const client = createClient({ ...settings, token: server.token, retry: false, fetch: heldFetch });
      const drafts = freshDraftStore();
      const element = await fixture<ConvoChat>(html`<convo-chat style="--convo-chat-height: 6000px" .client=${client} .draftStore=${drafts}></convo-chat>`);
      const key = element.session.draftKey;
      part<HTMLTextAreaElement>(element, 'input')!.focus();
      await sendKeys({ type: 'sent before the answer' });
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await waitUntil(async () => (await drafts.load(key)) === 'sent before the answer', 'the draft was not saved');
      await sendKeys({ press: 'Enter' });
      // A reload now would restore whatever the store holds: it must hold nothing, while the send still waits.
      await waitUntil(async () => (await drafts.load(key)) === '', 'the draft outlived the send while the server had not answered');
      expect(parts(element, 'message-user')).to.have.length(1);
      release();
      await waitForReply(element);
      expect(await drafts.load(key)).to.equal('');
    });

    it('lets a convo-send listener keep the message from the server', async () => {
      const element = await chatWithAttributes(server, dialect);
      element.addEventListener('convo-send', (event) => event.preventDefault(), { once: true });
      expect(await element.send('kept back')).to.equal(false);
      await nextFrame();
      expect(parts(element, 'message-user')).to.have.length(0);
    });

    it('says why a message failed and sends it again on retry', async () => {
      const element = await chatWithAttributes(server, dialect, freshDraftStore(), 'wrong-token');
      const failed = oneEvent(element, 'convo-error');
      await element.send('Will this go through?');
      const { detail } = await failed;
      expect(detail.operation).to.equal('send');
      await element.updateComplete;
      await nextFrame();
      const delivery = part(element, 'delivery-failed')!;
      expect(visibleText(delivery)).to.match(/^Not sent: .+/);
      expect(parts(element, 'message-user')[0]!.dataset['delivery']).to.equal('failed');
      // The page fixes its token; retry delivers the same message.
      element.token = server.token;
      await element.updateComplete;
      part<HTMLButtonElement>(element, 'retry-button')!.click();
      await waitForReply(element);
      expect(parts(element, 'message-user')).to.have.length(1);
      expect(parts(element, 'message-user')[0]!.dataset['delivery']).to.equal('sent');
    });

    it('takes a .client property, and a client handed down by <convo-provider>', async () => {
      const direct = await fixture<ConvoChat>(html`<convo-chat .client=${clientFor(server, dialect)} .draftStore=${freshDraftStore()}></convo-chat>`);
      await direct.send('hello from a property');
      await waitForReply(direct);
      expect(parts(direct, 'message-agent').length).to.be.greaterThan(0);

      const provider = await fixture(html`<convo-provider .client=${clientFor(server, dialect)}><convo-chat .draftStore=${freshDraftStore()}></convo-chat></convo-provider>`);
      const nested = provider.querySelector('convo-chat')!;
      await nested.updateComplete;
      expect(nested.activeClient).to.not.equal(undefined);
      await nested.send('hello from a provider');
      await waitForReply(nested);
      expect(parts(nested, 'message-agent').length).to.be.greaterThan(0);
    });

    it('opens a stored conversation with its messages', async () => {
      const first = await chatWithAttributes(server, dialect);
      await first.send('Remember this conversation');
      await waitForReply(first);
      const id = first.conversationId!;
      const second = await chatWithAttributes(server, dialect);
      const opened = oneEvent(second, 'convo-conversation-open');
      await second.open(id);
      expect((await opened).detail.conversationId).to.equal(id);
      await waitUntil(() => parts(second, 'message-user').length === 1 && parts(second, 'message-agent').length > 0, 'the messages did not load');
      expect(visibleText(parts(second, 'message-user')[0]!)).to.contain('Remember this conversation');
    });
  });
}

describe('<convo-chat> drafts without storage', () => {
  it('tells the person that drafts will not survive a reload, and stops once storage works again', async () => {
    const listeners = new Set<(persistent: boolean) => void>();
    let persistent = false;
    const brokenStore = {
      get persistent() {
        return persistent;
      },
      load: async () => '',
      save: async () => undefined,
      onPersistenceChange(listener: (value: boolean) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const element = await fixture<ConvoChat>(html`<convo-chat .draftStore=${brokenStore}></convo-chat>`);
    await element.updateComplete;
    expect(visibleText(part(element, 'storage-note'))).to.equal('Drafts and unsent messages cannot be saved in this browser; they will not survive a reload.');
    persistent = true;
    for (const listener of listeners) listener(true);
    await element.updateComplete;
    expect(part(element, 'storage-note')).to.equal(null);
  });
});

describe('<convo-chat> synchronous agents endpoint', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('sends without streaming when asked, and shows the whole reply', async () => {
    const element = await chatWithAttributes(server, 'agents');
    element.synchronous = true;
    await element.updateComplete;
    const completed = oneEvent(element, 'convo-reply-completed');
    await element.send('Tell me about the synchronous endpoint');
    expect((await completed).detail.outcome).to.equal('completed');
    await waitForReply(element);
    expect(parts(element, 'message-user')).to.have.length(1);
    expect(parts(element, 'message-user')[0]!.dataset['delivery']).to.equal('sent');
    expect(visibleText(parts(element, 'message-agent')[0]!)).to.contain('synchronous endpoint');
  });
});

describe('<convo-chat> a message the outbox has not taken yet (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  const pressedNotes = () => Object.keys(sessionStorage).filter((name) => name.startsWith('convo-elements pressed '));

  it('comes back in the composer of the next page when the page went away while the conversation was being created, never sent', async () => {
    // Creating the conversation never answers: the page goes away while the message waits for it.
    const heldFetch: typeof fetch = (input, init) => {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      if (method !== 'POST') return fetch(input, init);
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    };
    const client = createClient({ baseUrl: server.agentsBaseUrl, dialect: 'agents', agentId: 'demo-agent', token: server.token, retry: false, fetch: heldFetch });
    const conversationsBefore = (await clientFor(server, 'agents').conversations.list()).items.length;
    const drafts = freshDraftStore();
    const first = await fixture<ConvoChat>(html`<convo-chat .client=${client} .draftStore=${drafts} outbox-database=${`pressed-${Date.now()}`}></convo-chat>`);
    part<HTMLTextAreaElement>(first, 'input')!.focus();
    await sendKeys({ type: 'sent just before the page went away' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => parts(first, 'message-user').length === 1, 'the message was not shown');
    expect(part<HTMLTextAreaElement>(first, 'input')!.value).to.equal('');
    first.remove();

    const next = await fixture<ConvoChat>(html`<convo-chat .client=${clientFor(server, 'agents')} .draftStore=${drafts} outbox-database=${`pressed-next-${Date.now()}`}></convo-chat>`);
    await waitUntil(() => part<HTMLTextAreaElement>(next, 'input')?.value === 'sent just before the page went away', 'the message did not come back to the composer');
    expect(parts(next, 'message-user')).to.have.length(0);
    // Taken back once, and kept as the draft from then on.
    expect(pressedNotes()).to.deep.equal([]);
    await waitUntil(async () => (await drafts.load('new')) === 'sent just before the page went away', 'the message taken back was not saved as the draft');
    expect((await clientFor(server, 'agents').conversations.list()).items).to.have.length(conversationsBefore);
  });

  it('keeps no note once the outbox holds the message', async () => {
    const element = await chatWithAttributes(server, 'agents');
    part<HTMLTextAreaElement>(element, 'input')!.focus();
    await sendKeys({ type: 'an ordinary message' });
    await sendKeys({ press: 'Enter' });
    await waitForReply(element);
    expect(pressedNotes()).to.deep.equal([]);
    const again = await chatWithAttributes(server, 'agents');
    await nextFrame();
    expect(part<HTMLTextAreaElement>(again, 'input')!.value).to.equal('');
  });
});
