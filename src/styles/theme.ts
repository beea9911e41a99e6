import { css, type CSSResult } from 'lit';

/**
 * Private `--_` properties that resolve public ones against light or dark defaults: `light` on the host, `dark`
 * under `theme="dark"` and under a dark system preference unless `theme="light"` says otherwise. Each element
 * family adds its own tokens this way (the conversation's bubbles and code colours live with `<convo-chat>`), so
 * an element ships only the tokens it reads.
 */
export function themedProperties(light: CSSResult, dark: CSSResult): CSSResult {
  return css`
    :host {
      ${light}
    }

    :host([theme='dark']) {
      ${dark}
    }

    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${dark}
      }
    }
  `;
}

/**
 * The design tokens every element reads. Hosts restyle by setting the public custom properties
 * (`--convo-accent`, `--convo-surface`, ...) on the element or any ancestor; the private `--_` copies resolve
 * them against the light or dark defaults, chosen by `prefers-color-scheme` unless the `theme` attribute
 * says `light` or `dark`.
 */
export const themeTokens = css`
  ${themedProperties(
    css`
      --_surface: var(--convo-surface, #ffffff);
      --_surface-raised: var(--convo-surface-raised, #f6f7f9);
      --_surface-sunken: var(--convo-surface-sunken, #eef0f3);
      --_text: var(--convo-text, #1b1f24);
      --_text-muted: var(--convo-text-muted, #5b6470);
      --_border: var(--convo-border, #d9dde3);
      --_accent: var(--convo-accent, #2f5bd3);
      --_accent-text: var(--convo-accent-text, #ffffff);
      --_danger: var(--convo-danger, #b42318);
      --_danger-surface: var(--convo-danger-surface, #fef3f2);
      --_warning-surface: var(--convo-warning-surface, #fff8e6);
      --_warning-border: var(--convo-warning-border, #e7b10a);
      --_success: var(--convo-success, #1a7f37);
      --_focus: var(--convo-focus-ring, #2f5bd3);
      --_shadow: var(--convo-shadow, 0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.1));
      color-scheme: light;
    `,
    css`
      --_surface: var(--convo-surface, #15181d);
      --_surface-raised: var(--convo-surface-raised, #1d2127);
      --_surface-sunken: var(--convo-surface-sunken, #0f1115);
      --_text: var(--convo-text, #e6e9ee);
      --_text-muted: var(--convo-text-muted, #9aa3af);
      --_border: var(--convo-border, #2e343d);
      --_accent: var(--convo-accent, #7ea2ff);
      --_accent-text: var(--convo-accent-text, #0c1330);
      --_danger: var(--convo-danger, #ff8a80);
      --_danger-surface: var(--convo-danger-surface, #3a1715);
      --_warning-surface: var(--convo-warning-surface, #33290c);
      --_warning-border: var(--convo-warning-border, #b88a00);
      --_success: var(--convo-success, #56d364);
      --_focus: var(--convo-focus-ring, #7ea2ff);
      --_shadow: var(--convo-shadow, 0 1px 3px rgb(0 0 0 / 0.5));
      color-scheme: dark;
    `,
  )}

  :host {
    --_font: var(--convo-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--convo-font-family-mono, ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_font-size: var(--convo-font-size, 0.9375rem);
    --_radius: var(--convo-radius, 12px);
    --_radius-small: var(--convo-radius-small, 6px);
    --_space: var(--convo-space, 12px);
    --_gap: calc(var(--_space) * 0.66);
    --_duration: var(--convo-motion-duration, 160ms);
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

// Apart, so that an element that does not use them (the table) does not ship them.
export { baseStyles } from './base-styles.js';
