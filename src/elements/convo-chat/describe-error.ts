/** Turns any failure into one sentence a person can act on, in the element's language. */
import { isConvoError, type AnyConvoError } from '../../api/errors.js';
import { formatString, type ConvoStrings } from '../../strings/strings.js';

export function describeError(error: unknown, strings: ConvoStrings): string {
  if (!isConvoError(error)) return error instanceof Error ? error.message : String(error);
  const known = error as AnyConvoError;
  switch (known.kind) {
    case 'network':
    case 'timeout':
      return strings.networkError;
    case 'api':
      if (known.status === 429) {
        return formatString(strings.rateLimited, { seconds: Math.max(1, Math.ceil((known.retryAfterMs ?? 1000) / 1000)) });
      }
      return known.message;
    default:
      return known.message;
  }
}

/** Whether the failure was the person's own abort (never shown as an error). */
export function isAbort(error: unknown): boolean {
  return (isConvoError(error) && error.kind === 'abort') || (error instanceof DOMException && error.name === 'AbortError');
}
