/**
 * Builds a `<convo-chat>` connected to a real reference server in either dialect, each with its own drafts
 * database, and the queries element tests share (by `part`, as a person's eye would find things).
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import '../../src/elements/convo-chat/define-convo-chat.js';
import '../../src/elements/convo-provider/define-convo-provider.js';
import { createDraftStore, type DraftStore } from '../../src/store/drafts.js';
import type { ReferenceServer } from '../helpers/reference-server.js';

export type Dialect = 'posthog' | 'agents';
export const DIALECTS: readonly Dialect[] = ['posthog', 'agents'];

let databases = 0;
export function freshDraftStore(): DraftStore {
  databases += 1;
  return createDraftStore({ databaseName: `convo-chat-test-${Date.now()}-${databases}` });
}

export function clientFor(server: ReferenceServer, dialect: Dialect, token = server.token): ConvoClient {
  return dialect === 'posthog'
    ? createClient({ baseUrl: server.url, token, dialect, environmentId: '1', retry: false })
    : createClient({ baseUrl: server.agentsBaseUrl, token, dialect, agentId: 'demo-agent', retry: false });
}

/**
 * A chat configured by attributes only, as a page without JavaScript of its own would write it. Tall by
 * default, so that a test counting messages sees every one (the transcript renders only what is near the
 * viewport); tests of that virtualisation pass a real height.
 */
export async function chatWithAttributes(
  server: ReferenceServer,
  dialect: Dialect,
  draftStore = freshDraftStore(),
  token = server.token,
  height = '6000px',
): Promise<ConvoChat> {
  const style = `--convo-chat-height: ${height}`;
  const element =
    dialect === 'posthog'
      ? await fixture<ConvoChat>(html`<convo-chat style=${style} base-url=${server.url} token=${token} dialect="posthog" environment-id="1" .draftStore=${draftStore}></convo-chat>`)
      : await fixture<ConvoChat>(
          html`<convo-chat style=${style} base-url=${server.agentsBaseUrl} token=${token} dialect="agents" agent-id="demo-agent" .draftStore=${draftStore}></convo-chat>`,
        );
  await element.updateComplete;
  return element;
}

export function part<T extends Element = HTMLElement>(element: ConvoChat, name: string): T | null {
  return element.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends Element = HTMLElement>(element: ConvoChat, name: string): T[] {
  return [...element.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

/** The text of a message's parts, as stored (markdown source): what a reply shown must equal. */
export function textOf(parts: readonly { kind: string; text?: string }[]): string {
  return parts.map((piece) => (piece.kind === 'text' ? (piece.text ?? '') : '')).join('');
}

export function visibleText(element: Element | null): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the agent's last message has text and the run is over. */
export async function waitForReply(element: ConvoChat, timeout = 10000): Promise<void> {
  await waitUntil(() => element.session.runState === 'idle' && parts(element, 'message-agent').length > 0, 'the reply did not finish', { timeout });
  await element.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await element.updateComplete;
}

export async function nextFrame(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(resolve));
}
