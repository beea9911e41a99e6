import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConvoClient } from '../api/client.js';
import type { Conversation } from '../api/types.js';
import { isAbort } from '../elements/convo-chat/describe-error.js';

export interface ConversationListOptions {
  /** Called with any failure, for the host to show and report. */
  onError(error: unknown, operation: 'list-conversations' | 'delete-conversation'): void;
}

/**
 * The person's conversations, newest first, a page at a time. Loads lazily (the first time the list is
 * shown), one page request in flight at most, and keeps itself current as conversations are created,
 * renamed and deleted here.
 */
export class ConversationListController implements ReactiveController {
  items: Conversation[] = [];
  loading = false;
  /** Whether the server has more pages. */
  hasMore = false;
  /** True once the first page arrived (an empty list then means "no conversations yet"). */
  loaded = false;
  /** Conversations per page. */
  pageSize = 30;

  private readonly host: ReactiveControllerHost;
  private readonly options: ConversationListOptions;
  private client: ConvoClient | undefined;
  private cursor: string | null = null;
  private abort = new AbortController();

  constructor(host: ReactiveControllerHost, options: ConversationListOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.abort.signal.aborted) this.abort = new AbortController();
  }

  hostDisconnected(): void {
    this.abort.abort();
    // Reconnected later, the list is read afresh.
    this.loaded = false;
    this.loading = false;
  }

  /** A different client: forget the list; it is read again when next shown. */
  setClient(client: ConvoClient | undefined): void {
    if (client === this.client) return;
    this.client = client;
    this.abort.abort();
    this.abort = new AbortController();
    this.items = [];
    this.cursor = null;
    this.hasMore = false;
    this.loaded = false;
    this.loading = false;
    this.host.requestUpdate();
  }

  /** Reads the first page unless it is already there. */
  ensureLoaded(): void {
    if (!this.loaded && !this.loading) void this.loadPage(null);
  }

  /** The next page, if there is one and none is on its way. */
  loadMore(): void {
    if (this.hasMore && !this.loading) void this.loadPage(this.cursor);
  }

  /** A conversation was created or renamed here: it moves to the top (the list is newest first). */
  upsert(conversation: Pick<Conversation, 'id' | 'title'> & Partial<Conversation>): void {
    const existing = this.items.find((item) => item.id === conversation.id);
    const merged: Conversation = existing
      ? { ...existing, ...conversation, title: conversation.title ?? existing.title }
      : {
          status: undefined,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          messages: undefined,
          pendingApprovals: [],
          raw: {} as Conversation['raw'],
          ...conversation,
        };
    this.items = [merged, ...this.items.filter((item) => item.id !== conversation.id)];
    this.host.requestUpdate();
  }

  /** Deletes on the server, then from the list. Answers whether it was deleted. */
  async remove(id: string): Promise<boolean> {
    if (this.client === undefined) return false;
    try {
      await this.client.conversations.delete(id, { signal: this.abort.signal });
    } catch (error) {
      if (!isAbort(error)) this.options.onError(error, 'delete-conversation');
      return false;
    }
    this.items = this.items.filter((item) => item.id !== id);
    this.host.requestUpdate();
    return true;
  }

  private async loadPage(cursor: string | null): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    const signal = this.abort.signal;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const page = await client.conversations.list({ cursor, limit: this.pageSize, signal });
      if (signal.aborted) return;
      const known = new Set(this.items.map((item) => item.id));
      this.items = [...this.items, ...page.items.filter((item) => !known.has(item.id))];
      this.cursor = page.next;
      this.hasMore = page.next !== null;
      this.loaded = true;
    } catch (error) {
      if (!isAbort(error)) this.options.onError(error, 'list-conversations');
    } finally {
      if (!signal.aborted) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }
}
