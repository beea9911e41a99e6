import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createDraftStore, type DraftStore } from '../store/drafts.js';

export interface DraftControllerOptions {
  /** Defaults to a store in the shared drafts database. */
  store?: DraftStore;
  /** Quiet time after the last keystroke before the draft is written (default 400 ms). */
  debounceMs?: number;
}

/**
 * Keeps the composer's draft of each conversation: written on a short debounce and at once when the page is
 * hidden (the last moment a closing tab is sure to run code), restored when a conversation opens, cleared when
 * the message is sent. Tells the host when drafts stop surviving reloads.
 */
export class DraftController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly debounceMs: number;
  private storeInUse: DraftStore;
  private unsubscribe: (() => void) | undefined;
  private pendingKey: string | undefined;
  private pendingText = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private persistentNow = true;

  constructor(host: ReactiveControllerHost, options: DraftControllerOptions = {}) {
    this.host = host;
    this.debounceMs = options.debounceMs ?? 400;
    this.storeInUse = options.store ?? createDraftStore();
    host.addController(this);
  }

  /** `false` while drafts live only in memory; the element shows a note. */
  get persistent(): boolean {
    return this.persistentNow;
  }

  /** Swaps the backing store (tests, or a host that brings its own). */
  set store(store: DraftStore) {
    this.flush();
    this.unsubscribe?.();
    this.storeInUse = store;
    this.subscribe();
  }

  hostConnected(): void {
    this.subscribe();
    document.addEventListener('visibilitychange', this.handleVisibilityChange);
    window.addEventListener('pagehide', this.handlePageHide);
  }

  hostDisconnected(): void {
    this.flush();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    document.removeEventListener('visibilitychange', this.handleVisibilityChange);
    window.removeEventListener('pagehide', this.handlePageHide);
  }

  /** The saved draft of `key` (a conversation id, or a key for the not-yet-created conversation). */
  restore(key: string): Promise<string> {
    if (this.pendingKey === key) return Promise.resolve(this.pendingText);
    this.flush();
    return this.storeInUse.load(key);
  }

  /** The composer changed; the draft is written once typing pauses. */
  update(key: string, text: string): void {
    if (this.pendingKey !== undefined && this.pendingKey !== key) this.flush();
    this.pendingKey = key;
    this.pendingText = text;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /** The message was sent: its draft must not come back. */
  clear(key: string): Promise<void> {
    if (this.pendingKey === key) this.cancelPending();
    return this.storeInUse.save(key, '');
  }

  /** Writes the pending draft now. */
  flush(): void {
    if (this.pendingKey === undefined) return;
    const key = this.pendingKey;
    const text = this.pendingText;
    this.cancelPending();
    void this.storeInUse.save(key, text);
  }

  private cancelPending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingKey = undefined;
    this.pendingText = '';
  }

  private subscribe(): void {
    this.unsubscribe?.();
    this.persistentNow = this.storeInUse.persistent;
    this.unsubscribe = this.storeInUse.onPersistenceChange((persistent) => {
      this.persistentNow = persistent;
      this.host.requestUpdate();
    });
  }

  private readonly handleVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') this.flush();
  };

  private readonly handlePageHide = (): void => this.flush();
}
