import { css } from 'lit';

/** The dark defaults, used by the `theme="dark"` attribute and by a dark system preference alike. */
const darkPalette = css`
    --_surface: var(--convo-surface, #15181d);
    --_surface-raised: var(--convo-surface-raised, #1d2127);
    --_surface-sunken: var(--convo-surface-sunken, #0f1115);
    --_text: var(--convo-text, #e6e9ee);
    --_text-muted: var(--convo-text-muted, #9aa3af);
    --_border: var(--convo-border, #2e343d);
    --_accent: var(--convo-accent, #7ea2ff);
    --_accent-text: var(--convo-accent-text, #0c1330);
    --_bubble-user-bg: var(--convo-bubble-user-bg, #2b4aa8);
    --_bubble-user-text: var(--convo-bubble-user-text, #f2f5ff);
    --_danger: var(--convo-danger, #ff8a80);
    --_danger-surface: var(--convo-danger-surface, #3a1715);
    --_warning-surface: var(--convo-warning-surface, #33290c);
    --_warning-border: var(--convo-warning-border, #b88a00);
    --_success: var(--convo-success, #56d364);
    --_focus: var(--convo-focus-ring, #7ea2ff);
    --_code-bg: var(--convo-code-bg, #0f1216);
    --_shadow: var(--convo-shadow, 0 1px 3px rgb(0 0 0 / 0.5));
    --_code-keyword: var(--convo-code-keyword, #d19af5);
    --_code-string: var(--convo-code-string, #98c379);
    --_code-number: var(--convo-code-number, #e5a66b);
    --_code-comment: var(--convo-code-comment, #8b929c);
    --_code-function: var(--convo-code-function, #79b8ff);
    --_code-type: var(--convo-code-type, #e6c07b);
    --_code-property: var(--convo-code-property, #ef8a92);
    color-scheme: dark;
`;

/**
 * The design tokens every element reads. Hosts restyle by setting the public custom properties
 * (`--convo-accent`, `--convo-surface`, ...) on the element or any ancestor; the private `--_` copies resolve
 * them against the light or dark defaults, chosen by `prefers-color-scheme` unless the `theme` attribute
 * says `light` or `dark`.
 */
export const themeTokens = css`
  :host {
    --_font: var(--convo-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--convo-font-family-mono, ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_font-size: var(--convo-font-size, 0.9375rem);
    --_radius: var(--convo-radius, 12px);
    --_radius-small: var(--convo-radius-small, 6px);
    --_space: var(--convo-space, 12px);
    --_gap: calc(var(--_space) * 0.66);

    --_surface: var(--convo-surface, #ffffff);
    --_surface-raised: var(--convo-surface-raised, #f6f7f9);
    --_surface-sunken: var(--convo-surface-sunken, #eef0f3);
    --_text: var(--convo-text, #1b1f24);
    --_text-muted: var(--convo-text-muted, #5b6470);
    --_border: var(--convo-border, #d9dde3);
    --_accent: var(--convo-accent, #2f5bd3);
    --_accent-text: var(--convo-accent-text, #ffffff);
    --_bubble-user-bg: var(--convo-bubble-user-bg, #2f5bd3);
    --_bubble-user-text: var(--convo-bubble-user-text, #ffffff);
    --_bubble-agent-bg: var(--convo-bubble-agent-bg, transparent);
    --_danger: var(--convo-danger, #b42318);
    --_danger-surface: var(--convo-danger-surface, #fef3f2);
    --_warning-surface: var(--convo-warning-surface, #fff8e6);
    --_warning-border: var(--convo-warning-border, #e7b10a);
    --_success: var(--convo-success, #1a7f37);
    --_focus: var(--convo-focus-ring, #2f5bd3);
    --_code-bg: var(--convo-code-bg, #f3f4f6);
    --_shadow: var(--convo-shadow, 0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.1));
    --_duration: var(--convo-motion-duration, 160ms);
    --_code-keyword: var(--convo-code-keyword, #9b249a);
    --_code-string: var(--convo-code-string, #2f6f2e);
    --_code-number: var(--convo-code-number, #8a5100);
    --_code-comment: var(--convo-code-comment, #5c626b);
    --_code-function: var(--convo-code-function, #2a5bc4);
    --_code-type: var(--convo-code-type, #7d5700);
    --_code-property: var(--convo-code-property, #b3362c);

    color-scheme: light;
  }

  :host([theme='dark']) {
    ${darkPalette}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }

  :host([density='compact']) {
    --_space: var(--convo-space, 8px);
    --_font-size: var(--convo-font-size, 0.875rem);
    --_radius: var(--convo-radius, 8px);
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --_duration: 0ms;
    }
  }
`;

/** What every element's shadow root starts from: box sizing, inherited type, visible focus, hidden helpers. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }

  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }

  button:disabled {
    cursor: default;
    opacity: 0.55;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
