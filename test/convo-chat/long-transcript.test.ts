import { expect, waitUntil } from '@open-wc/testing';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { chatWithAttributes, clientFor, nextFrame, part, visibleText, waitForReply } from './chat-fixture.js';

const MESSAGES = 2000;

/** A wheel turn up (what tells the chat the person wants to read back), then the scroll it causes. */
function scrollUpLikeAPerson(transcript: HTMLElement): void {
  transcript.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, bubbles: true, composed: true }));
  transcript.scrollTop = 0;
}

/** Every element in the chat's shadow tree, the rendered markdown included. */
function domSize(root: ShadowRoot): number {
  return root.querySelectorAll('*').length;
}

/** How far the transcript's view is above its bottom. */
function distanceFromBottom(transcript: HTMLElement): number {
  return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight;
}

/**
 * A new chat with one long reply, once its view has settled at the bottom. Following happens in the resize
 * observer's callback, after the layout of what the last frames painted (the reply's last blocks, the parts
 * that load with their chunk).
 */
async function chatAtBottomAfterLongReply(server: ReferenceServer) {
  const element = await chatWithAttributes(server, 'posthog', undefined, undefined, '36rem');
  await element.send('Write something long about long answers');
  await waitForReply(element);
  const transcript = part(element, 'transcript')!;
  await waitUntil(() => distanceFromBottom(transcript) < 48, 'the view did not settle at the bottom', { timeout: 3000 });
  return { element, transcript };
}

describe('<convo-chat> long transcripts (posthog)', () => {
  let server: ReferenceServer;
  let conversationId: string;

  before(async function () {
    this.timeout(120000);
    server = await startReferenceServer({ rateLimits: { other: 1_000_000 } });
    const writer = await chatWithAttributes(server, 'posthog');
    await writer.send('Start a long conversation');
    await waitForReply(writer);
    conversationId = writer.conversationId!;
    writer.remove();
    const client = clientFor(server, 'posthog');
    for (let batch = 0; batch < MESSAGES; batch += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          client.conversations.appendMessage(conversationId, `Stored message ${batch + index + 1}: *notes* about week ${batch + index + 1}, with a [link](https://posthog.com).`),
        ),
      );
    }
  });

  after(async () => {
    await server.stop();
  });

  it('opens 2,000 messages at the newest with only what is near the viewport in the DOM', async function () {
    this.timeout(30000);
    const element = await chatWithAttributes(server, 'posthog', undefined, undefined, '36rem');
    await element.open(conversationId);
    await waitUntil(() => element.session.transcript.entries.length > MESSAGES, 'the messages did not load', { timeout: 20000 });
    await waitUntil(() => visibleText(part(element, 'transcript')).includes(`Stored message ${MESSAGES}:`), 'the newest message is not shown');
    const size = domSize(element.shadowRoot!);
    expect(size).to.be.lessThan(1500);
    const transcript = part(element, 'transcript')!;
    await waitUntil(() => distanceFromBottom(transcript) < 48, 'the view is not at the newest message');
    await expect(element).to.be.accessible();
  });

  it('jumps to the top and back, offering "jump to latest" while away', async function () {
    this.timeout(30000);
    const element = await chatWithAttributes(server, 'posthog', undefined, undefined, '36rem');
    await element.open(conversationId);
    await waitUntil(() => visibleText(part(element, 'transcript')).includes(`Stored message ${MESSAGES}:`), 'the newest message is not shown', { timeout: 20000 });
    const transcript = part(element, 'transcript')!;
    scrollUpLikeAPerson(transcript);
    await waitUntil(() => visibleText(transcript).includes('Start a long conversation'), 'the top did not render');
    await waitUntil(() => part(element, 'jump-to-latest') !== null, 'no jump to latest');
    expect(domSize(element.shadowRoot!)).to.be.lessThan(1500);
    part<HTMLButtonElement>(element, 'jump-to-latest')!.click();
    await waitUntil(() => visibleText(transcript).includes(`Stored message ${MESSAGES}:`), 'did not jump back');
    await nextFrame();
    await waitUntil(() => distanceFromBottom(transcript) < 48, 'not at the bottom');
    expect(part(element, 'jump-to-latest')).to.equal(null);
  });

  it('follows a streaming reply at the bottom, and stops following when the person scrolls up', async function () {
    this.timeout(30000);
    const { element, transcript } = await chatAtBottomAfterLongReply(server);
    scrollUpLikeAPerson(transcript);
    await waitUntil(() => part(element, 'jump-to-latest') !== null, 'no jump to latest');
    await element.send('And another one');
    await waitForReply(element);
    expect(transcript.scrollTop).to.be.lessThan(200);
  });

  it('keeps following when a scroll event finds rows grown below the view, not the view scrolled up', async function () {
    this.timeout(30000);
    const { element, transcript } = await chatAtBottomAfterLongReply(server);
    // The newest row grows (its markdown rendered) and a scroll event arrives before the chat has followed:
    // the event finds the view 400 px short of the bottom, not scrolled up. (A scroll to the bottom whose
    // event is dispatched after rows grew again looks the same.)
    const newest = [...element.shadowRoot!.querySelectorAll('[part~="message"]')].at(-1)!;
    newest.append(Object.assign(document.createElement('div'), { style: 'height: 400px' }));
    transcript.dispatchEvent(new Event('scroll'));
    await nextFrame();
    await nextFrame();
    await waitUntil(() => distanceFromBottom(transcript) < 48, 'the view stopped following the newest message', { timeout: 3000 });
    expect(part(element, 'jump-to-latest')).to.equal(null);
  });
});
