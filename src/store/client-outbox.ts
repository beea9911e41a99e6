/**
 * The outbox wired to a client, as `<convo-chat>` opens it: the one module of the store an element imports,
 * and only with `import()`, so the outbox's code (IndexedDB, the tab election, the retry machine) is a chunk
 * of its own that loads while the element first paints. Nothing is sent before it has loaded: a message is
 * still written to storage before its first attempt.
 */
import type { ConvoClient } from '../api/client.js';
import { createSharedOutbox, type SharedOutbox } from './outbox-shared.js';
import { createClientOutboxTransport, type AcceptedReply } from './outbox-transport.js';

export interface ClientOutboxOptions {
  /** See `SharedOutboxOptions.databaseName`: one name per server and account. */
  databaseName: string;
  /** The server took a message and its reply is streaming (see `ClientOutboxTransportOptions.onReply`). */
  onReply(reply: AcceptedReply): void;
}

export function createClientOutbox(client: ConvoClient, { databaseName, onReply }: ClientOutboxOptions): SharedOutbox {
  return createSharedOutbox({ transport: createClientOutboxTransport(client, { onReply }), databaseName });
}
