import { css } from 'lit';
import { baseStyles, themedProperties, themeTokens as sharedThemeTokens } from '../../styles/theme.js';

export { baseStyles };

/**
 * The shared design tokens plus those only conversations read: message bubbles, and the code blocks and
 * syntax colours of rendered markdown (which `<ticket-thread>` shows too). Kept out of the shared tokens so
 * that elements without messages, such as `<data-frame-table>`, do not ship them.
 */
export const themeTokens = css`
  ${sharedThemeTokens}
  ${themedProperties(
    css`
      --_bubble-user-bg: var(--convo-bubble-user-bg, #2f5bd3);
      --_bubble-user-text: var(--convo-bubble-user-text, #ffffff);
      --_bubble-agent-bg: var(--convo-bubble-agent-bg, transparent);
      --_code-bg: var(--convo-code-bg, #f3f4f6);
      --_code-keyword: var(--convo-code-keyword, #9b249a);
      --_code-string: var(--convo-code-string, #2f6f2e);
      --_code-number: var(--convo-code-number, #8a5100);
      --_code-comment: var(--convo-code-comment, #5c626b);
      --_code-function: var(--convo-code-function, #2a5bc4);
      --_code-type: var(--convo-code-type, #7d5700);
      --_code-property: var(--convo-code-property, #b3362c);
    `,
    css`
      --_bubble-user-bg: var(--convo-bubble-user-bg, #2b4aa8);
      --_bubble-user-text: var(--convo-bubble-user-text, #f2f5ff);
      --_code-bg: var(--convo-code-bg, #0f1216);
      --_code-keyword: var(--convo-code-keyword, #d19af5);
      --_code-string: var(--convo-code-string, #98c379);
      --_code-number: var(--convo-code-number, #e5a66b);
      --_code-comment: var(--convo-code-comment, #8b929c);
      --_code-function: var(--convo-code-function, #79b8ff);
      --_code-type: var(--convo-code-type, #e6c07b);
      --_code-property: var(--convo-code-property, #ef8a92);
    `,
  )}
`;
