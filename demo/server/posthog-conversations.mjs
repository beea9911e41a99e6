// PostHog AI conversations (`/api/{projects|environments}/1/conversations/…`), as PostHog's ConversationViewSet
// answers them: create-is-the-stream, re-attach with `content: null`, approvals resumed with `resume_payload`,
// cancel, append_message, the sandbox-only `open`, and the two-item follow-up queue that runs after each turn on
// the same stream. Runs live in memory and outlive the request that started them: a disconnect never stops one.

import { randomUUID } from 'node:crypto';
import { notFound, paginatePosthog, plainError, posthogError, posthogPaths } from './http.mjs';
import { ScriptedRun, approvalOutcome, pace, planReply, stableUuid, streamPieces, titleFrom } from './scripted-agent.mjs';

const CONVERSATIONS = 'posthog-conversations';
const QUEUES = 'posthog-conversation-queues';
const CREATE_CONTENT_MAX = 40_000;
const APPEND_CONTENT_MAX = 10_000;
const MAX_QUEUE_MESSAGES = 2;
const QUEUE_TTL_MS = 60 * 60 * 1000;
const OPEN_TITLE_MAX = 80;
/** Tool progress lines are slower than text: a line every this many text pieces. */
const PIECES_PER_PROGRESS_LINE = 6;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The one user every token belongs to. */
const DEMO_USER = {
  id: 1,
  uuid: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  distinct_id: 'demo-user',
  first_name: 'Dana',
  last_name: 'Demo',
  email: 'dana@example.com',
  is_email_verified: true,
  hedgehog_config: null,
  role_at_organization: 'engineering',
};

/**
 * @typedef {{type: string, id?: string, content?: string, [key: string]: unknown}} PosthogMessage
 * @typedef {{proposal_id: string, decision_status: 'pending' | 'approved' | 'rejected' | 'auto_rejected', tool_name: string, preview: string, payload: Record<string, unknown>, original_tool_call_id: string, message_id: string}} PendingApproval
 * @typedef {object} ConversationRecord
 * @property {string} id
 * @property {'idle' | 'in_progress' | 'canceling'} status
 * @property {string | null} title
 * @property {string} created_at
 * @property {string} updated_at
 * @property {'assistant'} type
 * @property {string | null} agent_mode
 * @property {'langgraph' | 'sandbox'} agent_runtime
 * @property {PosthogMessage[]} messages
 * @property {PendingApproval[]} pending_approvals
 * @property {number} turns how many turns the agent has taken; seeds each reply
 * @property {{task_id: string, run_id: string} | null} sandbox_run
 * @property {boolean} deleted
 * @typedef {{id: string, content: string, created_at: string, contextual_tools: unknown, ui_context: unknown, billing_context: unknown, agent_mode: string | null, session_id: string | null}} QueueMessage
 * @typedef {{kind: 'message', content: string, traceId: string | null, uiContext: unknown} | {kind: 'resume', action: 'approve' | 'reject', proposalId: string}} Turn
 */

/** A PostHog run also keeps the partial message being written, sent whole to a stream that re-attaches. */
class Run extends ScriptedRun {
  constructor() {
    super();
    /** @type {PosthogMessage | null} */
    this.partial = null;
    /** The `stuck` trigger: this run refuses cancellation, so cancel answers 422. */
    this.cancelFails = false;
  }
}

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export async function registerPosthogConversations(router, { store, options, onClose }) {
  /** @type {import('./store.mjs').Collection<ConversationRecord>} */
  const conversations = store.collection(CONVERSATIONS);
  /** @type {import('./store.mjs').Collection<{messages: QueueMessage[], saved_at: number}>} */
  const queues = store.collection(QUEUES);
  /** @type {Map<string, Run>} */
  const runs = new Map();

  // A run dies with the process that ran it: nothing will move these conversations on after a restart.
  for (const conversation of conversations.values()) {
    if (conversation.status !== 'idle') {
      conversation.status = 'idle';
      save(conversation);
    }
  }
  onClose(() => {
    for (const run of runs.values()) run.abort.abort();
  });

  /** @param {ConversationRecord} conversation */
  function save(conversation) {
    conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** @param {ConversationRecord} conversation */
  function touch(conversation) {
    conversation.updated_at = new Date().toISOString();
    return save(conversation);
  }

  /** The viewset's queryset: the caller's, not deleted; list and retrieve also need a title. */
  function findConversation(/** @type {string} */ id, { needsTitle = false } = {}) {
    const conversation = conversations.get(id);
    if (!conversation || conversation.deleted || (needsTitle && conversation.title === null)) throw notFound('posthog');
    return conversation;
  }

  // --- the queue -----------------------------------------------------------------------------------------------

  /** The queue lives an hour from its last change, like PostHog's cache entry. @param {string} id */
  function queueOf(id) {
    const entry = queues.get(id);
    if (!entry || Date.now() - entry.saved_at > QUEUE_TTL_MS) return [];
    return entry.messages;
  }

  /** @param {string} id @param {QueueMessage[]} messages */
  function saveQueue(id, messages) {
    if (messages.length === 0) queues.delete(id);
    else queues.set(id, { messages, saved_at: Date.now() });
    return messages;
  }

  /** @param {QueueMessage[]} messages */
  const queueAnswer = (messages) => ({ messages, max_queue_messages: MAX_QUEUE_MESSAGES });

  /** The queue endpoints answer a plain 404 for an unknown conversation. @param {string} id */
  function requireQueueConversation(id) {
    const conversation = conversations.get(id);
    if (!conversation || conversation.deleted) throw plainError(404, { error: 'Conversation not found' });
    return conversation;
  }

  // --- running turns -------------------------------------------------------------------------------------------

  /**
   * Runs a turn, then every queued follow-up first-in first-out, on the same run (so attached streams see each
   * next turn begin with its human echo). Stops at a cancel, or when a turn leaves a proposal waiting.
   * @param {ConversationRecord} conversation
   * @param {Turn} firstTurn
   * @param {import('./http.mjs').SseWriter} stream the requester's stream, attached before the first event
   * @returns {Promise<void>} settles when that stream's client leaves or the run ends
   */
  function startRun(conversation, firstTurn, stream) {
    const run = new Run();
    const attached = run.attach(stream);
    runs.set(conversation.id, run);
    conversation.status = 'in_progress';
    touch(conversation);
    (async () => {
      try {
        /** @type {Turn | null} */
        let turn = firstTurn;
        while (turn && !run.abort.signal.aborted) {
          const waitsForApproval = await runTurn(conversation.id, run, turn, options.rate);
          if (waitsForApproval || run.abort.signal.aborted) break;
          const next = queueOf(conversation.id)[0];
          if (next) saveQueue(conversation.id, queueOf(conversation.id).slice(1));
          turn = next ? { kind: 'message', content: next.content, traceId: null, uiContext: next.ui_context } : null;
        }
      } catch (error) {
        console.error('reference server: PostHog run failed', error);
        run.emit('status', { type: 'generation_error' });
      } finally {
        runs.delete(conversation.id);
        const current = conversations.get(conversation.id);
        if (current) {
          current.status = 'idle';
          touch(current);
        }
        run.endStreams();
      }
    })();
    return attached;
  }

  /**
   * One turn of the scripted agent, encoded as PostHog streams it. Answers whether the turn ended on a
   * proposal that now waits for approval.
   * @param {string} conversationId
   * @param {Run} run
   * @param {Turn} turn
   * @param {number} rate pieces per second; 0 = as fast as possible
   */
  async function runTurn(conversationId, run, turn, rate) {
    const conversation = findConversation(conversationId);
    const signal = run.abort.signal;
    /** @type {import('./scripted-agent.mjs').Step[]} */
    let steps;
    if (turn.kind === 'message') {
      /** @type {PosthogMessage} */
      const human = { type: 'human', content: turn.content, id: randomUUID() };
      if (turn.traceId) human.trace_id = turn.traceId;
      if (turn.uiContext) human.ui_context = turn.uiContext;
      conversation.messages.push(human);
      conversation.title ??= titleFrom(turn.content);
      // A new message answers any open proposal: it will not be approved any more.
      for (const approval of conversation.pending_approvals) {
        if (approval.decision_status === 'pending') approval.decision_status = 'auto_rejected';
      }
      conversation.turns += 1;
      touch(conversation);
      run.emit('message', human);
      const plan = planReply(turn.content, { seed: options.seed, conversationId, turn: conversation.turns });
      run.cancelFails = plan.cancelFails;
      steps = plan.steps;
    } else {
      const approval = conversation.pending_approvals.find((candidate) => candidate.proposal_id === turn.proposalId);
      if (!approval) return false;
      approval.decision_status = turn.action === 'approve' ? 'approved' : 'rejected';
      const outcome = approvalOutcome(
        { type: 'approval', toolCallId: approval.original_tool_call_id, proposalId: approval.proposal_id, toolName: approval.tool_name, args: approval.payload, preview: approval.preview },
        turn.action,
      );
      finish(conversation, run, { type: 'tool', id: randomUUID(), content: outcome.result, tool_call_id: approval.original_tool_call_id });
      steps = [{ type: 'text', text: outcome.text, citations: [] }];
    }
    return encodeSteps(conversation, run, steps, rate, signal);
  }

  /**
   * PostHog's shape of a reply: text grows as `temp-N` messages carrying the whole text so far; each finished
   * step becomes a message with a real id. Tool calls ride on the AI message before them, quick replies on the
   * last one, the thought on the next one.
   * @param {ConversationRecord} conversation
   * @param {Run} run
   * @param {import('./scripted-agent.mjs').Step[]} steps
   * @param {number} rate
   * @param {AbortSignal} signal
   */
  async function encodeSteps(conversation, run, steps, rate, signal) {
    let tempIndex = 0;
    /** @type {string | null} */
    let thinking = null;
    /** @type {string | null} the AI message whose tool call is running, the parent of `update` events */
    let toolParentId = null;
    const quick = /** @type {import('./scripted-agent.mjs').QuickStep | undefined} */ (steps.find((step) => step.type === 'quick'));
    const lastTextIndex = steps.findLastIndex((step) => step.type === 'text');

    for (let index = 0; index < steps.length && !signal.aborted; index++) {
      const step = steps[index];
      const next = steps[index + 1];
      switch (step.type) {
        case 'thought': {
          for (const line of step.text.split(/(?<=\.)\s+/)) {
            run.emit('message', { type: 'ai/reasoning', content: line });
            await pace(rate, signal);
          }
          thinking = step.text;
          break;
        }
        case 'text': {
          const tempId = `temp-${tempIndex++}`;
          let text = '';
          for (const piece of streamPieces(step.text)) {
            if (signal.aborted) return false;
            text += piece;
            run.partial = { type: 'ai', id: tempId, content: text };
            run.emit('message', run.partial);
            await pace(rate, signal);
          }
          // A failure right after text leaves the partial unfinished: the run failed mid-message.
          if (signal.aborted || next?.type === 'failure') break;
          const id = randomUUID();
          /** @type {PosthogMessage} */
          const message = { type: 'ai', id, content: step.text };
          if (next?.type === 'tool' || next?.type === 'approval') {
            message.tool_calls = [{ id: next.toolCallId, name: next.type === 'tool' ? next.name : next.toolName, args: next.args, type: 'tool_call' }];
            toolParentId = id;
          }
          /** @type {Record<string, unknown>} */
          const meta = {};
          if (thinking) meta.thinking = [{ type: 'thinking', thinking }];
          if (quick && index === lastTextIndex) meta.form = { options: quick.options.map(({ value, href }) => (href ? { value, href } : { value })) };
          if (Object.keys(meta).length) message.meta = meta;
          thinking = null;
          finish(conversation, run, message);
          break;
        }
        case 'tool': {
          for (const line of step.progress) {
            for (let i = 0; i < PIECES_PER_PROGRESS_LINE && !signal.aborted; i++) await pace(rate, signal);
            if (signal.aborted) return false;
            run.emit('update', { id: toolParentId, tool_call_id: step.toolCallId, content: line });
          }
          finish(conversation, run, { type: 'tool', id: randomUUID(), content: step.result, tool_call_id: step.toolCallId, ui_payload: { [step.name]: step.payload } });
          break;
        }
        case 'approval': {
          conversation.pending_approvals.push({
            proposal_id: step.proposalId,
            decision_status: 'pending',
            tool_name: step.toolName,
            preview: step.preview,
            payload: step.args,
            original_tool_call_id: step.toolCallId,
            message_id: toolParentId ?? '',
          });
          // A proposal waiting for the person clears the queue: follow-ups typed before it no longer apply.
          saveQueue(conversation.id, []);
          touch(conversation);
          return true;
        }
        case 'failure': {
          run.partial = null;
          conversation.messages.push({ type: 'ai/failure', id: randomUUID(), content: step.message });
          touch(conversation);
          run.emit('status', { type: 'generation_error' });
          return false;
        }
        // Quick replies ride on the last AI message (above). PostHog draws charts from insight queries
        // (`ai/viz`), which the scripted agent does not run, and has no file attachments: the reply's table
        // and CSV block carry the same data.
        case 'quick':
        case 'chart':
        case 'attachment':
          break;
      }
    }
    return false;
  }

  /** Persists a finished message, then sends it: what a stream reveals is already durable. */
  function finish(/** @type {ConversationRecord} */ conversation, /** @type {Run} */ run, /** @type {PosthogMessage} */ message) {
    conversation.messages.push(message);
    touch(conversation);
    run.partial = null;
    run.emit('message', message);
  }

  // --- serializers -----------------------------------------------------------------------------------------------

  /** ConversationMinimalSerializer: the list item and the `conversation` stream event. @param {ConversationRecord} c */
  function minimal(c) {
    return {
      id: c.id,
      status: c.status,
      title: c.title,
      topic: null,
      user: DEMO_USER,
      created_at: c.created_at,
      updated_at: c.updated_at,
      type: c.type,
      is_internal: false,
      slack_thread_key: null,
      slack_workspace_domain: null,
      task: null,
    };
  }

  /** ConversationSerializer: retrieve. @param {ConversationRecord} c */
  function detailed(c) {
    return {
      ...minimal(c),
      messages: c.messages,
      has_unsupported_content: false,
      agent_mode: c.agent_mode,
      agent_runtime: c.agent_runtime,
      is_sandbox: c.agent_runtime === 'sandbox',
      pending_approvals: c.pending_approvals,
    };
  }

  /** @param {string} id @param {'langgraph' | 'sandbox'} runtime @param {string | null} agentMode */
  function newConversation(id, runtime, agentMode) {
    const now = new Date().toISOString();
    return save({
      id,
      status: 'idle',
      title: null,
      created_at: now,
      updated_at: now,
      type: 'assistant',
      agent_mode: agentMode,
      agent_runtime: runtime,
      messages: [],
      pending_approvals: [],
      turns: 0,
      sandbox_run: null,
      deleted: false,
    });
  }

  // --- endpoints -------------------------------------------------------------------------------------------------

  router.add('GET', posthogPaths('conversations/'), async (ctx) => {
    const visible = conversations
      .values()
      .filter((c) => !c.deleted && c.title !== null)
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    ctx.send(200, paginatePosthog(ctx, visible.map(minimal)));
  });

  router.add('GET', posthogPaths('conversations/:conversation/'), async (ctx) => {
    ctx.send(200, detailed(findConversation(ctx.params.conversation, { needsTitle: true })));
  });

  router.add('DELETE', posthogPaths('conversations/:conversation/'), async (ctx) => {
    const conversation = findConversation(ctx.params.conversation);
    runs.get(conversation.id)?.abort.abort();
    conversation.deleted = true;
    save(conversation);
    ctx.send(204);
  });

  router.add(
    'POST',
    posthogPaths('conversations/'),
    async (ctx) => {
      const body = await ctx.readJson();
      const input = validateCreate(body);
      let conversation = conversations.get(input.conversation);
      let created = false;
      if (conversation?.deleted) throw plainError(404, { error: 'Conversation does not exist' });

      const reattach = input.content === null && !input.resumePayload;
      if (ctx.replayingStream || (reattach && conversation && conversation.status !== 'idle')) {
        // A re-attach, or a retried send whose first attempt already started the run: stream what is left.
        const stream = ctx.sse();
        const run = conversation ? runs.get(conversation.id) : undefined;
        if (!run) return stream.end();
        if (run.partial) stream.event('message', run.partial);
        await run.attach(stream);
        return;
      }
      if (!conversation) {
        if (input.content === null) throw plainError(400, { error: 'Cannot stream from non-existent conversation' });
        conversation = newConversation(input.conversation, 'langgraph', input.agentMode);
        created = true;
      }
      if (conversation.agent_runtime === 'sandbox' || input.isSandbox || input.agentMode === 'sandbox') {
        throw invalid('Sandbox conversations must be opened via the open endpoint.');
      }
      if (input.content !== null && conversation.status !== 'idle') {
        throw posthogError(409, { type: 'invalid_request', code: 'conflict', detail: 'Cannot resume streaming with a new message' });
      }
      if (reattach) throw invalid('Cannot continue streaming from an idle conversation');

      /** @type {Turn} */
      let turn;
      if (input.content !== null) {
        turn = { kind: 'message', content: input.content, traceId: input.traceId, uiContext: input.uiContext };
      } else {
        const { action, proposal_id: proposalId } = /** @type {{action?: unknown, proposal_id?: unknown}} */ (input.resumePayload);
        const pending = conversation.pending_approvals.find((a) => a.proposal_id === proposalId && a.decision_status === 'pending');
        if ((action !== 'approve' && action !== 'reject') || !pending) {
          throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: 'No pending approval matches this resume payload.', attr: 'resume_payload' });
        }
        turn = { kind: 'resume', action, proposalId: pending.proposal_id };
      }

      const stream = ctx.sse();
      if (created) stream.event('conversation', minimal(conversation));
      await startRun(conversation, turn, stream);
    },
    { limit: 'create' },
  );

  router.add('POST', posthogPaths('conversations/:conversation/append_message/'), async (ctx) => {
    const conversation = findConversation(ctx.params.conversation);
    const body = await ctx.readJson();
    const content = requiredString(body, 'content', APPEND_CONTENT_MAX);
    const message = { type: 'ai', content, id: randomUUID() };
    conversation.messages.push(message);
    touch(conversation);
    ctx.send(201, { id: message.id });
  });

  router.add('PATCH', posthogPaths('conversations/:conversation/cancel/'), async (ctx) => {
    const conversation = findConversation(ctx.params.conversation);
    if (conversation.status === 'canceling') return ctx.send(204);
    const run = runs.get(conversation.id);
    if (run?.cancelFails) throw plainError(422, { error: 'Failed to cancel conversation' });
    saveQueue(conversation.id, []);
    if (run) {
      conversation.status = 'canceling';
      touch(conversation);
      run.partial = null;
      run.abort.abort();
    }
    ctx.send(204);
  });

  router.add(
    'POST',
    posthogPaths('conversations/:conversation/open/'),
    async (ctx) => {
      const id = ctx.params.conversation;
      const body = await ctx.readJson();
      const input = validateOpen(body);
      let conversation = conversations.get(id);
      let created = false;
      if (conversation?.deleted) throw posthogError(404, { type: 'invalid_request', code: 'not_found', detail: 'Conversation does not exist' });
      if (!conversation) {
        if (!UUID.test(id)) throw notFound('posthog');
        conversation = newConversation(id, 'sandbox', null);
        created = true;
      }
      if (conversation.agent_runtime !== 'sandbox') throw invalid('This conversation is not on the sandbox runtime.');
      if (!input.content) {
        // Warming needs a sandbox pool; the reference server has none, so a warm-up provisions nothing.
        if (created) conversations.delete(id);
        return ctx.send(204);
      }
      conversation.title ??= input.content.slice(0, OPEN_TITLE_MAX);
      conversation.messages.push({ type: 'human', content: input.content, id: randomUUID(), ...(input.traceId ? { trace_id: input.traceId } : {}) });
      const justCreatedRun = conversation.sandbox_run === null;
      conversation.sandbox_run ??= { task_id: randomUUID(), run_id: randomUUID() };
      touch(conversation);
      ctx.send(200, {
        task_id: conversation.sandbox_run.task_id,
        run_id: conversation.sandbox_run.run_id,
        trace_id: input.traceId,
        run_status: justCreatedRun ? 'queued' : 'in_progress',
        just_created_run: justCreatedRun,
      });
    },
    { limit: 'create' },
  );

  router.add('GET', posthogPaths('conversations/:conversation/queue/'), async (ctx) => {
    requireQueueConversation(ctx.params.conversation);
    ctx.send(200, queueAnswer(queueOf(ctx.params.conversation)));
  });

  router.add('POST', posthogPaths('conversations/:conversation/queue/'), async (ctx) => {
    const id = ctx.params.conversation;
    requireQueueConversation(id);
    const body = await ctx.readJson();
    const content = requiredString(body, 'content', CREATE_CONTENT_MAX);
    const queue = queueOf(id);
    if (queue.length >= MAX_QUEUE_MESSAGES) {
      return ctx.send(409, { error: 'queue_full', detail: 'Only two messages can be queued at a time.' });
    }
    /** @type {QueueMessage} */
    const message = {
      id: randomUUID(),
      content,
      created_at: new Date().toISOString(),
      contextual_tools: body.contextual_tools ?? null,
      ui_context: body.ui_context ?? null,
      billing_context: body.billing_context ?? null,
      agent_mode: typeof body.agent_mode === 'string' ? body.agent_mode : null,
      session_id: typeof ctx.headers['x-posthog-session-id'] === 'string' ? ctx.headers['x-posthog-session-id'] : null,
    };
    ctx.send(200, queueAnswer(saveQueue(id, [...queue, message])));
  });

  router.add('PATCH', posthogPaths('conversations/:conversation/queue/:queueId/'), async (ctx) => {
    const { conversation: id, queueId } = ctx.params;
    requireQueueConversation(id);
    const queue = queueOf(id);
    if (!queue.some((item) => item.id === queueId)) throw plainError(404, { detail: 'Queue message not found.' });
    const content = requiredString(await ctx.readJson(), 'content', CREATE_CONTENT_MAX);
    ctx.send(200, queueAnswer(saveQueue(id, queue.map((item) => (item.id === queueId ? { ...item, content } : item)))));
  });

  router.add('DELETE', posthogPaths('conversations/:conversation/queue/:queueId/'), async (ctx) => {
    const { conversation: id, queueId } = ctx.params;
    requireQueueConversation(id);
    const queue = queueOf(id);
    if (!queue.some((item) => item.id === queueId)) throw plainError(404, { detail: 'Queue message not found.' });
    ctx.send(200, queueAnswer(saveQueue(id, queue.filter((item) => item.id !== queueId))));
  });

  router.add('POST', posthogPaths('conversations/:conversation/queue/clear/'), async (ctx) => {
    requireQueueConversation(ctx.params.conversation);
    ctx.send(200, queueAnswer(saveQueue(ctx.params.conversation, [])));
  });

  if (store.isFresh) await seedConversations();

  /**
   * A few finished conversations, written by the same run code the endpoints use (at full speed), so a fresh
   * `npm start` has something to show. Ids, prompts and replies follow from the seed.
   */
  async function seedConversations() {
    const prompts = [
      ['How did sign-ups trend last week?', 'Which browsers drive the drop-off? Use a tool and give me quick options'],
      ['Think about why retention dropped for the naïve cohort in Zürich 🇨🇭'],
      ['Ask for approval before rolling out the checkout flag'],
    ];
    const hour = 60 * 60 * 1000;
    for (const [index, turns] of prompts.entries()) {
      const conversation = newConversation(stableUuid(`${options.seed}|posthog-conversation|${index}`), 'langgraph', null);
      for (const [turn, content] of turns.entries()) {
        const traceId = stableUuid(`${options.seed}|posthog-trace|${index}|${turn}`);
        await runTurn(conversation.id, new Run(), { kind: 'message', content, traceId, uiContext: null }, 0);
      }
      const at = new Date(Date.now() - (index + 1) * 26 * hour);
      conversation.created_at = at.toISOString();
      conversation.updated_at = new Date(at.getTime() + 4 * 60_000).toISOString();
      save(conversation);
    }
  }
}

// --- request validation, in DRF's words --------------------------------------------------------------------------

/** @param {string} detail */
function invalid(detail) {
  return posthogError(400, { type: 'validation_error', code: 'invalid', detail });
}

/** @param {string} attr @param {string} code @param {string} detail */
function fieldError(attr, code, detail) {
  return posthogError(400, { type: 'validation_error', code, detail, attr });
}

/** @param {unknown} body */
function requireObject(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fieldError('non_field_errors', 'invalid', `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`);
  }
  return /** @type {Record<string, any>} */ (body);
}

/** A CharField(required=True, allow_blank=False, max_length). @param {unknown} body @param {string} attr @param {number} max */
function requiredString(body, attr, max) {
  const value = requireObject(body)[attr];
  if (value === undefined) throw fieldError(attr, 'required', 'This field is required.');
  if (value === null) throw fieldError(attr, 'null', 'This field may not be null.');
  return checkedString(value, attr, max, false);
}

/** @param {unknown} value @param {string} attr @param {number} max @param {boolean} allowBlank */
function checkedString(value, attr, max, allowBlank) {
  if (typeof value !== 'string' && typeof value !== 'number') throw fieldError(attr, 'invalid', 'Not a valid string.');
  const text = String(value);
  if (!allowBlank && text.trim() === '') throw fieldError(attr, 'blank', 'This field may not be blank.');
  if (text.length > max) throw fieldError(attr, 'max_length', `Ensure this field has no more than ${max} characters.`);
  return text;
}

/** @param {Record<string, any>} body @param {string} attr @param {boolean} required */
function uuidField(body, attr, required) {
  const value = body[attr];
  if (value === undefined || value === null) {
    if (required) throw fieldError(attr, value === null ? 'null' : 'required', value === null ? 'This field may not be null.' : 'This field is required.');
    return null;
  }
  if (typeof value !== 'string' || !UUID.test(value)) throw fieldError(attr, 'invalid', 'Must be a valid UUID.');
  return value.toLowerCase();
}

/** MessageSerializer. @param {unknown} raw */
function validateCreate(raw) {
  const body = requireObject(raw);
  if (!('content' in body)) throw fieldError('content', 'required', 'This field is required.');
  const content = body.content === null ? null : checkedString(body.content, 'content', CREATE_CONTENT_MAX, false);
  const conversation = /** @type {string} */ (uuidField(body, 'conversation', true));
  const traceId = uuidField(body, 'trace_id', true);
  if (body.agent_mode !== undefined && body.agent_mode !== null && typeof body.agent_mode !== 'string') {
    throw fieldError('agent_mode', 'invalid_choice', `"${body.agent_mode}" is not a valid choice.`);
  }
  if (body.contextual_tools !== undefined && (body.contextual_tools === null || typeof body.contextual_tools !== 'object' || Array.isArray(body.contextual_tools))) {
    throw fieldError('contextual_tools', 'not_a_dict', `Expected a dictionary of items but got type "${Array.isArray(body.contextual_tools) ? 'list' : typeof body.contextual_tools}".`);
  }
  const resumePayload = body.resume_payload ?? null;
  if (resumePayload !== null && (typeof resumePayload !== 'object' || Array.isArray(resumePayload))) {
    throw fieldError('resume_payload', 'invalid', 'Value must be valid JSON.');
  }
  return {
    content,
    conversation,
    traceId,
    agentMode: typeof body.agent_mode === 'string' ? body.agent_mode : null,
    isSandbox: body.is_sandbox === true,
    uiContext: body.ui_context ?? null,
    resumePayload,
  };
}

/** SandboxOpenSerializer. @param {unknown} raw */
function validateOpen(raw) {
  const body = requireObject(raw);
  const content = body.content === undefined || body.content === null ? null : checkedString(body.content, 'content', CREATE_CONTENT_MAX, true);
  const traceId = uuidField(body, 'trace_id', false);
  if (body.attached_context !== undefined && !Array.isArray(body.attached_context)) {
    throw fieldError('attached_context', 'not_a_list', `Expected a list of items but got type "${typeof body.attached_context}".`);
  }
  if (body.task_id !== undefined) {
    uuidField(body, 'task_id', false);
    // The reference server has no tasks, so no task id is visible to the caller.
    throw fieldError('task_id', 'invalid', 'Task not found or not accessible.');
  }
  return { content, traceId };
}
