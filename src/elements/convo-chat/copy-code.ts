import type { CopyRequest } from '../../markdown/index.js';
import type { ConvoStrings } from '../../strings/strings.js';

const CONFIRMATION_MS = 1500;

/** Buttons showing "Copied": the label to put back, and the timer that will. */
const confirming = new WeakMap<HTMLButtonElement, { label: string | null; timer: ReturnType<typeof setTimeout> }>();

/**
 * Copies a code block and says so on its button for a moment, in its text and in its accessible name (the
 * `aria-label` is what a screen reader announces, so it must change too).
 */
export async function copyCodeToClipboard(request: CopyRequest, strings: ConvoStrings): Promise<void> {
  try {
    await navigator.clipboard.writeText(request.code);
  } catch {
    // No clipboard (a page served over plain http has none) or no permission: the code is selected instead,
    // so the person's own Ctrl+C (or the context menu) copies it.
    selectCode(request.button);
    return;
  }
  const { button } = request;
  const pending = confirming.get(button);
  // Copied again while it still says so: the label to restore is still the original one.
  if (pending !== undefined) clearTimeout(pending.timer);
  const label = pending === undefined ? button.getAttribute('aria-label') : pending.label;
  button.textContent = strings.copied;
  button.setAttribute('aria-label', strings.copied);
  const timer = setTimeout(() => {
    confirming.delete(button);
    button.textContent = strings.copyCode;
    if (label === null) button.removeAttribute('aria-label');
    else button.setAttribute('aria-label', label);
  }, CONFIRMATION_MS);
  confirming.set(button, { label, timer });
}

function selectCode(button: HTMLButtonElement): void {
  const code = button.closest('[part~="md-code-block"]')?.querySelector('[part~="md-code"]');
  const selection = document.getSelection();
  if (code && selection) selection.selectAllChildren(code);
}
