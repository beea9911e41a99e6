/**
 * The outbox as `<convo-chat>` opens it: the one module of the store an element loads, and only with
 * `import()`, so the outbox's code (IndexedDB, the tab election, the retry machine, and the session's
 * handling of what the outbox holds) is a chunk of its own that loads while the element first paints.
 * Nothing is sent before it has loaded: a message is still written to storage before its first attempt.
 */
export { SessionOutbox, type SessionOutboxHost } from '../controllers/session-outbox.js';
