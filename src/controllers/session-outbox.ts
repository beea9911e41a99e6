/**
 * The outbox as one `<convo-chat>` session shows and uses it: its entries in the transcript and in the queue
 * above the composer, the replies it started, and the person's retry, edit and discard of what it holds.
 * Part of the outbox's chunk (only `client-outbox.ts` imports it), so none of this is in the code the
 * element first paints with: `ChatSessionController` creates it when the chunk arrives and delegates to it.
 *
 * It outlives the outbox it shows: a new client closes one outbox and opens another, and what was shown of
 * the first (states, replies taken, edits under way) carries over to the second, as the transcript does.
 */
import type { ConvoClient } from '../api/client.js';
import { isAbort } from '../elements/convo-chat/describe-error.js';
import type { TranscriptEntry } from '../elements/convo-chat/transcript-model.js';
import { ConvoErrorEvent } from '../events/convo-events.js';
import { canEdit, QUEUE_CLEARED_CODE, type OutboxEntry, type OutboxFailure, type OutboxState } from '../store/outbox-entry.js';
import { createSharedOutbox, type SharedOutbox } from '../store/outbox-shared.js';
import { createClientOutboxTransport, type AcceptedReply } from '../store/outbox-transport.js';
import type { ChatSessionController, ChatSessionHost, QueuedFollowUp } from './chat-session-controller.js';

/** What the session lends its outbox beyond its public members. */
export interface SessionOutboxHost {
  /** The session: its transcript, open conversation, client, banner and render scheduling. */
  readonly session: ChatSessionController;
  readonly element: ChatSessionHost;
  /** Whether a reply stream of this element runs (its own, a re-attached one, or one the outbox started). */
  streaming(): boolean;
  /** Reads from the server the reply to a message delivered elsewhere (see the controller). */
  followReplyElsewhere(conversationId: string): void;
  /** Streams the reply to a message the outbox delivered; a stream running before it ends. */
  streamReply(reply: AcceptedReply): void;
}

/** How a message in the outbox shows in the transcript. */
function deliveryOf(state: OutboxState): 'sending' | 'waiting-offline' | 'sent' | 'failed' {
  return state === 'queued' || state === 'server-queued' ? 'sending' : state;
}

/** A follow-up still waits for its turn: shown in the queue, not yet in the transcript. */
function waitsInQueue(entry: OutboxEntry): boolean {
  return entry.followUp && entry.state !== 'sent' && entry.state !== 'failed';
}

export class SessionOutbox {
  /** Unsent messages, kept in IndexedDB and shared with the other tabs; open while connected with a client. */
  shared: SharedOutbox | undefined;
  /** Whether the outbox keeps messages across reloads (false: storage failed, they live in memory only). */
  durable = true;
  /** Whether `shared` has read what storage holds (until then, its being empty proves nothing). */
  private loaded = false;
  private readonly subscriptions: (() => void)[] = [];
  /** Texts of queued follow-ups the person just changed, shown until the outbox has the change. */
  private readonly followUpEdits = new Map<string, string>();
  /** Transcript entries that show outbox entries, by trace id, with the state last shown. */
  private readonly shownStates = new Map<string, OutboxState>();
  /** Trace ids of the messages whose reply stream this element received from the outbox. */
  private readonly repliesTaken = new Set<string>();
  private readonly host: SessionOutboxHost;

  constructor(host: SessionOutboxHost) {
    this.host = host;
  }

  /** Opens the outbox of `client`; `start` then reads what storage holds. */
  open(client: ConvoClient): SharedOutbox {
    const transport = createClientOutboxTransport(client, { onReply: (reply) => this.takeReply(reply) });
    const shared = createSharedOutbox({ transport, databaseName: this.host.element.outboxDatabaseName });
    this.shared = shared;
    this.loaded = false;
    this.durable = shared.health.durable;
    this.subscriptions.push(
      shared.outbox.subscribe(() => this.show()),
      shared.health.subscribe(() => {
        this.durable = shared.health.durable;
        this.host.session.requestRender();
      }),
    );
    return shared;
  }

  /** Reads what storage holds and shows it, unless the outbox was closed meanwhile. */
  async start(shared: SharedOutbox): Promise<void> {
    await shared.start();
    if (this.shared !== shared) return;
    this.loaded = true;
    this.show();
  }

  close(): void {
    const shared = this.shared;
    if (shared === undefined) return;
    this.shared = undefined;
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    // Attempts under way are recorded as uncertain: the next sender asks the server before sending again.
    void shared.close();
  }

  /** Another conversation opens with a fresh transcript: nothing of the last one is shown any more. */
  forgetShown(): void {
    this.shownStates.clear();
  }

  /** The conversation may have moved on (a turn began, a reply ended): the outbox checks what waits. */
  nudge(conversationId: string): void {
    this.shared?.outbox.nudge(conversationId);
  }

  /** See `ChatSessionController.queue`. */
  get queue(): readonly QueuedFollowUp[] {
    const id = this.host.session.conversationId;
    if (id === null || !this.loaded) return [];
    return (this.shared?.outbox.entries(id) ?? [])
      .filter((entry) => waitsInQueue(entry) && !this.repliesTaken.has(entry.traceId))
      .map((entry) => ({ key: entry.id, content: this.followUpEdits.get(entry.id) ?? entry.content, serverId: entry.serverQueueId ?? undefined }));
  }

  /**
   * Shows the open conversation's outbox entries in the transcript: waiting ones as sending or "will send
   * when back online", refused ones with their reason; a discarded one disappears. A delivered one becomes
   * the server's copy when its echo arrives (same trace id).
   */
  show(): void {
    const outbox = this.shared?.outbox;
    const { session, element } = this.host;
    const { transcript } = session;
    const id = session.conversationId;
    if (outbox === undefined || !this.loaded || id === null) return;
    const reattaches = session.client?.dialect === 'posthog';
    const present = new Set<string>();
    for (const entry of outbox.entries(id)) {
      present.add(entry.traceId);
      const before = this.shownStates.get(entry.traceId);
      this.shownStates.set(entry.traceId, entry.state);
      let shown = transcript.findByTraceId(entry.traceId);
      if (entry.followUp && shown === undefined) {
        // A follow-up waits in the queue above the composer; once it ran, the server's copy is what shows
        // (read here unless this element streams its run). Only a refused one joins the transcript.
        if (entry.state === 'sent' && before !== undefined && before !== 'sent') this.followFollowUp(id, entry);
        if (entry.state !== 'failed') continue;
      }
      if (shown === undefined) {
        // Sent, and the transcript read from the server already holds it (or never showed it): nothing to add.
        if (entry.state === 'sent') continue;
        shown = transcript.addPending(entry.content, entry.traceId);
      }
      // Sent by another tab (or element), or found delivered by a check: its reply is followed from the
      // server. PostHog, which re-attaches, waits for a run this element follows to end (the reply may come
      // on that stream); agents reads alongside it.
      if (entry.state === 'sent' && before !== undefined && before !== 'sent' && !this.repliesTaken.has(entry.traceId) && (!this.host.streaming() || !reattaches)) {
        this.host.followReplyElsewhere(id);
      }
      if (!shown.awaitingEcho) continue;
      transcript.setPendingText(shown, entry.content);
      // Its reply streaming here proves the server took it, before the outbox has recorded that. One another
      // tab sent stays "sending" until the server's copy shows here: until then nothing places it among the
      // replies, and it must stay after them.
      const taken = this.repliesTaken.has(entry.traceId);
      const delivery = taken ? 'sent' : entry.state === 'sent' ? 'sending' : deliveryOf(entry.state);
      const failure = entry.state === 'failed' ? this.failureText(entry.failure) : undefined;
      if (shown.delivery !== delivery || shown.failure !== failure) transcript.setDelivery(shown, delivery, failure);
      if (entry.state === 'failed' && before !== 'failed' && entry.createdBy === this.shared?.coordinator.tabId) {
        const message = failure ?? element.text.sendFailed;
        element.dispatchEvent(new ConvoErrorEvent({ operation: 'send', error: entry.failure, message }));
      }
    }
    for (const [traceId, state] of this.shownStates) {
      if (present.has(traceId)) continue;
      this.shownStates.delete(traceId);
      // Gone without being sent: discarded (here or in another tab).
      const shown = transcript.findByTraceId(traceId);
      if (state !== 'sent' && shown?.awaitingEcho) transcript.remove(shown);
    }
    // Outbox changes are few and each is something the person did or must see: shown at once.
    element.requestUpdate();
  }

  /** Why a message was not sent: the server's reason, or the element's own words for what it decided. */
  private failureText(failure: OutboxFailure | null): string | undefined {
    if (failure === null) return undefined;
    return failure.code === QUEUE_CLEARED_CODE ? this.host.element.text.followUpDropped : failure.message;
  }

  /** A follow-up ran without this element streaming it: its turn is read from the server unless it shows. */
  private followFollowUp(id: string, entry: OutboxEntry): void {
    if (this.repliesTaken.has(entry.traceId) || this.host.streaming()) return;
    const shown = this.host.session.transcript.entries.some(
      (candidate) => candidate.role === 'user' && candidate.parts.some((part) => part.kind === 'text' && part.text === entry.content),
    );
    if (!shown) this.host.followReplyElsewhere(id);
  }

  /** Whether an entry another tab delivered still waits here for the server's copy and its reply. */
  sentElsewhereUnseen(conversationId: string): boolean {
    const { transcript } = this.host.session;
    return (this.shared?.outbox.entries(conversationId) ?? []).some(
      (entry) => entry.state === 'sent' && !this.repliesTaken.has(entry.traceId) && transcript.findByTraceId(entry.traceId)?.awaitingEcho === true,
    );
  }

  /** The outbox entry a transcript entry shows, if it shows one. */
  private entryOf(entry: TranscriptEntry): OutboxEntry | undefined {
    const id = this.host.session.conversationId;
    if (id === null || entry.traceId === undefined) return undefined;
    return this.shared?.outbox.entries(id).find((candidate) => candidate.traceId === entry.traceId);
  }

  /**
   * The server took a message from the outbox and its reply is streaming: shown here when this element has
   * that conversation open, otherwise left to be read from the server when it opens.
   */
  private takeReply(reply: AcceptedReply): void {
    const { transcript, conversationId } = this.host.session;
    if (reply.entry.conversationId !== conversationId) {
      reply.abort();
      return;
    }
    this.repliesTaken.add(reply.entry.traceId);
    // The server took it (PostHog's echo may still be on its way): the reply goes after it, not after later
    // ones. A follow-up leaves the queue for the transcript now.
    const shown = transcript.findByTraceId(reply.entry.traceId) ?? transcript.addPending(reply.entry.content, reply.entry.traceId);
    if (shown.awaitingEcho && shown.delivery !== 'sent') transcript.setDelivery(shown, 'sent');
    this.placeBeforeWaiting(shown);
    this.host.streamReply(reply);
  }

  /**
   * The server took `taken`: messages shown above it that still wait (sent after it by the outbox, or shown
   * before it while it waited in the queue) move below it, so its reply follows it and the order is the
   * server's.
   */
  private placeBeforeWaiting(taken: TranscriptEntry): void {
    const { transcript } = this.host.session;
    const entries = transcript.entries;
    const waiting = entries.slice(0, entries.indexOf(taken)).filter((entry) => entry.awaitingEcho && entry.delivery !== 'sent' && entry.traceId !== undefined);
    for (const entry of waiting) {
      transcript.remove(entry);
      const text = entry.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
      const moved = transcript.addPending(text, entry.traceId!);
      if (entry.delivery !== undefined) transcript.setDelivery(moved, entry.delivery, entry.failure);
    }
  }

  /** Sends the outbox entry `entry` shows again; `undefined` when it shows none. */
  retry(entry: TranscriptEntry): Promise<boolean> | undefined {
    const queued = this.entryOf(entry);
    return queued === undefined ? undefined : this.shared?.outbox.retry(queued.id);
  }

  /** Drops the outbox entry `entry` shows; `undefined` when it shows none. */
  discard(entry: TranscriptEntry): Promise<boolean> | undefined {
    const queued = this.entryOf(entry);
    return queued === undefined ? undefined : this.shared?.outbox.discard(queued.id);
  }

  /** See `ChatSessionController.edit`. */
  async edit(entry: TranscriptEntry, content: string): Promise<boolean> {
    const queued = this.entryOf(entry);
    const text = content.trim();
    if (queued === undefined || text === '' || !canEdit(queued)) return false;
    return (await this.shared?.outbox.edit(queued.id, text)) ?? false;
  }

  /** Whether `edit` can change the message `entry` shows now. */
  canEdit(entry: TranscriptEntry): boolean {
    const queued = this.entryOf(entry);
    return queued !== undefined && canEdit(queued);
  }

  /** See `ChatSessionController.editQueued`. */
  async editQueued(item: QueuedFollowUp, content: string): Promise<void> {
    const text = content.trim();
    if (text === '') return this.removeQueued(item);
    const outbox = this.shared?.outbox;
    if (outbox === undefined || text === item.content) return;
    this.followUpEdits.set(item.key, text);
    this.host.element.requestUpdate();
    let changed = false;
    try {
      changed = await outbox.edit(item.key, text);
    } catch (error) {
      if (!isAbort(error)) this.host.session.reportProblem('queue', error);
    } finally {
      this.followUpEdits.delete(item.key);
      this.host.element.requestUpdate();
    }
    if (!changed) this.host.session.takeReturnedText?.(text);
  }

  /** See `ChatSessionController.removeQueued`. */
  async removeQueued(item: QueuedFollowUp): Promise<void> {
    try {
      await this.shared?.outbox.discard(item.key);
    } catch (error) {
      if (!isAbort(error)) this.host.session.reportProblem('queue', error);
    }
  }

  /** The server cleared its queue (a stop): the follow-ups go back to the composer rather than being lost. */
  async returnQueueToComposer(id: string): Promise<void> {
    const withdrawn = (await this.shared?.outbox.withdrawFollowUps(id)) ?? [];
    if (withdrawn.length > 0) this.host.session.takeReturnedText?.(withdrawn.map((entry) => entry.content).join('\n\n'));
  }
}
