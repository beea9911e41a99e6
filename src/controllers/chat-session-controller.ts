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
import { ConvoNetworkError, ConvoTimeoutError, isTransientFailure } from '../api/errors.js';
import { randomUuid } from '../api/ids.js';
import { loadOnce } from '../api/load-once.js';
import type { ConvoStreamEvent } from '../api/stream/events.js';
import type { Conversation, ConvoMessage, PendingApproval } from '../api/types.js';
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
import { abandonPressed, forgetPressed, type PressedMessage } from '../store/pressed-messages.js';
import type { SharedOutbox } from '../store/outbox-shared.js';
import type { SessionOutbox } from './session-outbox.js';

/**
 * The outbox's code (IndexedDB, the tab election, the retry machine, and `SessionOutbox`, which shows what
 * it holds) is a chunk of its own: it loads while the element first paints, and whatever needs the outbox
 * before it arrives waits for it.
 */
const loadOutboxCode = loadOnce(() => import('../store/client-outbox.js'), 'the outbox');

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
  /**
   * The IndexedDB database of the outbox: every element and tab with the same name shares one outbox, and
   * whichever is the sender delivers all of it, so the name must tell servers and accounts apart.
   */
  readonly outboxDatabaseName: string;
}

/** A follow-up waiting for the agent, as the queue above the composer shows it. */
export interface QueuedFollowUp {
  /** Stable while the follow-up moves from the outbox to the server's queue: its outbox entry's id. */
  readonly key: string;
  readonly content: string;
  /** The server queue's item id; `undefined` while it waits in the outbox (on this device). */
  readonly serverId: string | undefined;
}

const LOCAL_CONVERSATION_KEY = 'new';
/**
 * Reading again a reply written elsewhere (agents): first after this, then half as long again each time up to
 * the longest delay (a person watches "thinking…" meanwhile), and given up, with a retry, after the last.
 */
const FOLLOW_FIRST_DELAY_MS = 300;
const FOLLOW_MAX_DELAY_MS = 2000;
const FOLLOW_GIVE_UP_MS = 3 * 60_000;
/** Resuming a dropped reply: the first read after this, then twice as long each time, up to a few tries. */
const RESUME_FIRST_DELAY_MS = 300;
const RESUME_MAX_DELAY_MS = 4000;
const RESUME_MAX_TRIES = 6;

export class ChatSessionController implements ReactiveController {
  readonly transcript = new TranscriptModel();
  runState: RunState = 'idle';
  conversationId: string | null = null;
  title: string | null = null;
  approvals: PendingApproval[] = [];
  problem: SessionProblem | undefined;
  /** True while a dropped reply stream is being resumed ("reconnecting…"). */
  reconnecting = false;
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
  /**
   * The outbox (unsent messages, kept in IndexedDB and shared with the other tabs) as this session shows
   * it: created when the outbox's code first arrives, and kept for the element's life; its outbox is open
   * while connected with a client.
   */
  private outbox: SessionOutbox | undefined;
  /** The outbox being opened while its code loads; it resolves `undefined` when closed meanwhile. */
  private outboxOpening: Promise<SharedOutbox | undefined> = Promise.resolve(undefined);
  /** Settles once the open outbox has loaded: the person's actions on its entries wait for it. */
  private outboxReady: Promise<void> = Promise.resolve();
  /** Notes of messages sent from the composer that the outbox does not hold yet, by trace id. */
  private readonly pressedNotes = new Map<string, PressedMessage>();
  /** Agents: the reading of a reply written elsewhere under way, if any (see followReplyElsewhere). */
  private following: { conversationId: string } | undefined;

  constructor(host: ChatSessionHost) {
    this.host = host;
    host.addController(this);
  }

  /**
   * Follow-ups waiting for the agent, oldest first: the open conversation's in the outbox, so every tab
   * shows the same ones, and they survive a reload.
   */
  get queue(): readonly QueuedFollowUp[] {
    return this.outbox?.queue ?? [];
  }

  get client(): ConvoClient | undefined {
    return this.clientInUse;
  }

  get busy(): boolean {
    return this.runState !== 'idle';
  }

  /**
   * True while a reply being written elsewhere (another tab's run, or this page's run before a reload) is
   * read from the server until it is complete (agents): the person sees "thinking…" meanwhile.
   */
  get followingElsewhere(): boolean {
    return this.following !== undefined;
  }

  /** The key drafts are stored under: the conversation, or the one not created yet. */
  get draftKey(): string {
    return this.conversationId ?? LOCAL_CONVERSATION_KEY;
  }

  /** False while unsent messages live only in memory (storage failed); the element shows a note. */
  get outboxPersistent(): boolean {
    return this.outbox?.durable ?? true;
  }

  hostConnected(): void {
    if (this.conversationAbort.signal.aborted) this.conversationAbort = new AbortController();
    if (this.outbox?.shared === undefined && this.clientInUse !== undefined) this.openOutbox(this.clientInUse);
  }

  hostDisconnected(): void {
    // What the outbox never took is left for the next composer of its conversation (see pressed-messages).
    for (const note of this.pressedNotes.values()) abandonPressed(note);
    this.pressedNotes.clear();
    this.conversationAbort.abort();
    this.runAbort?.abort();
    this.closeOutbox();
  }

  /** A new client (or none): the open conversation is read again through it; unsent messages stay. */
  setClient(client: ConvoClient | undefined): void {
    if (client === this.clientInUse) return;
    this.clientInUse = client;
    // The sender delivers every entry through its transport: a new client means a new outbox.
    this.closeOutbox();
    if (client !== undefined && this.host.isConnected) this.openOutbox(client);
    if (this.conversationId !== null) void this.open(this.conversationId, { announce: false, keepUnsent: true });
  }

  private openOutbox(client: ConvoClient): void {
    const opening = loadOutboxCode().then((code) => {
      // Closed (disconnected, or another client) while the code loaded.
      if (this.outboxOpening !== opening) return undefined;
      this.outbox ??= new code.SessionOutbox({
        session: this,
        element: this.host,
        streaming: () => this.runAbort !== undefined,
        followReplyElsewhere: (id) => void this.followReplyElsewhere(id),
        streamReply: (reply) => {
          // A re-attached stream of the run before this one: the server took this message, so that run is over.
          this.runAbort?.abort();
          void this.runStream((signal) => {
            signal.addEventListener('abort', () => reply.abort(), { once: true });
            return reply.events;
          }, undefined);
        },
      });
      return this.outbox.open(client);
    });
    this.outboxOpening = opening;
    this.outboxReady = opening
      .then((shared) => (shared === undefined ? undefined : this.outbox?.start(shared)))
      .catch((error: unknown) => this.report('send', error, undefined));
  }

  /**
   * The open outbox, once its code has loaded: a message sent before that waits for it, so it is still
   * written to storage before its first attempt. A load that failed (the page was offline) is tried again;
   * `undefined` while there is no client or the element is not connected.
   */
  private async outboxForSending(): Promise<SharedOutbox | undefined> {
    const opening = this.outboxOpening;
    const shared = this.outbox?.shared ?? (await opening.catch(() => undefined));
    if (shared !== undefined) return shared;
    // Opened again meanwhile (another client): that outbox is the one.
    if (this.outboxOpening !== opening) return this.outboxForSending();
    if (this.clientInUse === undefined || !this.host.isConnected) return undefined;
    this.openOutbox(this.clientInUse);
    return this.outboxOpening;
  }

  private closeOutbox(): void {
    this.outboxOpening = Promise.resolve(undefined);
    this.outbox?.close();
  }

  /**
   * Shows the reply to a message another tab delivered. PostHog: the conversation is read again, which
   * re-attaches to the run while it is in progress. Agents, which cannot re-attach: the messages are read
   * again, less and less often, until the reply is complete, with "thinking…" shown meanwhile. One reading
   * per conversation: a message delivered elsewhere while it goes on keeps it going until its reply is read.
   */
  private async followReplyElsewhere(id: string): Promise<void> {
    const client = this.clientInUse;
    if (client === undefined) return;
    if (client.dialect === 'posthog') {
      await this.open(id, { announce: false, keepUnsent: true });
      return;
    }
    if (this.following?.conversationId === id) return;
    const following = { conversationId: id };
    this.following = following;
    this.requestRender();
    const signal = this.conversationAbort.signal;
    const givingUpAt = Date.now() + FOLLOW_GIVE_UP_MS;
    let delayMs = FOLLOW_FIRST_DELAY_MS;
    try {
      while (Date.now() < givingUpAt) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 1.5, FOLLOW_MAX_DELAY_MS);
        // A run of this element meanwhile does not end the following: the server took its message only once
        // the followed run was over, so that reply is complete, and reading it touches no streaming text.
        if (signal.aborted || this.conversationId !== id) return;
        try {
          const messages = (await client.conversations.get(id, { signal })).messages ?? [];
          if (signal.aborted || this.conversationId !== id) return;
          const last = messages.at(-1);
          const finished = last !== undefined && last.role !== 'user' && last.complete;
          this.mergeStoredReplies(messages, { runEnded: finished });
          this.requestRender();
          // A read can come before the server stored the message being followed: the last reply being
          // complete is not enough while a message delivered elsewhere is not among the stored ones yet.
          if (finished && this.outbox?.sentElsewhereUnseen(id) !== true) return;
        } catch (error) {
          // A failed read is tried again at the next turn; only leaving the conversation ends the following.
          if (isAbort(error)) return;
        }
      }
      // Agents says nothing of a run still going: one that died leaves the person's message unanswered.
      const retry = () => void this.open(id, { announce: false, keepUnsent: true });
      this.report('stream', new ConvoTimeoutError(FOLLOW_GIVE_UP_MS), retry, this.host.text.replyNotArrived);
    } finally {
      if (this.following === following) this.following = undefined;
      this.requestRender();
    }
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
    this.following = undefined; // its reading ends with the aborted signal
    this.conversationId = id;
    this.title = null;
    this.approvals = [];
    this.problem = undefined;
    this.loading = false; // a load this open() cut short never clears it (its finally skips an aborted load)
    if (!keepUnsent) {
      this.transcript.reset();
      this.outbox?.forgetShown();
    }
    this.outbox?.show();
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
      this.outbox?.show();
      // Follow-ups the server's queue holds are checked against what was just read.
      this.outbox?.nudge(id);
      if (conversation.status === 'in_progress' && this.clientInUse.dialect === 'posthog') {
        void this.runStream((runSignal) => this.clientInUse!.reattach(id, { signal: runSignal }), undefined);
      }
      // Agents cannot re-attach: a message still unanswered may have its reply being written; it is read
      // until it is complete.
      if (this.clientInUse.dialect === 'agents' && conversation.messages?.at(-1)?.role === 'user') void this.followReplyElsewhere(id);
    } catch (error) {
      if (isAbort(error)) return;
      // The conversation shown is being read again (a new client, a reply written elsewhere): while the
      // server is away for a moment it is read with backoff, "reconnecting…", and nothing is to be done.
      if (keepUnsent && isTransientFailure(error)) void this.resumeAfterDrop(id);
      else this.report('load-conversation', error, () => void this.open(id, { announce: false, keepUnsent: true }));
    } finally {
      if (!signal.aborted) {
        this.loading = false;
        this.requestRender();
      }
    }
  }

  /**
   * Sends `text`: written to the outbox (which sends it, in order, until the server has it) and shown at
   * once, confirmed by the server's echo. While the agent is busy it is written to the outbox as a
   * follow-up, shown in the queue above the composer until its turn. Answers true once the message is stored,
   * false when nothing was sent (empty, no client, the conversation could not be created, a follow-up that
   * cannot be kept, or a `convo-send` listener cancelled it). `pressed`, the composer's note of the message
   * (see pressed-messages), is dropped in the same turn as the outbox takes the message.
   */
  async send(text: string, attachments: readonly string[] = [], pressed?: PressedMessage): Promise<boolean> {
    const content = text.trim();
    if (content === '' || this.clientInUse === undefined) return false;
    const intent = new ConvoSendEvent({ text: content, conversationId: this.conversationId, attachments });
    if (!this.host.dispatchEvent(intent)) return false;
    if (this.busy) return this.addFollowUp(content, pressed);
    this.problem = undefined;
    const entry = this.transcript.addPending(content, randomUuid());
    if (pressed !== undefined) this.pressedNotes.set(entry.traceId!, pressed);
    this.renderNow();
    await this.enqueue(entry);
    return true;
  }

  /** The outbox took the message shown under `traceId` (or it went another way): its composer note goes. */
  private handedOver(traceId: string | undefined): void {
    if (traceId === undefined) return;
    forgetPressed(this.pressedNotes.get(traceId));
    this.pressedNotes.delete(traceId);
  }

  /**
   * Writes a follow-up to the outbox; the outbox hands it to the server's queue (PostHog, two at most) or
   * sends it when the reply ends. The synchronous agents endpoint has no outbox: the text stays in the
   * composer until the reply is in.
   */
  private async addFollowUp(content: string, pressed: PressedMessage | undefined): Promise<boolean> {
    const id = this.conversationId;
    if (id === null || this.sendsSynchronously) return false;
    try {
      const outbox = (await this.outboxForSending())?.outbox;
      if (outbox === undefined) return false;
      // The outbox notes it before its first await: from this turn on, the composer's note is not needed.
      const stored = outbox.send(id, content, { traceId: randomUuid(), followUp: true });
      forgetPressed(pressed);
      await stored;
      return true;
    } catch (error) {
      this.report('queue', error, undefined);
      return false;
    }
  }

  private get sendsSynchronously(): boolean {
    return this.clientInUse?.dialect === 'agents' && this.synchronous;
  }

  /**
   * Hands the shown message to the outbox under its trace id (resolving once it is stored), or, for the
   * agents' synchronous endpoint, which the outbox does not speak, sends it directly.
   */
  private async enqueue(entry: TranscriptEntry): Promise<void> {
    const { traceId } = entry;
    const content = entry.parts[0]?.kind === 'text' ? entry.parts[0].text : '';
    try {
      const outbox = traceId === undefined || this.sendsSynchronously ? undefined : (await this.outboxForSending())?.outbox;
      if (outbox === undefined || traceId === undefined) {
        await this.deliver(entry);
        // Sent without the outbox (its synchronous endpoint): the server has it unless it failed.
        if (entry.delivery !== 'failed') this.handedOver(traceId);
        return;
      }
      const id = await this.ensureConversation();
      // The outbox notes it before its first await: from this turn on, the composer's note is not needed.
      const stored = outbox.send(id, content, { traceId });
      this.handedOver(traceId);
      await stored;
    } catch (error) {
      this.failDelivery(entry, error);
    }
  }

  /** Sends a failed message again, with the same trace id so a server that got it already is recognisable. */
  async retry(entry: TranscriptEntry): Promise<void> {
    await this.outboxReady;
    const retried = this.outbox?.retry(entry);
    if (retried !== undefined) {
      await retried;
      return;
    }
    if (this.busy || entry.delivery !== 'failed') return;
    this.transcript.setDelivery(entry, 'sending');
    this.problem = undefined;
    this.requestRender();
    await this.enqueue(entry);
  }

  /**
   * Changes the text of a message the server certainly does not have yet; answers false when it may have it
   * (then it can only be retried or discarded).
   */
  async edit(entry: TranscriptEntry, content: string): Promise<boolean> {
    await this.outboxReady;
    return (await this.outbox?.edit(entry, content)) ?? false;
  }

  /** Whether `edit` can change this message now. */
  canEdit(entry: TranscriptEntry): boolean {
    return this.outbox?.canEdit(entry) ?? false;
  }

  /** Drops a failed message from the transcript (the person gave up on it), and from the outbox. */
  async discard(entry: TranscriptEntry): Promise<void> {
    await this.outboxReady;
    const discarded = this.outbox?.discard(entry);
    if (discarded !== undefined) {
      await discarded;
      return;
    }
    if (entry.delivery !== 'failed') return;
    this.handedOver(entry.traceId);
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
    if (id !== null && client.dialect === 'posthog') {
      try {
        await client.conversations.cancel(id, { signal: this.conversationAbort.signal });
      } catch (error) {
        // Another conversation opened meanwhile: that ended this run's stream already.
        if (isAbort(error)) return;
        this.keepRunAfterRefusedStop(id);
        this.report('stop', error, () => void this.stop());
        return;
      }
    }
    this.runAbort?.abort();
    if (id === null) return;
    // The server cleared its queue; the follow-ups go back to the composer rather than being lost.
    await this.outbox?.returnQueueToComposer(id);
    if (client.dialect === 'posthog') await this.reload(id, { messages: false });
  }

  /**
   * The server refused to stop (PostHog's 422): its run goes on, so the reply goes on showing here, and stop
   * can be tried again. PostHog events carry each message whole, so those skipped while stopping leave no
   * gap; a run that ended meanwhile is read again, as it ended.
   */
  private keepRunAfterRefusedStop(id: string): void {
    this.discardStreamEvents = false;
    if (this.runState === 'stopping') this.runState = 'streaming';
    else if (this.conversationId === id) void this.reload(id, { messages: true });
    this.renderNow();
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

  /**
   * Changes a queued follow-up (an empty text removes it): its server queue item and its outbox entry
   * together. When it ran meanwhile, the new text goes back to the composer rather than being lost.
   */
  async editQueued(item: QueuedFollowUp, content: string): Promise<void> {
    await this.outbox?.editQueued(item, content);
  }

  /** Removes a queued follow-up from the server's queue and the outbox; one that ran already stays. */
  async removeQueued(item: QueuedFollowUp): Promise<void> {
    await this.outbox?.removeQueued(item);
  }

  dismissProblem(): void {
    this.problem = undefined;
    this.requestRender();
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
        // No answer, or a gateway's while the server restarts (a re-attach): the run may go on; it is read again.
        if (isTransientFailure(error)) interrupted = true;
        else this.report('stream', error, undefined);
      }
    } finally {
      this.conversationAbort.signal.removeEventListener('abort', stopWith);
    }
    if (this.runAbort !== runAbort) return;
    if (this.discardStreamEvents) outcome = 'stopped';
    this.runAbort = undefined;
    if (interrupted) outcome = 'failed';
    this.finishTurn(outcome);
    const id = this.conversationId;
    if (interrupted && id !== null) void this.resumeAfterDrop(id);
  }

  /**
   * The reply stream dropped mid-reply: shows "reconnecting…" and reads the conversation again with backoff
   * until it can, so the transcript ends with exactly the server's text (PostHog re-attaches while the run
   * goes on; agents is read again until the reply is complete). Gives up after a few tries, with a retry.
   */
  private async resumeAfterDrop(id: string): Promise<void> {
    const client = this.clientInUse;
    if (client === undefined) return;
    const signal = this.conversationAbort.signal;
    const posthog = client.dialect === 'posthog';
    this.reconnecting = true;
    this.renderNow();
    let read: Conversation | undefined;
    try {
      for (let tries = 0; tries < RESUME_MAX_TRIES; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(RESUME_FIRST_DELAY_MS * 2 ** tries, RESUME_MAX_DELAY_MS)));
        // PostHog: a run this element follows again (re-attached) takes over. Agents: a new run of this
        // element proves the dropped one over, and the reading goes on, so its reply ends as stored.
        if (signal.aborted || this.conversationId !== id || (posthog && this.busy)) return;
        try {
          read = await client.conversations.get(id, { signal });
        } catch (error) {
          if (isAbort(error)) return;
          continue;
        }
        if (signal.aborted || this.conversationId !== id || (posthog && this.busy)) return;
        this.adoptConversation(read);
        if (posthog) {
          // Idle: the run is over (a restarted server ends it), and what it stored is the whole of it.
          this.mergeStoredReplies(read.messages ?? [], { runEnded: read.status === 'idle' });
          this.requestRender();
          if (read.status === 'in_progress') void this.runStream((runSignal) => client.reattach(id, { signal: runSignal }), undefined);
          return;
        }
        const last = read.messages?.at(-1);
        const finished = last !== undefined && last.role !== 'user' && last.complete;
        this.mergeStoredReplies(read.messages ?? [], { runEnded: finished });
        this.requestRender();
        if (finished) return;
      }
      // Agents: the server never stored the rest of the reply (it stopped mid-run): what it holds is shown.
      if (!posthog && read !== undefined && !this.busy) {
        this.mergeStoredReplies(read.messages ?? [], { runEnded: true });
        this.requestRender();
      }
      this.report('stream', new ConvoNetworkError('The reply stream was cut off'), () => void this.open(id, { announce: false, keepUnsent: true }));
    } finally {
      this.reconnecting = false;
      this.requestRender();
    }
  }

  /**
   * Merges the stored messages, and drops what this page shows of replies the server will never hold (the
   * agents server stores a reply only once it is complete; a killed PostHog run leaves only what it saved):
   * one whose message the server has moved on from (a later message is stored after it, so its run is
   * over), or any, once the run is known to have ended. The reply of the server's last message may still be
   * coming while a run goes on: it stays.
   */
  private mergeStoredReplies(messages: readonly ConvoMessage[], { runEnded }: { runEnded: boolean }): void {
    const stored = new Set(messages.map((message) => message.id));
    // What each unstored reply answers, before merging re-keys and re-orders the entries.
    const answers = new Map<TranscriptEntry, TranscriptEntry | undefined>();
    let answering: TranscriptEntry | undefined;
    for (const entry of this.transcript.entries) {
      if (entry.role === 'user') answering = entry;
      else if (!stored.has(entry.id) && !entry.id.startsWith('local-')) answers.set(entry, answering);
    }
    this.transcript.mergeStored(messages);
    // The conversation is free: a message the server turned away as busy (409) goes now, not after its backoff.
    if (runEnded && this.conversationId !== null) this.outbox?.nudge(this.conversationId);
    const lastStored = messages.at(-1)?.id;
    for (const [entry, question] of answers) {
      if (stored.has(entry.id)) continue;
      const runMayGoOn = !runEnded && question !== undefined && question.id === lastStored;
      if (!runMayGoOn) this.transcript.remove(entry);
    }
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
        if (entry.role === 'user') this.followUpTurnBegan();
        return undefined;
      }
      case 'text-appended':
        model.appendText(event.messageId, event.text, event.partIndex);
        return undefined;
      case 'message-completed': {
        const entry = event.replacesId !== undefined ? model.replaceMessage(event.replacesId, event.message) : model.upsertMessage(event.message);
        model.completeMessage(entry.id);
        if (entry.role === 'user') this.followUpTurnBegan();
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

  /** A turn began (its human echo arrived): the server may have taken a queued follow-up, so it is checked. */
  private followUpTurnBegan(): void {
    if (this.conversationId !== null) this.outbox?.nudge(this.conversationId);
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
      this.announcement = outcome === 'completed' ? `${this.host.text.replyFinished}: ${text.slice(0, 600)}` : outcome === 'failed' ? this.host.text.generationFailed : this.host.text.replyStopped;
      this.host.dispatchEvent(new ConvoReplyCompletedEvent({ conversationId, text, outcome }));
    }
    this.requestRender();
    if (conversationId === null) return;
    // The conversation is free: a message that got "busy" (409) goes now.
    this.outbox?.nudge(conversationId);
    // Another tab delivered a message while this one followed its own run: its reply is followed now.
    if (this.outbox?.sentElsewhereUnseen(conversationId) === true) void this.followReplyElsewhere(conversationId);
    // PostHog reports approvals and the final title only on retrieve.
    if (this.clientInUse?.dialect === 'posthog' && outcome !== 'stopped') void this.reload(conversationId, { messages: true });
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
      // A reply can end early without saying so (a server shutting down closes its streams): what the
      // server stored is the reply.
      if (messages) this.mergeStoredReplies(conversation.messages ?? [], { runEnded: conversation.status === 'idle' });
      this.requestRender();
    } catch (error) {
      if (isAbort(error)) return;
      // The server went away as the reply ended (a restart; a gateway answers 502 meanwhile): read again,
      // with backoff, showing "reconnecting…".
      if (messages && isTransientFailure(error)) void this.resumeAfterDrop(id);
      else this.report('load-conversation', error, () => void this.reload(id, { messages }));
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

  /** Shows a failure of the host's own work (the conversation list, uploads) in the same banner. */
  reportProblem(operation: ConvoErrorOperation, error: unknown, retry?: () => void): void {
    this.report(operation, error, retry);
  }

  private report(operation: ConvoErrorOperation, error: unknown, retry: (() => void) | undefined, message = describeError(error, this.host.text)): void {
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
