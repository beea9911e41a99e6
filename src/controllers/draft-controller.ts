import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadOnce } from '../api/load-once.js';
import type { DraftStore } from '../store/drafts.js';

/** The IndexedDB draft store's code is a chunk of its own, loaded when the first element connects. */
const loadDraftCode = loadOnce(() => import('../store/drafts.js'), 'the drafts');

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
 *
 * The default store's code loads when the host connects: what the person types before it arrives is kept
 * here (the pending draft) and written once it has.
 */
export class DraftController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly debounceMs: number;
  /** The store once known: the one given, or the default one once its code has loaded. */
  private storeInUse: DraftStore | undefined;
  private storeLoading: Promise<DraftStore> | undefined;
  private unsubscribe: (() => void) | undefined;
  private pendingKey: string | undefined;
  private pendingText = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private persistentNow = true;

  constructor(host: ReactiveControllerHost, options: DraftControllerOptions = {}) {
    this.host = host;
    this.debounceMs = options.debounceMs ?? 400;
    this.storeInUse = options.store;
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
    if (this.storeInUse === undefined) this.defaultStore().catch(() => this.setPersistent(false));
    else this.subscribe();
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
    return this.withStore((store) => store.load(key), '');
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
    return this.withStore((store) => store.save(key, ''), undefined);
  }

  /** Writes the pending draft now. */
  flush(): void {
    if (this.pendingKey === undefined) return;
    const key = this.pendingKey;
    const text = this.pendingText;
    this.cancelPending();
    void this.withStore((store) => store.save(key, text), undefined);
  }

  /**
   * Runs `use` on the store: at once when it is known, else once its code has loaded, in the order asked.
   * Code that cannot load (offline) leaves drafts unsaved, which the host is told (`persistent`).
   */
  private withStore<T>(use: (store: DraftStore) => Promise<T>, otherwise: T): Promise<T> {
    if (this.storeInUse !== undefined) return use(this.storeInUse);
    return this.defaultStore().then(use, () => {
      this.setPersistent(false);
      return otherwise;
    });
  }

  /** The IndexedDB store, once its code has loaded (a failed load is tried again by the next use). */
  private defaultStore(): Promise<DraftStore> {
    this.storeLoading ??= loadDraftCode().then(
      ({ createDraftStore }) => {
        this.storeInUse ??= createDraftStore();
        this.subscribe();
        return this.storeInUse;
      },
      (error: unknown) => {
        this.storeLoading = undefined;
        throw error;
      },
    );
    return this.storeLoading;
  }

  private cancelPending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingKey = undefined;
    this.pendingText = '';
  }

  private subscribe(): void {
    this.unsubscribe?.();
    const store = this.storeInUse;
    if (store === undefined) return;
    this.setPersistent(store.persistent);
    this.unsubscribe = store.onPersistenceChange((persistent) => this.setPersistent(persistent));
  }

  private setPersistent(persistent: boolean): void {
    if (persistent === this.persistentNow) return;
    this.persistentNow = persistent;
    this.host.requestUpdate();
  }

  private readonly handleVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') this.flush();
  };

  private readonly handlePageHide = (): void => this.flush();
}
