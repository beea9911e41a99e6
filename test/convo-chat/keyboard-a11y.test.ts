/**
 * `<convo-chat>` for keyboard and screen reader users: the order Tab walks, focus that shows, a name on every
 * control, the transcript as a named log, and motion that stops when the person asks for less.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, part, parts, visibleText, waitForReply } from './chat-fixture.js';

/** The element inside the chat that has focus (the document only sees the host). */
function focused(element: ConvoChat): HTMLElement | null {
  return document.activeElement === element ? (element.shadowRoot!.activeElement as HTMLElement | null) : null;
}

/** A focus stop as a test names it: its `part` names without the generic `button`, else its tag. */
function stopName(stop: HTMLElement | null): string {
  if (stop === null) return '(outside the chat)';
  const names = (stop.getAttribute('part') ?? '').split(/\s+/).filter((name) => name !== '' && name !== 'button');
  return names[0] ?? stop.localName;
}

/** How focus is drawn on `target`: outline and shadow, as computed. */
function focusLook(target: Element): string {
  const style = getComputedStyle(target);
  return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow}`;
}

interface FocusStop {
  target: HTMLElement | null;
  look: string;
  /** How many pixels of the focus ring a scrolling or clipping ancestor cuts off, on the worst side. */
  clipped: number;
}

/**
 * How far the focus ring (the outline, drawn `outline-offset` outside the border box) reaches past the nearest
 * edges that clip it: ancestors whose overflow is not visible, up to and including the host.
 */
function focusRingClipped(target: HTMLElement): number {
  const style = getComputedStyle(target);
  if (style.outlineStyle === 'none') return 0;
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
  const box = target.getBoundingClientRect();
  const ring = { left: box.left - reach, top: box.top - reach, right: box.right + reach, bottom: box.bottom + reach };
  let worst = 0;
  for (let ancestor: Element | null = target.parentElement ?? (target.getRootNode() as ShadowRoot).host; ancestor !== null; ) {
    const clipping = getComputedStyle(ancestor);
    if (clipping.overflowX !== 'visible' || clipping.overflowY !== 'visible') {
      const edge = ancestor.getBoundingClientRect();
      const inner = {
        left: edge.left + parseFloat(clipping.borderLeftWidth),
        top: edge.top + parseFloat(clipping.borderTopWidth),
        right: edge.right - parseFloat(clipping.borderRightWidth),
        bottom: edge.bottom - parseFloat(clipping.borderBottomWidth),
      };
      worst = Math.max(worst, inner.left - ring.left, inner.top - ring.top, ring.right - inner.right, ring.bottom - inner.bottom);
    }
    const root = ancestor.getRootNode();
    ancestor = ancestor.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  }
  return Math.round(worst * 10) / 10;
}

/** Presses Tab until focus reaches the part `until` (or leaves the chat), recording every stop on the way. */
async function tabThrough(element: ConvoChat, until: string, limit = 80): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let press = 0; press < limit; press += 1) {
    await sendKeys({ press: 'Tab' });
    const target = focused(element);
    stops.push({ target, look: target === null ? '' : focusLook(target), clipped: target === null ? 0 : focusRingClipped(target) });
    if (target === null || stopName(target) === until) break;
  }
  return stops;
}

/**
 * The accessible name a screen reader announces, for the ways this element names things: `aria-labelledby`,
 * `aria-label`, a `<label>`, the content, `title`.
 */
function accessibleName(control: HTMLElement, root: ShadowRoot): string {
  const labelledBy = control.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(/\s+/).map((id) => visibleText(root.getElementById(id))).join(' ').trim();
  const label = control.getAttribute('aria-label')?.trim();
  if (label) return label;
  const labels = (control as HTMLInputElement).labels;
  if (labels && labels.length > 0) return [...labels].map((node) => visibleText(node)).join(' ');
  if (['button', 'a', 'summary'].includes(control.localName)) {
    const content = visibleText(control) || [...control.querySelectorAll('img[alt]')].map((image) => image.getAttribute('alt')).join(' ');
    if (content) return content;
  }
  return control.title.trim();
}

/** Every control a person can operate (hidden ones are out of the accessibility tree). */
function controls(element: ConvoChat): HTMLElement[] {
  const selector = 'button, input, textarea, select, a[href], summary, [tabindex]:not([tabindex="-1"])';
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>(selector)].filter((control) => !control.closest('[hidden]'));
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> keyboard and screen readers (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer();
    });

    after(async () => {
      await server.stop();
    });

    it('walks list → header → transcript → composer → send with Tab, and back with Shift+Tab, every stop visibly focused', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('Tell me about keyboards');
      await waitForReply(element);
      await waitUntil(() => part(element, 'md-copy-button') !== null, 'the reply’s code block was not painted');
      element.showConversations = true;
      await waitUntil(() => parts(element, 'conversation-item').length > 0, 'the list did not load');
      part<HTMLTextAreaElement>(element, 'input')!.focus();
      await sendKeys({ type: 'a follow-up' });

      part<HTMLButtonElement>(element, 'new-conversation')!.focus();
      const stops = [{ target: focused(element), look: '', clipped: 0 }, ...(await tabThrough(element, 'send-button'))];
      const names = stops.map((stop) => stopName(stop.target));
      expect(names[names.length - 1]).to.equal('send-button');
      expect(names).not.to.include('(outside the chat)');
      const order = ['new-conversation', 'conversation-open', 'conversation-delete', 'conversations-toggle', 'transcript', 'input', 'send-button'];
      const positions = order.map((name) => names.indexOf(name));
      expect(positions, names.join(' → ')).not.to.include(-1);
      expect([...positions].sort((a, b) => a - b), names.join(' → ')).to.deep.equal(positions);
      // What lies between the transcript and the composer is the reply's own controls (copy, links).
      const transcript = part(element, 'transcript')!;
      for (const stop of stops.slice(positions[4]! + 1, positions[5]!)) expect(transcript.contains(stop.target), stopName(stop.target)).to.equal(true);
      expect(names.slice(positions[4]! + 1, positions[5]!)).to.include('md-copy-button');
      if (dialect === 'agents') expect(names.slice(positions[5]!)).to.deep.equal(['input', 'attach-button', 'send-button']);
      else expect(names.slice(positions[5]!)).to.deep.equal(['input', 'send-button']);

      // Focus shows: every stop reached by Tab looks different from the same control unfocused.
      const keyboardStops = stops.slice(1);
      part<HTMLButtonElement>(element, 'new-conversation')!.focus();
      (document.activeElement as HTMLElement | null)?.blur();
      for (const stop of keyboardStops) {
        expect(stop.look, `${stopName(stop.target)} shows no focus`).not.to.equal(focusLook(stop.target!));
        expect(stop.look, `${stopName(stop.target)} shows no focus`).not.to.match(/^none /);
      }
      // ... and no scrolling list or box cuts the ring off.
      const cut = keyboardStops.filter((stop) => stop.clipped > 0).map((stop) => `${stopName(stop.target)} by ${stop.clipped}px`);
      expect(cut).to.deep.equal([]);

      part<HTMLButtonElement>(element, 'send-button')!.focus();
      await sendKeys({ press: 'Shift+Tab' });
      expect(stopName(focused(element))).to.equal(dialect === 'agents' ? 'attach-button' : 'input');
    });

    it('names every control, and the transcript is a log named by the conversation’s title', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('Use the tool, then give me quick replies');
      await waitForReply(element);
      element.showConversations = true;
      await waitUntil(() => parts(element, 'conversation-item').length > 0, 'the list did not load');
      part<HTMLDetailsElement>(element, 'tool-call')!.open = true;
      if (dialect === 'agents') {
        part<HTMLButtonElement>(element, 'files-toggle')!.click();
        // An upload row brings its own controls.
        const transfer = new DataTransfer();
        transfer.items.add(new File(['a,b\n'], 'named.csv', { type: 'text/csv' }));
        part(element, 'input')!.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
        await waitUntil(() => parts(element, 'file').length > 0 && part(element, 'upload') !== null, 'the file did not upload');
      }
      // The reply's quick replies and the list's rows render from chunks that may still be arriving.
      await waitUntil(() => controls(element).length > 15 && parts(element, 'quick-reply').length > 0, 'fewer than 16 controls, or no quick replies', { timeout: 5000 });
      await element.updateComplete;
      const root = element.shadowRoot!;
      const all = controls(element);
      const unnamed = all.filter((control) => accessibleName(control, root) === '').map((control) => control.outerHTML.slice(0, 120));
      expect(unnamed).to.deep.equal([]);
      expect(parts(element, 'quick-reply').length).to.be.greaterThan(0);

      const transcript = part(element, 'transcript')!;
      expect(transcript.getAttribute('role')).to.equal('log');
      expect(accessibleName(transcript, root)).to.equal(visibleText(part(element, 'title')));
      expect(accessibleName(transcript, root).length).to.be.greaterThan(0);
    });

    it('keeps focus in the chat when the control it was on goes away', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('Tell me about focus, with quick replies');
      await waitForReply(element);
      element.showConversations = true;
      await waitUntil(() => parts(element, 'conversation-item').length > 0, 'the list did not load');

      // Asking before a delete: the safe answer has focus; answering it goes back to the delete button.
      const deleteButton = parts<HTMLButtonElement>(element, 'conversation-delete')[0]!;
      const conversationName = deleteButton.getAttribute('aria-label');
      deleteButton.focus();
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(stopName(focused(element))).to.equal('cancel-delete');
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(stopName(focused(element))).to.equal('conversation-delete');
      expect(focused(element)!.getAttribute('aria-label')).to.equal(conversationName);

      // A quick reply sends and goes away with the reply it belonged to: focus lands in the composer.
      const quickReply = parts<HTMLButtonElement>(element, 'quick-reply').find((reply) => reply.localName === 'button')!;
      quickReply.focus();
      await sendKeys({ press: 'Enter' });
      await waitForReply(element);
      await waitUntil(() => parts(element, 'message-user').length === 2, 'the quick reply was not sent');
      expect(quickReply.isConnected).to.equal(false);
      expect(stopName(focused(element))).to.equal('input');
    });

    it('announces a failed reply as a failure once, and raises no alarm for old failures when a conversation opens', async () => {
      const element = await chatWithAttributes(server, dialect);
      const live = element.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;
      await element.send('This one will fail');
      await waitForReply(element);
      await waitUntil(() => part(element, 'failure') !== null, 'no failure shown');
      expect(visibleText(live)).to.equal('The agent could not finish this reply.');

      // Read again later, the failure is history: it is shown, not announced (a role="alert" is read out each
      // time it enters the DOM, and virtualised rows enter it again on every scroll back). Only PostHog stores
      // a failure (`ai/failure`); the agents API keeps no trace of an `agent_error`.
      if (dialect === 'agents') return;
      const reader = await chatWithAttributes(server, dialect);
      await reader.open(element.conversationId!);
      await waitUntil(() => part(reader, 'failure') !== null, 'the stored failure was not shown');
      expect(part(reader, 'failure')!.querySelector('[part~="retry-button"]')).to.not.equal(null);
      expect([...part(reader, 'transcript')!.querySelectorAll('[role="alert"]')].map((node) => node.outerHTML.slice(0, 80))).to.deep.equal([]);
    });

    describe('with reduced motion', () => {
      afterEach(async () => {
        await emulateMedia({ reducedMotion: 'no-preference' });
      });

      it('pulses the working indicators only when the person has not asked for less motion', async function () {
        this.timeout(30000);
        const slow = await startReferenceServer({ rate: 15 });
        try {
          for (const reducedMotion of ['no-preference', 'reduce'] as const) {
            await emulateMedia({ reducedMotion });
            const element = await chatWithAttributes(slow, dialect);
            void element.send('Run the tool on signups');
            await waitUntil(() => part(element, 'tool-call')?.dataset['status'] === 'running', 'no running tool call', { timeout: 15000 });
            const running = element.shadowRoot!.getAnimations().filter((animation) => animation.playState === 'running');
            if (reducedMotion === 'reduce') expect(running.map((animation) => (animation as CSSAnimation).animationName)).to.deep.equal([]);
            else expect(running.length).to.be.greaterThan(0);
            expect(getComputedStyle(part(element, 'transcript')!).scrollBehavior).to.equal('auto');
            await element.stop();
            element.remove();
          }
        } finally {
          await slow.stop();
        }
      });
    });
  });
}
