import type { CopyRequest } from '../../markdown/index.js';
import type { ConvoStrings } from '../../strings/strings.js';

const CONFIRMATION_MS = 1500;

/** Copies a code block and says so on its button for a moment. */
export async function copyCodeToClipboard(request: CopyRequest, strings: ConvoStrings): Promise<void> {
  try {
    await navigator.clipboard.writeText(request.code);
  } catch {
    // Clipboard refused (no permission, insecure context): the button keeps its label; nothing to undo.
    return;
  }
  request.button.textContent = strings.copied;
  setTimeout(() => {
    request.button.textContent = strings.copyCode;
  }, CONFIRMATION_MS);
}
