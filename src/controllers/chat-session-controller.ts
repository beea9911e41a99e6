/**
 * Everything `<convo-chat>` does over the network for one conversation: open it (and re-attach to a reply
 * still running), send with an optimistic message confirmed by the echo, stream the reply into the
 * transcript model, stop, queue follow-ups while the agent works, and resume after an approval. The element
 * only renders what this controller holds and calls its methods.
 *
 * Host updates are coalesced to one per animation frame however fast the stream runs; the text renderers
 * batch their DOM writes the same way.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConvoClient } from '../api/client.js';
import { ConvoNetworkError } from '../api/errors.js';
import { randomUuid } from '../api/ids.js';
import type { ConvoStreamEvent } from '../api/stream/events.js';
import type { Conversation, PendingApproval } from '../api/types.js';
import { describeError, isAbort } from '../elements/convo-chat/describe-error.js';
import { TranscriptModel, type TranscriptEntry } from '../elements/convo-chat/transcript-model.js';
import {
  ConvoApprovalDecidedEvent,
  ConvoConversationOpenEvent,
  ConvoErrorEvent,
  ConvoReplyCompletedEvent,
  ConvoSendEvent,
  ConvoTitleChangedEvent,
  type ConvoErrorOperation,
} from '../events/convo-events.js';
import type { ConvoStrings } from '../strings/strings.js';
import { FollowUpQueue, type QueuedFollowUp } from './follow-up-queue.js';

/** `sending`: waiting for the stream to open; `streaming`: the reply is arriving; `stopping`: stop pressed. */
export type RunState = 'idle' | 'sending' | 'streaming' | 'stopping';

/** A failure shown above the composer, with the action that tries again when there is one. */
export interface SessionProblem {
  readonly message: string;
  readonly operation: ConvoErrorOperation;
  readonly retry: (() => void) | undefined;
}

export interface ChatSessionHost extends ReactiveControllerHost, HTMLElement {
  /** The strings in use, for the sentences the controller shows. */
  readonly text: ConvoStrings;
}

const LOCAL_CONVERSATION_KEY = 'new';

export class ChatSessionController implements ReactiveController {
  readonly transcript = new TranscriptModel();
  runState: RunState = 'idle';
  conversationId: string | null = null;
  title: string | null = null;
  approvals: PendingApproval[] = [];
  problem: SessionProblem | undefined;
  /** True while a conversation's stored messages are being read. */
  loading = false;
  /** The sentence the live region reads once per finished reply. */
  announcement = '';
  /** Agents dialect: send with the synchronous endpoint instead of streaming. */
  synchronous = false;
  /** Receives the text of queued follow-ups a stop dropped, so the composer takes them back. */
  takeReturnedText: ((text: string) => void) | undefined;

  private readonly host: ChatSessionHost;
  private clientInUse: ConvoClient | undefined;
  /** Aborts whatever belongs to the open conversation (loads, the stream) when another one opens. */
  private conversationAbort = new AbortController();
  private runAbort: AbortController | undefined;
  private frameRequested = false;
  /** Set when stop is shown: later stream events must not add text. */
  private discardStreamEvents = false;
  /** The agent's text of the current turn, for `convo-reply-completed`. */
  private turnText: string[] = [];
  private readonly followUps: FollowUpQueue;

  constructor(host: ChatSessionHost) {
    this.host = host;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the queue reads the session's live state
    const session = this;
    this.followUps = new FollowUpQueue({
      get client() {
        return session.clientInUse;
      },
      get conversationId() {
        return session.conversationId;
      },
      get busy() {
        return session.busy;
      },
      get signal() {
        return session.conversationAbort.signal;
      },
      changed: () => this.renderNow(),
      failed: (error) => this.report('queue', error, undefined),
    });
    host.addController(this);
  }

  /** Follow-ups waiting for the agent, oldest first. */
  get queue(): readonly QueuedFollowUp[] {
    return this.followUps.items;
  }

  get client(): ConvoClient | undefined {
    return this.clientInUse;
  }

  get busy(): boolean {
    return this.runState !== 'idle';
  }

  /** The key drafts are stored under: the conversation, or the one not created yet. */
  get draftKey(): string {
    return this.conversationId ?? LOCAL_CONVERSATION_KEY;
  }

  hostConnected(): void {
    if (this.conversationAbort.signal.aborted) this.conversationAbort = new AbortController();
  }

  hostDisconnected(): void {
    this.conversationAbort.abort();
    this.runAbort?.abort();
  }

  /** A new client (or none): the open conversation is read again through it; unsent messages stay. */
  setClient(client: ConvoClient | undefined): void {
    if (client === this.clientInUse) return;
    this.clientInUse = client;
    if (this.conversationId !== null) void this.open(this.conversationId, { announce: false, keepUnsent: true });
  }

  /**
   * Shows conversation `id` (`null`: a new, empty one). Its stored messages are read; a PostHog reply still
   * running is re-attached so it keeps streaming here.
   */
  async open(id: string | null, { announce = true, keepUnsent = false }: { announce?: boolean; keepUnsent?: boolean } = {}): Promise<void> {
    this.conversationAbort.abort();
    this.conversationAbort = new AbortController();
    const signal = this.conversationAbort.signal;
    this.runAbort = undefined;
    this.runState = 'idle';
    this.discardStreamEvents = false;
    this.conversationId = id;
    this.title = null;
    this.approvals = [];
    this.followUps.reset();
    this.problem = undefined;
    if (!keepUnsent) this.transcript.reset();
    this.requestRender();
    if (id === null || this.clientInUse === undefined) return;
    if (announce) this.host.dispatchEvent(new ConvoConversationOpenEvent({ conversationId: id }));
    this.loading = true;
    try {
      const conversation = await this.clientInUse.conversations.get(id, { signal });
      if (signal.aborted) return;
      this.adoptConversation(conversation);
      // What the person sent while the conversation loaded stays (it is not in what was read).
      this.transcript.reset(conversation.messages ?? [], { keepUnsent: true });
      await this.followUps.sync();
      if (conversation.status === 'in_progress' && this.clientInUse.dialect === 'posthog') {
        void this.runStream((runSignal) => this.clientInUse!.reattach(id, { signal: runSignal }), undefined);
      }
    } catch (error) {
      if (!isAbort(error)) this.report('load-conversation', error, () => void this.open(id, { announce: false, keepUnsent: true }));
    } finally {
      if (!signal.aborted) {
        this.loading = false;
        this.requestRender();
      }
    }
  }

  /**
   * Sends `text`: shown at once, confirmed by the server's echo. While the agent is busy it joins the queue
   * instead. Answers false when nothing was sent (empty, no client, or a `convo-send` listener cancelled it).
   */
  async send(text: string, attachments: readonly string[] = []): Promise<boolean> {
    const content = text.trim();
    if (content === '' || this.clientInUse === undefined) return false;
    const intent = new ConvoSendEvent({ text: content, conversationId: this.conversationId, attachments });
    if (!this.host.dispatchEvent(intent)) return false;
    if (this.busy) {
      this.followUps.add(content);
      return true;
    }
    this.problem = undefined;
    const entry = this.transcript.addPending(content, randomUuid());
    this.renderNow();
    await this.deliver(entry);
    return true;
  }

  /** Sends a failed message again, with the same trace id so a server that got it already is recognisable. */
  async retry(entry: TranscriptEntry): Promise<void> {
    if (this.busy || entry.delivery !== 'failed') return;
    this.transcript.setDelivery(entry, 'sending');
    this.problem = undefined;
    this.requestRender();
    await this.deliver(entry);
  }

  /** Drops a failed message from the transcript (the person gave up on it). */
  discard(entry: TranscriptEntry): void {
    if (entry.delivery !== 'failed') return;
    this.transcript.remove(entry);
    this.requestRender();
  }

  /**
   * Stops the running reply: "stopping…" at once, no text after that, the server asked to cancel (PostHog;
   * that also clears its queue) and the local stream aborted; then the conversation is read again so the
   * transcript ends on what the server kept.
   */
  async stop(): Promise<void> {
    if (!this.busy || this.runState === 'stopping' || this.clientInUse === undefined) return;
    this.runState = 'stopping';
    this.discardStreamEvents = true;
    this.renderNow();
    const id = this.conversationId;
    const client = this.clientInUse;
    let cancelled = true;
    if (id !== null && client.dialect === 'posthog') {
      try {
        await client.conversations.cancel(id, { signal: this.conversationAbort.signal });
      } catch (error) {
        cancelled = false;
        if (!isAbort(error)) this.report('stop', error, () => void this.stop());
      }
    }
    this.runAbort?.abort();
    if (!cancelled) return;
    // The server cleared its queue; what waited locally goes back to the composer rather than being lost.
    this.returnQueueToComposer();
    if (id !== null && client.dialect === 'posthog') await this.reload(id, { messages: false });
  }

  /** Approves or rejects a pending tool call; the run resumes on a new stream. */
  async decide(approval: PendingApproval, decision: 'approve' | 'reject'): Promise<void> {
    const id = this.conversationId;
    if (id === null || this.clientInUse === undefined || this.busy) return;
    const client = this.clientInUse;
    this.approvals = this.approvals.filter((candidate) => candidate.proposal_id !== approval.proposal_id);
    this.host.dispatchEvent(new ConvoApprovalDecidedEvent({ conversationId: id, proposalId: approval.proposal_id, decision }));
    await this.runStream((signal) => client.resumeApproval(id, { proposalId: approval.proposal_id, action: decision, signal }), undefined);
  }

  editQueued(item: QueuedFollowUp, content: string): Promise<void> {
    return this.followUps.edit(item, content);
  }

  removeQueued(item: QueuedFollowUp): Promise<void> {
    return this.followUps.remove(item);
  }

  dismissProblem(): void {
    this.problem = undefined;
    this.requestRender();
  }

  private returnQueueToComposer(): void {
    const texts = this.followUps.drain();
    if (texts.length > 0) this.takeReturnedText?.(texts.join('\n\n'));
  }

  private async deliver(entry: TranscriptEntry): Promise<void> {
    const client = this.clientInUse;
    if (client === undefined) return;
    const content = entry.parts[0]?.kind === 'text' ? entry.parts[0].text : '';
    try {
      const id = await this.ensureConversation();
      if (client.dialect === 'agents' && this.synchronous) await this.runSynchronous(id, content, entry);
      else await this.runStream((signal) => client.stream(id, { content, traceId: entry.traceId, signal }), entry);
    } catch (error) {
      this.failDelivery(entry, error);
    }
  }

  /** Agents without streaming: one request answers every message once the reply is complete. */
  private async runSynchronous(id: string, content: string, pending: TranscriptEntry): Promise<void> {
    const runAbort = new AbortController();
    this.runAbort = runAbort;
    this.runState = 'sending';
    this.turnText = [];
    this.renderNow();
    const known = new Set(this.transcript.entries.map((entry) => entry.id));
    try {
      const messages = await this.clientInUse!.messages.send(id, content, { signal: AbortSignal.any([runAbort.signal, this.conversationAbort.signal]) });
      this.transcript.mergeStored(messages);
      this.transcript.setDelivery(pending, 'sent');
      for (const message of messages) {
        const entry = this.transcript.get(message.id);
        if (entry !== undefined && entry.role !== 'user' && !known.has(message.id)) this.collectTurnText(entry);
      }
    } catch (error) {
      this.runAbort = undefined;
      this.runState = 'idle';
      throw error;
    }
    this.runAbort = undefined;
    this.finishTurn(runAbort.signal.aborted ? 'stopped' : 'completed');
  }

  /** The conversation to send (or upload) into: PostHog reserves an id locally; agents creates one on the server. */
  async ensureConversation(): Promise<string> {
    if (this.conversationId !== null) return this.conversationId;
    const conversation = await this.clientInUse!.conversations.create({ signal: this.conversationAbort.signal });
    this.conversationId = conversation.id;
    this.host.dispatchEvent(new ConvoConversationOpenEvent({ conversationId: conversation.id }));
    return conversation.id;
  }

  private failDelivery(entry: TranscriptEntry, error: unknown): void {
    if (isAbort(error)) {
      // Stopped before the server answered: the message never left, so it is shown as not sent.
      if (entry.delivery === 'sending') this.transcript.setDelivery(entry, 'failed', this.host.text.replyStopped);
      this.requestRender();
      return;
    }
    const message = describeError(error, this.host.text);
    this.transcript.setDelivery(entry, 'failed', message);
    this.host.dispatchEvent(new ConvoErrorEvent({ operation: 'send', error, message }));
    this.requestRender();
  }

  /**
   * Runs one stream to its end. `pending` is the person's message it carries (confirmed by the echo, or by
   * the stream's first event where the server echoes nothing).
   */
  private async runStream(open: (signal: AbortSignal) => AsyncIterable<ConvoStreamEvent>, pending: TranscriptEntry | undefined): Promise<void> {
    const runAbort = new AbortController();
    const stopWith = () => runAbort.abort();
    this.conversationAbort.signal.addEventListener('abort', stopWith, { once: true });
    this.runAbort = runAbort;
    this.runState = 'sending';
    this.discardStreamEvents = false;
    this.turnText = [];
    this.requestRender();
    let outcome: 'completed' | 'stopped' | 'failed' = 'completed';
    let interrupted = false;
    try {
      for await (const event of open(runAbort.signal)) {
        if (pending?.delivery === 'sending') this.transcript.setDelivery(pending, 'sent');
        if (this.runState === 'sending') this.runState = 'streaming';
        if (this.discardStreamEvents) continue;
        const result = this.applyStreamEvent(event);
        if (result === 'failed') outcome = 'failed';
        if (result === 'interrupted') interrupted = true;
        this.requestRender();
      }
    } catch (error) {
      if (isAbort(error) || runAbort.signal.aborted) {
        outcome = 'stopped';
        if (pending !== undefined && pending.delivery === 'sending') this.failDelivery(pending, error);
      } else if (pending !== undefined && pending.delivery === 'sending') {
        outcome = 'failed';
        this.failDelivery(pending, error);
      } else {
        outcome = 'failed';
        this.report('stream', error, undefined);
      }
    } finally {
      this.conversationAbort.signal.removeEventListener('abort', stopWith);
    }
    if (this.runAbort !== runAbort) return;
    if (this.discardStreamEvents) outcome = 'stopped';
    this.runAbort = undefined;
    if (interrupted && outcome === 'completed') {
      outcome = 'failed';
      const id = this.conversationId;
      this.report('stream', new ConvoNetworkError('The reply stream was cut off'), id === null ? undefined : () => void this.open(id, { announce: false }));
    }
    this.finishTurn(outcome);
  }

  /**
   * Applies one event to the transcript; answers `failed` when the run failed and `interrupted` when the
   * connection dropped before the run ended.
   */
  private applyStreamEvent(event: ConvoStreamEvent): 'failed' | 'interrupted' | undefined {
    const model = this.transcript;
    switch (event.type) {
      case 'conversation':
        this.adoptConversation(event.conversation);
        return undefined;
      case 'message-started':
      case 'message-replaced': {
        const entry = model.upsertMessage(event.message);
        if (entry.role === 'user') void this.followUps.sync();
        return undefined;
      }
      case 'text-appended':
        model.appendText(event.messageId, event.text, event.partIndex);
        return undefined;
      case 'message-completed': {
        const entry = event.replacesId !== undefined ? model.replaceMessage(event.replacesId, event.message) : model.upsertMessage(event.message);
        model.completeMessage(entry.id);
        if (entry.role === 'user') void this.followUps.sync();
        else this.collectTurnText(entry);
        return undefined;
      }
      case 'tool-result':
        model.settleToolCall(event.toolCallId, { result: event.result, error: event.status === 'failed' ? (event.error ?? this.host.text.toolFailed) : undefined });
        return undefined;
      case 'progress':
        model.addProgress(event.toolCallId, event.text);
        return undefined;
      case 'title-changed':
        this.setTitle(event.title);
        return undefined;
      case 'error':
        if (event.error.kind === 'run') {
          model.addLocalFailure(event.error.message || this.host.text.generationFailed);
          return 'failed';
        }
        if (event.error.kind === 'network') return 'interrupted';
        // A frame that could not be read was skipped; the reply goes on.
        return undefined;
      case 'done':
        return event.reason === 'finished' ? undefined : event.reason;
      default:
        // `tool-call` repeats what the message events carry; `input-requested` has no UI in this element.
        return undefined;
    }
  }

  private collectTurnText(entry: TranscriptEntry): void {
    const text = entry.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('\n\n');
    if (text !== '') this.turnText.push(text);
  }

  private finishTurn(outcome: 'completed' | 'stopped' | 'failed'): void {
    this.transcript.completeAll();
    if (outcome !== 'completed') this.transcript.failUnfinishedToolCalls(this.host.text.replyStopped);
    if (outcome === 'stopped') this.transcript.markLastReplyStopped();
    this.runState = 'idle';
    this.discardStreamEvents = false;
    const text = this.turnText.join('\n\n');
    const conversationId = this.conversationId;
    if (conversationId !== null) {
      this.announcement = outcome === 'completed' ? `${this.host.text.replyFinished}: ${text.slice(0, 600)}` : this.host.text.replyStopped;
      this.host.dispatchEvent(new ConvoReplyCompletedEvent({ conversationId, text, outcome }));
    }
    this.requestRender();
    if (conversationId === null) return;
    // PostHog reports approvals and the final title only on retrieve; then the next local follow-up goes.
    void (async () => {
      if (this.clientInUse?.dialect === 'posthog' && outcome !== 'stopped') await this.reload(conversationId, { messages: true });
      await this.sendNextFollowUp();
    })();
  }

  /**
   * Reads the conversation again for what PostHog reports only on retrieve: approvals, the final title, and
   * the final form of the messages (merged: entries keep their renderers). After a stop the messages are
   * left as shown, so no text appears once "stopped" is on screen.
   */
  private async reload(id: string, { messages }: { messages: boolean }): Promise<void> {
    const signal = this.conversationAbort.signal;
    try {
      const conversation = await this.clientInUse!.conversations.get(id, { signal });
      if (signal.aborted || this.conversationId !== id || this.busy) return;
      this.adoptConversation(conversation);
      if (messages) this.transcript.mergeStored(conversation.messages ?? []);
      this.requestRender();
    } catch (error) {
      if (!isAbort(error)) this.report('load-conversation', error, () => void this.reload(id, { messages }));
    }
  }

  private adoptConversation(conversation: Conversation): void {
    if (this.conversationId === null) this.conversationId = conversation.id;
    if (conversation.title) this.setTitle(conversation.title);
    this.approvals = conversation.pendingApprovals.filter((approval) => approval.decision_status === 'pending');
  }

  private setTitle(title: string): void {
    if (title === this.title) return;
    this.title = title;
    if (this.conversationId !== null) this.host.dispatchEvent(new ConvoTitleChangedEvent({ conversationId: this.conversationId, title }));
    this.requestRender();
  }

  /** After a run: a follow-up the server did not take (the agents dialect, or one queued as the run ended). */
  private async sendNextFollowUp(): Promise<void> {
    if (this.busy) return;
    const next = await this.followUps.takeNext();
    if (next === undefined) return;
    if (this.busy) {
      this.followUps.add(next.content);
      return;
    }
    const entry = this.transcript.addPending(next.content, randomUuid());
    this.renderNow();
    await this.deliver(entry);
  }

  /** Shows a failure of the host's own work (the conversation list, uploads) in the same banner. */
  reportProblem(operation: ConvoErrorOperation, error: unknown, retry?: () => void): void {
    this.report(operation, error, retry);
  }

  private report(operation: ConvoErrorOperation, error: unknown, retry: (() => void) | undefined): void {
    const message = describeError(error, this.host.text);
    this.problem = { message, operation, retry };
    this.host.dispatchEvent(new ConvoErrorEvent({ operation, error, message }));
    this.requestRender();
  }

  /** What the person just did shows at once (not a frame later): "stopping…", a queued item, a removal. */
  private renderNow(): void {
    this.host.requestUpdate();
  }

  /** At most one host update per animation frame, however many events arrived in it. */
  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.host.requestUpdate();
    });
  }
}
