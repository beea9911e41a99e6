import { css } from 'lit';
import { baseStyles, themeTokens } from './chat-theme.js';

const layout = css`
  :host {
    display: block;
    height: var(--convo-chat-height, 36rem);
    min-height: 16rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    contain: content;
  }

  [part='frame'] {
    position: relative;
    display: flex;
    height: 100%;
  }

  /* A code block's rounded frame clips its content: the copy button's focus ring is drawn just inside it. */
  [part~='md-copy-button']:focus-visible {
    outline-offset: -2px;
  }

  [part~='conversations-toggle'] {
    display: inline-flex;
    padding: 0.35em;
    border-color: transparent;
    background: transparent;
  }

  [part='main'] {
    position: relative;
    display: flex;
    flex-direction: column;
    flex: 1;
    min-width: 0;
  }

  [part='header'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: var(--_gap) var(--_space);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-raised);
  }

  [part='title'] {
    flex: 1;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  [part='transcript'] {
    position: relative;
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space) var(--_space) 0;
  }

  /* Rows carry their own spacing so a measured row height is all the room it takes. */
  .row {
    padding-bottom: var(--_space);
  }

  .spacer {
    overflow-anchor: none;
  }

  [part='transcript']:focus-visible {
    outline-offset: -2px;
  }

  [part='empty'] {
    margin: 20% auto 0;
    text-align: center;
    color: var(--_text-muted);
    max-width: 28rem;
  }

  .empty-title {
    margin: 0 0 0.25em;
    font-size: 1.15em;
    font-weight: 600;
    color: var(--_text);
  }

  .empty-body {
    margin: 0;
  }
`;

const messages = css`
  [part~='message'] {
    display: flex;
    flex-direction: column;
    max-width: 100%;
  }

  [part~='message-user'] {
    align-items: flex-end;
  }

  [part~='bubble'] {
    max-width: min(44rem, 100%);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }

  [part~='bubble-user'] {
    max-width: min(36rem, 85%);
    padding: calc(var(--_space) * 0.6) var(--_space);
    background: var(--_bubble-user-bg);
    color: var(--_bubble-user-text);
    border-end-end-radius: var(--_radius-small);
  }

  [part~='message-user'][data-delivery='sending'] [part~='bubble-user'] {
    opacity: 0.75;
  }

  [part~='message-user'][data-delivery='failed'] [part~='bubble-user'] {
    background: var(--_danger-surface);
    color: var(--_text);
    border: 1px solid var(--_danger);
  }

  [part~='bubble-agent'] {
    width: 100%;
    background: var(--_bubble-agent-bg);
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }

  [part~='bubble-user'] [part~='text'] {
    white-space: pre-wrap;
  }

  [part~='bubble-agent'] [part~='text'] {
    white-space: pre-wrap;
  }

  [part~='delivery'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    margin: 0.25em 0 0;
    font-size: 0.85em;
    color: var(--_text-muted);
  }

  [part~='delivery-failed'] {
    color: var(--_danger);
  }

  [part='stopped-note'] {
    margin: 0.25em 0 0;
    font-size: 0.85em;
    color: var(--_text-muted);
  }

  [part='typing'] {
    color: var(--_text-muted);
    font-size: 0.9em;
    animation: pulse 1.4s ease-in-out infinite;
  }

  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }

  /* The working indicator stops pulsing for people who asked for less motion; its text still says it. */
  @media (prefers-reduced-motion: reduce) {
    [part='typing'] {
      animation: none;
    }
  }

  /*
   * A tool call, reasoning, file, suggested replies or sources while their code loads (their own styles come
   * with it, see reply-parts): the height each first takes, in the same units, so nothing moves when it lands.
   */
  .pending-collapsed {
    font-size: 0.9em;
    height: calc(2.2em + 2px);
  }

  .pending-attachment {
    height: calc(2.9em + 4px);
  }

  .pending-quick-replies {
    font-size: 0.9em;
    height: calc(2.1em + 2px);
  }

  .pending-citations {
    font-size: 0.85em;
    height: 1.5em;
  }

  [part='failure'],
  [part='problem'] {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--_gap);
    padding: 0.5em 0.75em;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius-small);
    background: var(--_danger-surface);
    color: var(--_text);
  }

  [part='failure'] > span,
  [part='problem'] > span {
    flex: 1;
  }

  [part='problem'] {
    margin: 0 var(--_space) var(--_gap);
  }

  [part='unsupported'] {
    margin: 0;
    padding: 0.4em 0.7em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius-small);
    color: var(--_text-muted);
    font-size: 0.9em;
  }

  a {
    color: var(--_accent);
  }
`;

const controls = css`
  /* No specificity of its own: every specific button style below or above wins over it. */
  :where([part~='button']) {
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_surface);
    padding: 0.3em 0.75em;
    font-size: 0.9em;
    line-height: 1.4;
  }

  :where([part~='button']):hover:not(:disabled) {
    border-color: var(--_accent);
  }

  [part='composer'] {
    display: flex;
    align-items: flex-end;
    gap: var(--_gap);
    padding: var(--_gap) var(--_space) var(--_space);
  }

  [part='input'] {
    flex: 1;
    min-height: 2.6em;
    max-height: 12em;
    resize: none;
    padding: 0.55em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }

  [part='input']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 0;
    border-color: transparent;
  }

  [part~='send-button'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
    padding: 0.55em 1.1em;
    border-radius: var(--_radius);
    font-weight: 600;
  }

  [part~='stop-button'] {
    padding: 0.55em 1.1em;
    border-radius: var(--_radius);
  }

  [part~='jump-to-latest'] {
    position: absolute;
    inset-inline-end: var(--_space);
    bottom: 7.5em;
    z-index: 1;
    border-radius: 999px;
    background: var(--_surface-raised);
    box-shadow: var(--_shadow);
  }

  .actions {
    display: flex;
    gap: var(--_gap);
  }

  [part~='attach-button'] {
    display: inline-flex;
    align-items: center;
    padding: 0.55em;
    border-radius: var(--_radius);
  }

  [part='drop-zone'] {
    position: absolute;
    inset: var(--_gap);
    z-index: 3;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_surface) 85%, transparent);
    color: var(--_accent);
    font-weight: 600;
    pointer-events: none;
  }

  [part='storage-note'] {
    margin: 0 var(--_space);
    color: var(--_text-muted);
    font-size: 0.85em;
  }
`;

export const convoChatStyles = [themeTokens, baseStyles, layout, messages, controls];
