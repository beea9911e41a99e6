/**
 * Code the client loads on first use (a dialect's reply streams, the upload machinery), so a page pays for
 * it only when it needs it.
 */
import { ConvoNetworkError } from './errors.js';

/**
 * Loads a module once. A failed load (the page went offline before it arrived) is not kept: it rejects with
 * `ConvoNetworkError`, which callers retry as any network failure, and the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new ConvoNetworkError(`Could not load ${what}`, { cause: error });
    }));
}
