/**
 * Messages the person sent that the outbox does not hold yet. Between pressing send and the outbox's own
 * synchronous note (its journal) there can be waits: the client's and the outbox's code still loading, an
 * agents conversation being created on the server, a network that is down while it is. The composer and
 * its draft are cleared at the press, so a page that reloads or crashes in that wait would lose the text.
 * It is noted here first, synchronously, and the note is dropped in the same turn as the outbox takes the
 * message. A later page of this tab finds what is left and puts it back in the composer: not sent (nothing
 * was), not lost.
 *
 * The notes live in `sessionStorage`: one tab's, surviving its reloads, so another tab never picks up a
 * message this one is still sending. Where storage refuses (some private modes, sandboxed frames), nothing
 * is noted and sending works as before.
 */
import { randomUuid } from '../api/ids.js';

export interface PressedMessage {
  readonly id: string;
  /** The draft key of the conversation it was sent in (its id, or the key of a new one). */
  readonly key: string;
  readonly content: string;
  readonly pressedAt: number;
}

const PREFIX = 'convo-elements pressed ';

/** Notes this page is still sending: they are not left over from an earlier page, so never taken back. */
const live = new Set<string>();

function tabStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // A sandboxed frame throws on access rather than answering undefined.
    return undefined;
  }
}

function isPressedMessage(value: unknown): value is PressedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const note = value as Partial<PressedMessage>;
  return typeof note.id === 'string' && typeof note.key === 'string' && typeof note.content === 'string' && typeof note.pressedAt === 'number';
}

/** Notes `content`, sent in the conversation of draft key `key`, until `forgetPressed` is called for it. */
export function notePressed(key: string, content: string, storage = tabStorage()): PressedMessage {
  const note: PressedMessage = { id: randomUuid(), key, content, pressedAt: Date.now() };
  live.add(note.id);
  try {
    storage?.setItem(PREFIX + note.id, JSON.stringify(note));
  } catch {
    // No room or no permission: the message is only as safe as it was without the note.
  }
  return note;
}

/** The outbox holds the message now (or it was kept back, or discarded): the note goes. */
export function forgetPressed(note: PressedMessage | undefined, storage = tabStorage()): void {
  if (note === undefined) return;
  live.delete(note.id);
  try {
    storage?.removeItem(PREFIX + note.id);
  } catch {
    // Nothing to forget where nothing could be noted.
  }
}

/**
 * A note whose sender went away (its element was removed) before the outbox took the message: it is left
 * over, like one from an earlier page, for the next composer of its conversation to take back.
 */
export function abandonPressed(note: PressedMessage | undefined): void {
  if (note !== undefined) live.delete(note.id);
}

function readNote(storage: Storage, name: string): PressedMessage | undefined {
  try {
    const value: unknown = JSON.parse(storage.getItem(name) ?? 'null');
    return isPressedMessage(value) ? value : undefined;
  } catch {
    // Not ours, or damaged: left alone.
    return undefined;
  }
}

/** Takes the left-over messages of draft key `key`, oldest first: they are removed from storage. */
export function takePressed(key: string, storage = tabStorage()): string[] {
  const found: PressedMessage[] = [];
  try {
    for (let index = 0; storage !== undefined && index < storage.length; index += 1) {
      const name = storage.key(index);
      const note = name?.startsWith(PREFIX) ? readNote(storage, name) : undefined;
      if (note !== undefined && note.key === key && !live.has(note.id)) found.push(note);
    }
    for (const note of found) storage?.removeItem(PREFIX + note.id);
  } catch {
    // Storage that stops answering gives nothing back; sending is untouched.
  }
  return found.sort((a, b) => a.pressedAt - b.pressedAt).map((note) => note.content);
}
