import { css } from 'lit';

/**
 * How the agent's markdown looks inside the chat. The renderer puts a `part` on every node it makes
 * (`md-paragraph`, `md-code-block`, `token-keyword`, ...), so these rules stay reachable from the page too.
 */
export const markdownStyles = css`
  .markdown {
    white-space: normal;
    line-height: 1.55;
  }

  .markdown > :first-child {
    margin-top: 0;
  }

  .markdown > :last-child {
    margin-bottom: 0;
  }

  [part~='md-paragraph'],
  [part~='md-list'],
  [part~='md-blockquote'],
  [part~='md-table-wrapper'],
  [part~='md-code-block'] {
    margin: 0 0 0.75em;
  }

  [part~='md-heading'] {
    margin: 1em 0 0.4em;
    line-height: 1.25;
  }

  [part~='md-heading-1'] {
    font-size: 1.4em;
  }

  [part~='md-heading-2'] {
    font-size: 1.2em;
  }

  [part~='md-heading-3'] {
    font-size: 1.05em;
  }

  [part~='md-list'] {
    padding-inline-start: 1.5em;
  }

  [part~='md-list-item'] + [part~='md-list-item'] {
    margin-top: 0.2em;
  }

  [part~='md-task-item'] {
    list-style: none;
  }

  [part~='md-blockquote'] {
    padding: 0.1em 0.9em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_text-muted);
  }

  [part~='md-thematic-break'] {
    border: 0;
    border-top: 1px solid var(--_border);
    margin: 1em 0;
  }

  [part~='md-link'] {
    color: var(--_accent);
    text-underline-offset: 2px;
  }

  [part~='md-inline-code'],
  [part~='md-code'] {
    font-family: var(--_mono);
    font-size: 0.9em;
  }

  [part~='md-inline-code'] {
    padding: 0.1em 0.35em;
    border-radius: 4px;
    background: var(--_code-bg);
  }

  [part~='md-code-block'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_code-bg);
    overflow: hidden;
  }

  [part~='md-code-header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.2em 0.4em 0.2em 0.75em;
    border-bottom: 1px solid var(--_border);
    color: var(--_text-muted);
    font-size: 0.8em;
  }

  [part~='md-copy-button'] {
    border: 1px solid transparent;
    border-radius: 4px;
    background: transparent;
    padding: 0.1em 0.5em;
    font-size: 1em;
    color: inherit;
  }

  [part~='md-copy-button']:hover {
    border-color: var(--_border);
  }

  /* Long code lines wrap: a horizontally scrolling block is unreachable by keyboard inside a bubble. */
  [part~='md-pre'] {
    margin: 0;
    padding: 0.6em 0.75em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.45;
    direction: ltr;
    text-align: left;
  }

  [part~='md-table-wrapper'] {
    overflow-x: auto;
  }

  [part~='md-table'] {
    border-collapse: collapse;
    font-size: 0.92em;
  }

  [part~='md-table-header-cell'],
  [part~='md-table-cell'] {
    padding: 0.3em 0.65em;
    border: 1px solid var(--_border);
    text-align: start;
  }

  [part~='md-table-header-cell'] {
    background: var(--_surface-raised);
    font-weight: 600;
  }

  [part~='md-image-placeholder'] {
    display: inline-block;
    padding: 0.1em 0.5em;
    border: 1px dashed var(--_border);
    border-radius: 4px;
    color: var(--_text-muted);
    font-size: 0.85em;
  }

  [part~='md-image'] {
    max-width: 100%;
  }

  [part~='token-keyword'],
  [part~='token-tag'] {
    color: var(--_code-keyword);
  }

  [part~='token-string'],
  [part~='token-attribute'] {
    color: var(--_code-string);
  }

  [part~='token-number'],
  [part~='token-literal'] {
    color: var(--_code-number);
  }

  [part~='token-comment'] {
    color: var(--_code-comment);
    font-style: italic;
  }

  [part~='token-function'],
  [part~='token-builtin'] {
    color: var(--_code-function);
  }

  [part~='token-type'],
  [part~='token-meta'] {
    color: var(--_code-type);
  }

  [part~='token-property'],
  [part~='token-variable'] {
    color: var(--_code-property);
  }
`;
