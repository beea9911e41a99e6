/**
 * The transcript as the element shows it: the server's messages plus what only this page knows (a message
 * still on its way, one that failed, tool progress lines). Stream events are applied here with work
 * proportional to the change: messages are found by id through a map, text grows by appending, and each
 * changed entry gets a new `revision` so the view re-renders only what changed.
 */
import type { ConvoMessage, ConvoPart, ConvoRole, ToolCallPart } from '../../api/types.js';

/**
 * Where a message the person sent stands (`waiting-offline`: kept until the network is back). Server
 * messages have no delivery state.
 */
export type Delivery = 'sending' | 'waiting-offline' | 'sent' | 'failed';

export interface TranscriptEntry {
  /** Stable across the id changes a message goes through (local → echoed, `temp-0` → final uuid). */
  readonly key: string;
  id: string;
  role: ConvoRole;
  parts: ConvoPart[];
  complete: boolean;
  createdAt: string | undefined;
  traceId: string | undefined;
  parentToolCallId: string | undefined;
  delivery: Delivery | undefined;
  /** The person stopped this reply: it ends where the stop left it. */
  stopped: boolean;
  /** The person's message is shown under a local id until the server's copy (the echo) takes its place. */
  awaitingEcho: boolean;
  /** Why sending failed, in words for the person. */
  failure: string | undefined;
  /** Bumped on every change; the view uses it to skip unchanged entries. */
  revision: number;
  /**
   * Per part, bumped when its text was replaced rather than extended: the text renderer then starts over
   * instead of appending the new suffix.
   */
  textResets: number[];
  /**
   * Per part, the pieces appended since its last reset. A renderer takes the pieces it has not seen yet
   * instead of slicing the whole text, because slicing a string built by appends makes the engine copy it
   * whole: per delta that would cost the length of the message so far.
   */
  textChunks: string[][];
  /** `update` progress lines of running tools, by tool call id. */
  progress: Map<string, string[]>;
}

let nextKey = 0;
const LOCAL_FAILURE_PREFIX = 'local-failure-';
function newKey(): string {
  nextKey += 1;
  return `entry-${nextKey}`;
}

function textOf(part: ConvoPart): string | undefined {
  return part.kind === 'text' || part.kind === 'thought' || part.kind === 'failure' ? part.text : undefined;
}

/** The person's message, not (yet) taken by the server. */
function isUnsent(entry: TranscriptEntry): boolean {
  return entry.awaitingEcho && entry.delivery !== 'sent';
}

export class TranscriptModel {
  private list: TranscriptEntry[] = [];
  private readonly byId = new Map<string, TranscriptEntry>();
  private readonly toolCallOwner = new Map<string, TranscriptEntry>();
  /** Bumped when entries are added, removed or reordered (the virtual list must re-measure indexes). */
  structureVersion = 0;
  /** Bumped on any change at all. */
  version = 0;
  private localFailureCount = 0;

  get entries(): readonly TranscriptEntry[] {
    return this.list;
  }

  get(id: string): TranscriptEntry | undefined {
    return this.byId.get(id);
  }

  get last(): TranscriptEntry | undefined {
    return this.list[this.list.length - 1];
  }

  /**
   * Replaces everything with a conversation's stored messages. With `keepUnsent`, the person's messages
   * that never reached the server (failed, or still on their way) stay at the end: a reload must not lose
   * what they typed.
   */
  reset(messages: readonly ConvoMessage[] = [], { keepUnsent = false }: { keepUnsent?: boolean } = {}): void {
    const unsent = keepUnsent ? this.list.filter((entry) => entry.awaitingEcho && entry.delivery !== 'sent') : [];
    this.list = [];
    this.byId.clear();
    this.toolCallOwner.clear();
    for (const message of messages) this.insert(this.entryFromMessage(message));
    const delivered = new Set(messages.map((message) => message.traceId).filter((traceId): traceId is string => traceId !== undefined));
    for (const entry of unsent) if (entry.traceId === undefined || !delivered.has(entry.traceId)) this.insert(entry);
    this.changedStructure();
  }

  /** The person's message, shown at once while it travels; `traceId` recognises its echo. */
  addPending(text: string, traceId: string): TranscriptEntry {
    const entry: TranscriptEntry = {
      key: newKey(),
      id: `local-${traceId}`,
      role: 'user',
      parts: [{ kind: 'text', text }],
      complete: true,
      createdAt: new Date().toISOString(),
      traceId,
      parentToolCallId: undefined,
      delivery: 'sending',
      awaitingEcho: true,
      stopped: false,
      failure: undefined,
      revision: 0,
      textResets: [0],
      textChunks: [[]],
      progress: new Map(),
    };
    this.insert(entry);
    this.changedStructure();
    return entry;
  }

  setDelivery(entry: TranscriptEntry, delivery: Delivery, failure?: string): void {
    entry.delivery = delivery;
    entry.failure = failure;
    this.touch(entry);
  }

  /** The entry showing the person's message with `traceId`: still local, or the server's echo of it. */
  findByTraceId(traceId: string): TranscriptEntry | undefined {
    return this.byId.get(`local-${traceId}`) ?? this.list.find((entry) => entry.traceId === traceId);
  }

  /** The person changed a message that was not sent yet. */
  setPendingText(entry: TranscriptEntry, text: string): void {
    if (!entry.awaitingEcho) return;
    this.replaceParts(entry, [{ kind: 'text', text }]);
    this.touch(entry);
  }

  remove(entry: TranscriptEntry): void {
    const index = this.list.indexOf(entry);
    if (index < 0) return;
    this.list.splice(index, 1);
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    this.changedStructure();
  }

  /**
   * A whole message from the server: the echo of the person's message (it confirms the pending entry), a
   * new message, or a newer version of one already shown (it replaces it).
   */
  upsertMessage(message: ConvoMessage): TranscriptEntry {
    const existing = this.byId.get(message.id) ?? this.findPendingEcho(message);
    if (existing === undefined) {
      const entry = this.entryFromMessage(message);
      this.insert(entry);
      this.changedStructure();
      return entry;
    }
    this.rekey(existing, message.id);
    this.replaceParts(existing, message.parts);
    existing.complete = message.complete;
    existing.createdAt = message.createdAt ?? existing.createdAt;
    existing.parentToolCallId = message.parentToolCallId;
    if (existing.awaitingEcho) {
      existing.awaitingEcho = false;
      existing.delivery = 'sent';
      existing.failure = undefined;
    }
    this.touch(existing);
    return existing;
  }

  /** A message took a new id (PostHog `temp-0` → its final uuid) and possibly new content. */
  replaceMessage(previousId: string, message: ConvoMessage): TranscriptEntry {
    const previous = this.byId.get(previousId);
    if (previous !== undefined && !this.byId.has(message.id)) this.rekey(previous, message.id);
    return this.upsertMessage(message);
  }

  /**
   * Text grew: appends to part `partIndex` when given, else to the message's last part when that is text,
   * else to a new text part (text after a tool call starts a new block).
   */
  appendText(messageId: string, text: string, partIndex?: number): TranscriptEntry {
    const entry = this.byId.get(messageId) ?? this.startMessage(messageId, 'assistant');
    const index = partIndex ?? (entry.parts[entry.parts.length - 1]?.kind === 'text' ? entry.parts.length - 1 : entry.parts.length);
    while (entry.parts.length <= index) {
      entry.parts.push({ kind: 'text', text: '' });
      entry.textResets.push(0);
      entry.textChunks.push([]);
    }
    const part = entry.parts[index]!;
    if (part.kind === 'text' || part.kind === 'thought' || part.kind === 'failure') {
      part.text += text;
      entry.textChunks[index]!.push(text);
    }
    this.touch(entry);
    return entry;
  }

  /** Adds a part (a tool call the stream announced) to a message, creating the message when missing. */
  appendPart(messageId: string, part: ConvoPart): TranscriptEntry {
    const entry = this.byId.get(messageId) ?? this.startMessage(messageId, 'assistant');
    entry.parts.push(part);
    entry.textResets.push(0);
    entry.textChunks.push([]);
    this.indexToolCalls(entry);
    this.touch(entry);
    return entry;
  }

  /** A message began streaming; nothing shows until its first content, but its place is taken. */
  startMessage(messageId: string, role: ConvoRole): TranscriptEntry {
    const existing = this.byId.get(messageId);
    if (existing !== undefined) return existing;
    const entry: TranscriptEntry = {
      key: newKey(),
      id: messageId,
      role,
      parts: [],
      complete: false,
      createdAt: new Date().toISOString(),
      traceId: undefined,
      parentToolCallId: undefined,
      delivery: undefined,
      awaitingEcho: false,
      stopped: false,
      failure: undefined,
      revision: 0,
      textResets: [],
      textChunks: [],
      progress: new Map(),
    };
    this.insert(entry);
    this.changedStructure();
    return entry;
  }

  completeMessage(messageId: string): void {
    const entry = this.byId.get(messageId);
    if (entry === undefined || entry.complete) return;
    entry.complete = true;
    this.touch(entry);
  }

  /** A progress line from a running tool (PostHog `update`). */
  addProgress(toolCallId: string, line: string): void {
    const entry = this.toolCallOwner.get(toolCallId);
    if (entry === undefined) return;
    const lines = entry.progress.get(toolCallId) ?? [];
    lines.push(line);
    entry.progress.set(toolCallId, lines);
    this.touch(entry);
  }

  /** The tool call `toolCallId`, wherever it is, and the entry holding it. */
  findToolCall(toolCallId: string): { entry: TranscriptEntry; part: ToolCallPart } | undefined {
    const entry = this.toolCallOwner.get(toolCallId);
    const part = entry?.parts.find((candidate): candidate is ToolCallPart => candidate.kind === 'tool-call' && candidate.toolCallId === toolCallId);
    return entry !== undefined && part !== undefined ? { entry, part } : undefined;
  }

  /** Records a tool's outcome on its call (PostHog sends results as separate `tool` messages). */
  settleToolCall(toolCallId: string, outcome: { result?: unknown; error?: string }): void {
    const found = this.findToolCall(toolCallId);
    if (found === undefined) return;
    found.part.status = outcome.error === undefined ? 'finished' : 'failed';
    found.part.result = outcome.result ?? found.part.result;
    found.part.error = outcome.error;
    this.touch(found.entry);
  }

  /** A run ended without finishing these calls: they failed (API.md: "failed if the stream ended without one"). */
  failUnfinishedToolCalls(reason: string): void {
    for (const [toolCallId, entry] of this.toolCallOwner) {
      const found = this.findToolCall(toolCallId);
      if (found !== undefined && (found.part.status === 'running' || found.part.status === 'streaming' || found.part.status === 'pending')) {
        found.part.status = 'failed';
        found.part.error = reason;
        this.touch(entry);
      }
    }
  }

  /**
   * The run failed and the stream said so without a message to show for it: a failure note of our own,
   * until the server's stored failure message (PostHog keeps one) replaces it.
   */
  addLocalFailure(text: string): TranscriptEntry {
    this.localFailureCount += 1;
    const entry = this.appendPart(`${LOCAL_FAILURE_PREFIX}${this.localFailureCount}`, { kind: 'failure', text });
    entry.complete = true;
    return entry;
  }

  /**
   * Merges the server's stored messages into the transcript. Failure notes of our own give way when the
   * server brought failure messages of its own.
   */
  mergeStored(messages: readonly ConvoMessage[]): void {
    const bringsFailure = messages.some((message) => !this.byId.has(message.id) && message.parts.some((part) => part.kind === 'failure'));
    if (bringsFailure) {
      for (const entry of this.list.filter((candidate) => candidate.id.startsWith(LOCAL_FAILURE_PREFIX))) this.remove(entry);
    }
    for (const message of messages) this.upsertMessage(message);
    this.followStoredOrder(messages);
  }

  /**
   * Puts the entries of stored messages in the server's order, with what only this page holds after them.
   * A message confirmed late (sent while the network was down, or by another tab) may have been shown below
   * a reply that streamed in first; the server's order is the truth.
   */
  private followStoredOrder(messages: readonly ConvoMessage[]): void {
    const storedEntries = new Set<TranscriptEntry>();
    for (const message of messages) {
      const entry = this.byId.get(message.id);
      if (entry !== undefined) storedEntries.add(entry);
    }
    const ordered = [...storedEntries, ...this.list.filter((entry) => !storedEntries.has(entry))];
    if (ordered.every((entry, index) => entry === this.list[index])) return;
    this.list = ordered;
    this.changedStructure();
  }

  /** Marks the agent's latest reply (after the person's last message) as stopped. */
  markLastReplyStopped(): void {
    const last = this.last;
    if (last === undefined || last.role === 'user') return;
    last.stopped = true;
    this.touch(last);
  }

  /** Marks every message still being written as complete (the run ended or was stopped). */
  completeAll(): void {
    for (let index = this.list.length - 1; index >= 0; index -= 1) {
      const entry = this.list[index]!;
      if (!entry.complete) {
        entry.complete = true;
        this.touch(entry);
      }
    }
  }

  private findPendingEcho(message: ConvoMessage): TranscriptEntry | undefined {
    if (message.role !== 'user') return undefined;
    const text = message.parts.map(textOf).join('');
    // Newest first: the echo answers the most recent send with that trace id (or, without one, that text).
    for (let index = this.list.length - 1; index >= 0; index -= 1) {
      const entry = this.list[index]!;
      if (!entry.awaitingEcho) continue;
      if (message.traceId !== undefined ? entry.traceId === message.traceId : entry.parts.map(textOf).join('') === text) return entry;
    }
    return undefined;
  }

  private rekey(entry: TranscriptEntry, id: string): void {
    if (entry.id === id) return;
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    entry.id = id;
    this.byId.set(id, entry);
  }

  /**
   * New parts for an entry. A text part whose new text extends the old keeps its renderer (only the suffix
   * is rendered); any other change resets it. Comparing prefixes costs the old text's length, which is paid
   * only when a whole message arrives, never per streamed delta.
   */
  private replaceParts(entry: TranscriptEntry, parts: ConvoPart[]): void {
    const resets: number[] = [];
    const chunks: string[][] = [];
    parts.forEach((part, index) => {
      const before = entry.parts[index];
      const oldText = before === undefined ? undefined : textOf(before);
      const newText = textOf(part);
      const previousResets = entry.textResets[index] ?? 0;
      const extendsOld = before !== undefined && before.kind === part.kind && (oldText === undefined || newText === undefined || newText.startsWith(oldText));
      if (!extendsOld) {
        resets.push(previousResets + 1);
        chunks.push([]);
        return;
      }
      resets.push(previousResets);
      const pieces = entry.textChunks[index] ?? [];
      if (oldText !== undefined && newText !== undefined && newText.length > oldText.length) pieces.push(newText.slice(oldText.length));
      chunks.push(pieces);
    });
    entry.parts = parts.map((part) => ({ ...part }));
    entry.textResets = resets;
    entry.textChunks = chunks;
    this.indexToolCalls(entry);
  }

  private entryFromMessage(message: ConvoMessage): TranscriptEntry {
    return {
      key: newKey(),
      id: message.id,
      role: message.role,
      parts: message.parts.map((part) => ({ ...part })),
      complete: message.complete,
      createdAt: message.createdAt,
      traceId: message.traceId,
      parentToolCallId: message.parentToolCallId,
      delivery: undefined,
      awaitingEcho: false,
      stopped: false,
      failure: undefined,
      revision: 0,
      textResets: message.parts.map(() => 0),
      textChunks: message.parts.map(() => []),
      progress: new Map(),
    };
  }

  /**
   * Adds an entry at the end, except that the person's messages the server has not taken yet stay last: a
   * reply streaming in belongs after the message it answers, not after ones still waiting their turn.
   */
  private insert(entry: TranscriptEntry): void {
    let index = this.list.length;
    if (!entry.awaitingEcho) while (index > 0 && isUnsent(this.list[index - 1]!)) index -= 1;
    this.list.splice(index, 0, entry);
    this.byId.set(entry.id, entry);
    this.indexToolCalls(entry);
  }

  private indexToolCalls(entry: TranscriptEntry): void {
    for (const part of entry.parts) {
      if (part.kind === 'tool-call') this.toolCallOwner.set(part.toolCallId, entry);
      // A PostHog `tool` message settles the call it answers.
      if (part.kind === 'tool-result') {
        const call = this.findToolCall(part.toolCallId);
        if (call !== undefined && call.part.status !== 'failed') {
          call.part.status = 'finished';
          call.part.result = part.text;
          this.touch(call.entry);
        }
      }
    }
  }

  private touch(entry: TranscriptEntry): void {
    entry.revision += 1;
    this.version += 1;
  }

  private changedStructure(): void {
    this.structureVersion += 1;
    this.version += 1;
  }
}
