// The agents dialect (Sema4.ai agent server v2) under `/tenants/demo/api/v2/agents/demo-agent/`: conversations,
// their messages, a synchronous send and a streamed one. A reply is one agent message built from `{}` by a
// sequence of JSON Patch operations (`add`, `replace`, and `concat_string` for growing text), sent as
// `message_content` events; the same operations build the stored message, so `message_end.data` is always what
// the patches produce.

import { randomUUID } from 'node:crypto';
import { AGENTS_AGENT_ID, agentsError, agentsPath, notFound, paginateAgents, validationError } from './http.mjs';
import { ScriptedRun, pace, planReply, stableUuid, streamPieces, titleFrom } from './scripted-agent.mjs';

/** The collection holding agents conversations; other agents-dialect modules look conversations up here. */
export const AGENTS_CONVERSATIONS = 'agents-conversations';
/** Tool work between patches is slower than text: this many pieces of time per progress step. */
const PIECES_PER_PROGRESS_LINE = 6;
/** Raw JSON (tool arguments, chart specs) streams in pieces of this many characters. */
const RAW_JSON_PIECE = 24;
/** Names a conversation starts with that the first message replaces (`thread_name_updated`). */
const PLACEHOLDER_NAME = /^\s*(new (conversation|chat|thread))?\s*$/i;

/**
 * @typedef {{content_id: string, kind: string, complete: boolean, [field: string]: unknown}} ContentItem
 * @typedef {{message_id: string, role: 'user' | 'agent', content: ContentItem[], created_at: string, updated_at: string, complete: boolean}} AgentsMessage
 * @typedef {{id: string, name: string, agent_id: string, created_at: string, messages: AgentsMessage[], turns: number}} AgentsConversationRecord
 */

/**
 * The conversation with this id, or the agents 404. Used by every module under `conversations/{cid}/`.
 * @param {import('./store.mjs').Store} store
 * @param {string} id
 * @returns {AgentsConversationRecord}
 */
export function requireAgentsConversation(store, id) {
  const conversation = store.collection(AGENTS_CONVERSATIONS).get(id);
  if (!conversation) throw notFound('agents', `Conversation ${id} not found.`);
  return conversation;
}

/** The public shape of a conversation. @param {AgentsConversationRecord} c */
const conversationShape = (c) => ({ id: c.id, name: c.name, agent_id: c.agent_id });

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export async function registerAgentsConversations(router, { store, options, onClose }) {
  /** @type {import('./store.mjs').Collection<AgentsConversationRecord>} */
  const conversations = store.collection(AGENTS_CONVERSATIONS);
  /** @type {Map<string, ScriptedRun>} */
  const runs = new Map();
  onClose(() => {
    for (const run of runs.values()) run.abort.abort();
  });

  /** @param {AgentsConversationRecord} conversation */
  const save = (conversation) => conversations.set(conversation.id, conversation);

  /** @param {unknown} body */
  function contentOf(body) {
    const content = body && typeof body === 'object' ? /** @type {Record<string, unknown>} */ (body).content : undefined;
    if (typeof content !== 'string' || content.trim() === '') throw validationError('agents', 'content', 'a non-empty string is required');
    return content;
  }

  /** @param {AgentsConversationRecord} conversation */
  function refuseWhileRunning(conversation) {
    if (runs.has(conversation.id)) throw agentsError(409, 'conflict', 'The agent is still answering in this conversation; wait for it to finish.');
  }

  /**
   * Stores the person's message and runs the agent on it. The run belongs to the server: a stream that goes
   * away only detaches. Resolves when the run has finished.
   * @param {AgentsConversationRecord} conversation
   * @param {string} content
   * @param {ScriptedRun} run
   * @param {number} rate
   */
  async function runAgent(conversation, content, run, rate) {
    runs.set(conversation.id, run);
    const runId = randomUUID();
    /** @param {string} eventType @param {Record<string, unknown>} [fields] */
    const agentEvent = (eventType, fields = {}) =>
      run.emit('agent_event', { event_type: eventType, run_id: runId, thread_id: conversation.id, agent_id: conversation.agent_id, timestamp: new Date().toISOString(), ...fields });
    try {
      const now = new Date().toISOString();
      conversation.messages.push({
        message_id: randomUUID(),
        role: 'user',
        content: [{ content_id: randomUUID(), kind: 'text', complete: true, text: content, citations: [] }],
        created_at: now,
        updated_at: now,
        complete: true,
      });
      const renamed = conversation.messages.length === 1 && PLACEHOLDER_NAME.test(conversation.name);
      if (renamed) conversation.name = titleFrom(content);
      conversation.turns += 1;
      save(conversation);

      run.emit('agent_ready', { run_id: runId, thread_id: conversation.id, agent_id: conversation.agent_id });
      if (renamed) agentEvent('thread_name_updated', { new_name: conversation.name });

      const plan = planReply(content, { seed: options.seed, conversationId: conversation.id, turn: conversation.turns });
      await encodeReply(conversation, plan.steps, rate, run.abort.signal, agentEvent);
      agentEvent('agent_finished');
    } finally {
      runs.delete(conversation.id);
      run.endStreams();
    }
  }

  /**
   * @param {AgentsConversationRecord} conversation
   * @param {import('./scripted-agent.mjs').Step[]} steps
   * @param {number} rate
   * @param {AbortSignal} signal
   * @param {(eventType: string, fields?: Record<string, unknown>) => void} agentEvent
   */
  async function encodeReply(conversation, steps, rate, signal, agentEvent) {
    const messageId = randomUUID();
    /** @type {AgentsMessage} */
    const message = /** @type {any} */ ({});
    let sequenceNumber = 0;
    /** Applies one operation to the stored message and sends the same operation. */
    const patch = (/** @type {string} */ op, /** @type {string} */ path, /** @type {unknown} */ value) => {
      applyOperation(message, op, path, value);
      agentEvent('message_content', { message_id: messageId, sequence_number: sequenceNumber++, delta: { op, path, value } });
    };
    /** Streams a string field piece by piece. */
    const grow = async (/** @type {string} */ path, /** @type {string[]} */ pieces) => {
      for (const piece of pieces) {
        if (signal.aborted) return;
        patch('concat_string', path, piece);
        await pace(rate, signal);
      }
    };
    /** @param {number} steps */
    const work = async (steps) => {
      for (let i = 0; i < steps && !signal.aborted; i++) await pace(rate, signal);
    };
    /** @param {string} kind @param {Record<string, unknown>} fields @returns {string} the item's path */
    const addItem = (kind, fields, complete = false) => {
      const index = message.content.length;
      patch('add', `/content/${index}`, { content_id: randomUUID(), kind, complete, ...fields });
      return `/content/${index}`;
    };

    agentEvent('message_begin', { message_id: messageId });
    const now = new Date().toISOString();
    patch('add', '/message_id', messageId);
    patch('add', '/role', 'agent');
    patch('add', '/content', []);
    patch('add', '/created_at', now);
    patch('add', '/updated_at', now);
    patch('add', '/complete', false);

    for (const step of steps) {
      if (signal.aborted) break;
      switch (step.type) {
        case 'thought': {
          const path = addItem('thought', { thought: '' });
          await grow(`${path}/thought`, streamPieces(step.text));
          patch('replace', `${path}/complete`, true);
          break;
        }
        case 'text': {
          const path = addItem('text', { text: '', citations: [] });
          await grow(`${path}/text`, streamPieces(step.text));
          for (const citation of step.citations) patch('add', `${path}/citations/-`, citation);
          patch('replace', `${path}/complete`, true);
          break;
        }
        case 'tool': {
          const path = addItem('tool_call', { name: step.name, tool_call_id: step.toolCallId, arguments_raw: '', status: 'streaming', result: null, error: null });
          await grow(`${path}/arguments_raw`, chunk(JSON.stringify(step.args), RAW_JSON_PIECE));
          patch('replace', `${path}/status`, 'running');
          await work(step.progress.length * PIECES_PER_PROGRESS_LINE);
          if (signal.aborted) break;
          patch('replace', `${path}/result`, step.result);
          patch('replace', `${path}/status`, 'finished');
          patch('replace', `${path}/complete`, true);
          break;
        }
        case 'approval': {
          // The agents API has no approval endpoint: the proposal waits as a pending tool call, and the person
          // answers with one of two quick actions (a new message).
          addItem('tool_call', { name: step.toolName, tool_call_id: step.toolCallId, arguments_raw: JSON.stringify(step.args), status: 'pending', result: null, error: null }, true);
          addItem('quick_actions', { actions: [{ label: 'Approve', value: `Approve: ${step.preview}` }, { label: 'Reject', value: `Reject: ${step.preview}` }] }, true);
          break;
        }
        case 'quick': {
          addItem('quick_actions', { actions: step.options.map(({ label, value }) => ({ label, value })) }, true);
          break;
        }
        case 'chart': {
          const path = addItem('vega_chart', { sub_type: 'vega-lite', chart_spec_raw: '' });
          await grow(`${path}/chart_spec_raw`, chunk(JSON.stringify(step.spec), RAW_JSON_PIECE));
          patch('replace', `${path}/complete`, true);
          break;
        }
        case 'attachment': {
          // The file travels inside the item (a data: URI), so it downloads without a round trip.
          const uri = `data:${step.mimeType};charset=utf-8;base64,${Buffer.from(step.text).toString('base64')}`;
          addItem('attachment', { name: step.name, mime_type: step.mimeType, uri }, true);
          break;
        }
        case 'failure': {
          // What was written stays, marked incomplete, as the failed run left it.
          conversation.messages.push(message);
          save(conversation);
          agentEvent('agent_error', { error: { code: 'internal_error', message: step.message } });
          return;
        }
      }
    }
    if (signal.aborted) return;
    patch('replace', '/updated_at', new Date().toISOString());
    patch('replace', '/complete', true);
    conversation.messages.push(message);
    save(conversation);
    agentEvent('message_end', { message_id: messageId, data: message });
  }

  // --- endpoints -------------------------------------------------------------------------------------------------

  router.add('GET', agentsPath('conversations'), async (ctx) => {
    const newestFirst = conversations.values().sort((a, b) => b.created_at.localeCompare(a.created_at));
    ctx.send(200, paginateAgents(ctx, newestFirst.map(conversationShape)));
  });

  router.add('POST', agentsPath('conversations'), async (ctx) => {
    const body = await ctx.readJson();
    const name = body && typeof body === 'object' ? body.name : undefined;
    if (typeof name !== 'string') throw validationError('agents', 'name', 'a string is required');
    /** @type {AgentsConversationRecord} */
    const conversation = { id: randomUUID(), name, agent_id: AGENTS_AGENT_ID, created_at: new Date().toISOString(), messages: [], turns: 0 };
    save(conversation);
    ctx.send(200, conversationShape(conversation));
  });

  router.add('DELETE', agentsPath('conversations/:cid'), async (ctx) => {
    const conversation = requireAgentsConversation(store, ctx.params.cid);
    runs.get(conversation.id)?.abort.abort();
    conversations.delete(conversation.id);
    ctx.send(200, conversationShape(conversation));
  });

  router.add('GET', agentsPath('conversations/:cid/messages'), async (ctx) => {
    const conversation = requireAgentsConversation(store, ctx.params.cid);
    ctx.send(200, paginateAgents(ctx, conversation.messages, { defaultLimit: 100 }));
  });

  router.add('POST', agentsPath('conversations/:cid/messages'), async (ctx) => {
    const conversation = requireAgentsConversation(store, ctx.params.cid);
    const content = contentOf(await ctx.readJson());
    refuseWhileRunning(conversation);
    await runAgent(conversation, content, new ScriptedRun(), options.rate);
    ctx.send(200, { data: conversation.messages, next: null, has_more: false });
  });

  router.add('POST', agentsPath('conversations/:cid/stream'), async (ctx) => {
    const conversation = requireAgentsConversation(store, ctx.params.cid);
    const content = contentOf(await ctx.readJson());
    if (ctx.replayingStream) {
      // A retried send whose first attempt already started the run: no second run, and nothing to re-attach to
      // in this dialect, so an empty stream; the messages endpoint has the outcome.
      return ctx.sse().end();
    }
    refuseWhileRunning(conversation);
    const run = new ScriptedRun();
    const attached = run.attach(ctx.sse());
    runAgent(conversation, content, run, options.rate).catch((error) => console.error('reference server: agents run failed', error));
    await attached;
  });

  if (store.isFresh) {
    // Two finished conversations so a fresh start has something to show, written by the same run code.
    const seeds = [
      ['Q3 reconciliation', 'Summarize the Q3 numbers and chart them'],
      ['New conversation', 'Think it through: what should a new analyst read first? Give me quick options'],
    ];
    for (const [index, [name, prompt]] of seeds.entries()) {
      const created = new Date(Date.now() - (index + 1) * 30 * 60 * 60 * 1000).toISOString();
      /** @type {AgentsConversationRecord} */
      const conversation = { id: stableUuid(`${options.seed}|agents-conversation|${index}`), name, agent_id: AGENTS_AGENT_ID, created_at: created, messages: [], turns: 0 };
      save(conversation);
      await runAgent(conversation, prompt, new ScriptedRun(), 0);
    }
  }
}

/** @param {string} text @param {number} size */
function chunk(text, size) {
  const pieces = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/**
 * One RFC 6902 operation (`add`, `replace`) or the agents server's `concat_string`, applied in place. Only the
 * operations the encoder sends are needed here; the client implements the full set.
 * @param {any} target
 * @param {string} op
 * @param {string} path
 * @param {unknown} value
 */
function applyOperation(target, op, path, value) {
  const keys = path
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = /** @type {string} */ (keys.pop());
  let parent = target;
  for (const key of keys) parent = parent[key];
  if (op === 'concat_string') parent[last] = `${parent[last] ?? ''}${value}`;
  else if (Array.isArray(parent) && op === 'add') parent.splice(last === '-' ? parent.length : Number(last), 0, value);
  else parent[last] = value;
}
