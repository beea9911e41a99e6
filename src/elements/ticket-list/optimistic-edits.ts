/**
 * Optimistic edits as an overlay: what the person sees is the server's last word about a ticket with every
 * edit still in flight laid over it, in the order they were made. A confirmed edit leaves the overlay and the
 * server's answer becomes the base; a failed one just leaves the overlay, so the fields it touched fall back to
 * the server's values while later edits of other (or the same) fields stay shown. No "previous value" is
 * ever stored, so two quick edits of one field can never roll back to the wrong value.
 */

export interface PendingEdit<T> {
  readonly id: number;
  readonly key: string;
  readonly patch: Readonly<Partial<T>>;
}

export class OptimisticEdits<T extends object> {
  private readonly pending = new Map<string, PendingEdit<T>[]>();
  private nextId = 1;

  /** Records an edit of the item `key`; pass the edit to `settle` once the server answered either way. */
  begin(key: string, patch: Partial<T>): PendingEdit<T> {
    const edit: PendingEdit<T> = {
      id: this.nextId++,
      key,
      patch: { ...patch },
    };
    const edits = this.pending.get(key) ?? [];
    edits.push(edit);
    this.pending.set(key, edits);
    return edit;
  }

  /** The edit is over (confirmed or failed): it no longer colours what is shown. */
  settle(edit: PendingEdit<T>): void {
    const edits =
      this.pending
        .get(edit.key)
        ?.filter((candidate) => candidate.id !== edit.id) ?? [];
    if (edits.length === 0) this.pending.delete(edit.key);
    else this.pending.set(edit.key, edits);
  }

  /** Forgets every edit of `key` (the item was deleted). */
  forget(key: string): void {
    this.pending.delete(key);
  }

  /** `base` with the edits in flight applied; `base` itself when there are none. */
  overlay(key: string, base: T): T {
    const edits = this.pending.get(key);
    if (!edits) return base;
    return edits.reduce<T>(
      (shown, edit) => ({ ...shown, ...edit.patch }),
      base,
    );
  }

  /** True while an edit of `field` on `key` waits for the server. */
  isPending(key: string, field: keyof T): boolean {
    return this.pending.get(key)?.some((edit) => field in edit.patch) ?? false;
  }

  get size(): number {
    return this.pending.size;
  }
}
