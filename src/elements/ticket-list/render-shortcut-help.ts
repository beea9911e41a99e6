/** The keyboard shortcuts overlay, written from the same table the key handler reads. */
import { html, type TemplateResult } from "lit";
import type { TicketListStrings } from "./ticket-list-strings.js";
import { TRIAGE_SHORTCUTS, keyLabel } from "./ticket-shortcuts.js";

export function renderShortcutHelp(
  strings: TicketListStrings,
  onClose: () => void,
): TemplateResult {
  return html`<div class="overlay">
    <div
      part="help"
      class="help"
      role="dialog"
      aria-modal="true"
      aria-labelledby="help-title"
    >
      <h3 id="help-title">${strings.helpTitle}</h3>
      <dl>
        ${TRIAGE_SHORTCUTS.map(
          (shortcut) =>
            html`<div class="shortcut">
              <dt>
                ${shortcut.keys.map((key) => html`<kbd>${keyLabel(key)}</kbd>`)}
              </dt>
              <dd>${strings[shortcut.description]}</dd>
            </div>`,
        )}
      </dl>
      <button part="help-close" @click=${onClose}>${strings.close}</button>
    </div>
  </div>`;
}
