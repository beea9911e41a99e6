// The chaos test's own view of the reference server, over plain HTTP straight to the server (never through
// the cut proxy, never through the client under test): create a conversation for a schedule, and read back
// what the server holds as turns (the person's message and the agent's reply texts after it).

import { randomUUID } from 'node:crypto';

const POSTHOG_CONVERSATIONS = '/api/projects/1/conversations/';
const AGENTS_BASE = '/tenants/demo/api/v2';
const AGENTS_CONVERSATIONS = `${AGENTS_BASE}/agents/demo-agent/conversations`;

/**
 * @typedef {{human: string, replies: string[]}} Turn a message of the person's and the agent's reply texts
 *   (markdown) after it, up to the next message of the person's
 * @typedef {{turns: Turn[], running: boolean | null, fingerprint: string}} ServerConversation
 *   `running`: the server says a reply is being written (PostHog); null where the API cannot say (agents)
 */

/**
 * The element's attributes for a conversation, pointing at `apiUrl` (the proxy in front of the server).
 * @param {'posthog' | 'agents'} dialect
 * @param {{apiUrl: string, token: string, conversationId: string}} where
 */
export function chatAttributes(dialect, { apiUrl, token, conversationId }) {
  return dialect === 'posthog'
    ? { 'base-url': apiUrl, token, dialect, 'project-id': '1', 'conversation-id': conversationId }
    : { 'base-url': `${apiUrl}${AGENTS_BASE}`, token, dialect, 'agent-id': 'demo-agent', 'conversation-id': conversationId };
}

/**
 * Creates a conversation holding one finished turn (`text` and its reply), so every tab opens an existing
 * conversation: PostHog lists and retrieves only conversations with a title, which the first message gives.
 * @param {'posthog' | 'agents'} dialect
 * @param {{serverUrl: string, token: string, text: string}} options
 * @returns {Promise<string>} the conversation id
 */
export async function createConversation(dialect, { serverUrl, token, text }) {
  if (dialect === 'posthog') {
    const conversationId = randomUUID();
    const response = await request(serverUrl, token, 'POST', POSTHOG_CONVERSATIONS, { content: text, conversation: conversationId, trace_id: randomUUID() });
    // Create is the stream: it ends when the reply is stored.
    await response.text();
    return conversationId;
  }
  const conversation = await (await request(serverUrl, token, 'POST', AGENTS_CONVERSATIONS, { name: 'New conversation' })).json();
  await (await request(serverUrl, token, 'POST', `${AGENTS_CONVERSATIONS}/${conversation.id}/messages`, { content: text })).json();
  return conversation.id;
}

/**
 * @param {'posthog' | 'agents'} dialect
 * @param {{serverUrl: string, token: string, conversationId: string}} options
 * @returns {Promise<ServerConversation>}
 */
export async function readConversation(dialect, { serverUrl, token, conversationId }) {
  /** @type {{role: 'person' | 'agent', texts: string[], id: string}[]} */
  const messages = [];
  let running = null;
  if (dialect === 'posthog') {
    const conversation = await (await request(serverUrl, token, 'GET', `${POSTHOG_CONVERSATIONS}${conversationId}/`)).json();
    running = conversation.status !== 'idle';
    for (const message of conversation.messages) {
      if (message.type === 'human') messages.push({ role: 'person', texts: [String(message.content ?? '')], id: message.id });
      // Reply text is an `ai` message's content; reasoning, tools and failures are not text replies.
      else if (message.type === 'ai' && typeof message.content === 'string' && message.content !== '') messages.push({ role: 'agent', texts: [message.content], id: message.id });
    }
  } else {
    /** @type {string | null} */
    let next = null;
    do {
      const query = new URLSearchParams({ limit: '1000' });
      if (next) query.set('next', next);
      const page = await (await request(serverUrl, token, 'GET', `${AGENTS_CONVERSATIONS}/${conversationId}/messages?${query}`)).json();
      for (const message of page.data) {
        const texts = message.content.filter((item) => item.kind === 'text').map((item) => String(item.text ?? ''));
        messages.push({ role: message.role === 'user' ? 'person' : 'agent', texts: message.role === 'user' ? [texts.join('')] : texts, id: message.message_id });
      }
      next = page.has_more ? page.next : null;
    } while (next);
  }
  /** @type {Turn[]} */
  const turns = [];
  for (const message of messages) {
    if (message.role === 'person') turns.push({ human: message.texts[0], replies: [] });
    else turns[turns.length - 1]?.replies.push(...message.texts);
  }
  const last = messages[messages.length - 1];
  return { turns, running, fingerprint: `${running}|${messages.length}|${last?.id ?? ''}|${last?.role ?? ''}` };
}

/**
 * @param {string} serverUrl
 * @param {string} token
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function request(serverUrl, token, method, path, body) {
  const response = await fetch(`${serverUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}
