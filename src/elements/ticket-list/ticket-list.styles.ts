import { css } from "lit";
import { baseStyles, themeTokens } from "../../styles/theme.js";

export const ticketListStyles = [
  themeTokens,
  baseStyles,
  css`
    :host {
      display: block;
      height: 100%;
      min-height: 24rem;
      background: var(--_surface);
      --_at-risk: var(--ticket-list-at-risk, #b54708);
      --_at-risk-surface: var(--ticket-list-at-risk-surface, #fff4e5);
      --_on-track: var(--ticket-list-on-track, var(--_success));
      --_on-track-surface: var(--ticket-list-on-track-surface, #ecfdf3);
      --_breached-surface: var(
        --ticket-list-breached-surface,
        var(--_danger-surface)
      );
      --_list-width: var(--ticket-list-width, 380px);
    }
    :host([theme="dark"]) {
      --_at-risk: var(--ticket-list-at-risk, #ffb870);
      --_at-risk-surface: var(--ticket-list-at-risk-surface, #3a2610);
      --_on-track-surface: var(--ticket-list-on-track-surface, #12301d);
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme="light"])) {
        --_at-risk: var(--ticket-list-at-risk, #ffb870);
        --_at-risk-surface: var(--ticket-list-at-risk-surface, #3a2610);
        --_on-track-surface: var(--ticket-list-on-track-surface, #12301d);
      }
    }

    .frame {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-height: inherit;
      position: relative;
    }
    .spacer {
      flex: 1;
    }
    .muted {
      color: var(--_text-muted);
      font-size: 0.875em;
    }
    button {
      border: 1px solid var(--_border);
      background: var(--_surface);
      border-radius: var(--_radius-small);
      padding: 4px 10px;
    }
    button:hover:not(:disabled) {
      background: var(--_surface-raised);
    }
    button.primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-text);
    }
    button.danger {
      background: var(--_danger);
      border-color: var(--_danger);
      color: var(--_surface);
    }
    button.primary:hover:not(:disabled),
    button.danger:hover:not(:disabled) {
      background: var(--_accent);
      filter: brightness(1.12);
    }
    button.danger:hover:not(:disabled) {
      background: var(--_danger);
    }
    button.danger-outline {
      color: var(--_danger);
      white-space: nowrap;
    }
    button.icon {
      border-color: transparent;
      background: transparent;
      padding: 2px 8px;
      font-size: 1.1em;
      line-height: 1;
    }
    input,
    select {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      padding: 4px 8px;
      min-width: 0;
    }

    .header,
    .views,
    .filters,
    .inline-form,
    .confirm,
    .notice {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      padding: var(--_gap) var(--_space);
      flex-wrap: wrap;
    }
    .header {
      border-bottom: 1px solid var(--_border);
    }
    .title {
      margin: 0;
      font-size: 1.15em;
    }
    .unread-total {
      background: var(--_accent);
      color: var(--_accent-text);
      border-radius: 999px;
      padding: 0 10px;
      font-size: 0.85em;
      font-weight: 600;
    }
    .unread-total.zero {
      background: var(--_surface-sunken);
      color: var(--_text-muted);
    }
    .views {
      border-bottom: 1px solid var(--_border);
      padding-block: 6px;
      flex-wrap: nowrap;
      overflow-x: auto;
      white-space: nowrap;
    }
    .view-item {
      display: inline-flex;
      align-items: center;
    }
    .views button[aria-pressed="true"] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-text);
    }
    .filters {
      border-bottom: 1px solid var(--_border);
      background: var(--_surface-raised);
    }
    .filters [part~="search"] {
      flex: 1 1 12rem;
    }
    .chip-group {
      display: inline-flex;
      gap: 2px;
      flex-wrap: wrap;
    }
    .filter-chip {
      border-radius: 999px;
      padding: 2px 10px;
      font-size: 0.85em;
    }
    .filter-chip[aria-pressed="true"] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-text);
    }
    .select {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font-size: 0.85em;
      color: var(--_text-muted);
    }
    .more summary {
      cursor: pointer;
      font-size: 0.85em;
    }
    .more-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      gap: var(--_gap);
      padding-top: var(--_gap);
    }
    .more-grid label,
    .create-form label {
      display: grid;
      gap: 2px;
      font-size: 0.85em;
      color: var(--_text-muted);
    }
    .confirm {
      background: var(--_danger-surface);
      border-bottom: 1px solid var(--_border);
    }
    .notice {
      background: var(--_danger-surface);
      color: var(--_danger);
      border-bottom: 1px solid var(--_border);
      justify-content: space-between;
      flex-wrap: nowrap;
    }

    .body {
      flex: 1;
      min-height: 0;
      display: flex;
    }
    .queue {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      position: relative;
    }
    .detail-open .queue {
      flex: 0 0 var(--_list-width);
      border-inline-end: 1px solid var(--_border);
    }
    .count {
      margin: 0;
      padding: 4px var(--_space);
      font-size: 0.8em;
      color: var(--_text-muted);
      border-bottom: 1px solid var(--_border);
    }
    .state {
      display: grid;
      gap: 4px;
      place-content: center;
      text-align: center;
      padding: calc(var(--_space) * 3);
      color: var(--_text-muted);
    }
    .skeleton-row {
      display: flex;
      gap: var(--_space);
      padding: 10px var(--_space);
      height: 84px;
      border-bottom: 1px solid var(--_border);
    }
    .skeleton-avatar {
      flex: none;
      width: 36px;
      height: 36px;
      border-radius: 50%;
      background: var(--_surface-sunken);
    }
    .skeleton-lines {
      flex: 1;
      display: grid;
      gap: 8px;
      align-content: start;
    }
    .skeleton-lines span {
      height: 0.8em;
      border-radius: 4px;
      background: var(--_surface-sunken);
    }
    .skeleton-lines span:nth-child(1) {
      width: 45%;
    }
    .skeleton-lines span:nth-child(2) {
      width: 85%;
    }
    .skeleton-lines span:nth-child(3) {
      width: 30%;
    }
    .problem {
      color: var(--_danger);
      padding: var(--_gap) var(--_space);
    }
    .list {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
      overscroll-behavior: contain;
      contain: strict;
    }
    .list:focus-visible {
      outline-offset: -2px;
    }
    .spacer-rows {
      position: relative;
    }
    .row {
      position: absolute;
      inset-inline: 0;
      top: 0;
      height: 84px;
      display: flex;
      gap: var(--_space);
      align-items: flex-start;
      padding: 10px var(--_space);
      border-bottom: 1px solid var(--_border);
      cursor: pointer;
      contain: layout style;
      overflow: hidden;
    }
    .row:hover {
      background: var(--_surface-raised);
    }
    .row.active {
      box-shadow: inset 3px 0 0 var(--_accent);
      background: var(--_surface-raised);
    }
    .row.open {
      background: var(--_surface-sunken);
    }
    .row.unread .person-name,
    .row.unread .excerpt {
      font-weight: 600;
      color: var(--_text);
    }
    .row.loading .placeholder {
      color: var(--_text-muted);
    }
    .avatar {
      flex: none;
      width: 36px;
      height: 36px;
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-size: 0.8em;
      font-weight: 700;
      color: #fff;
      background: hsl(var(--_avatar-hue, 210) 50% 30%);
    }
    .avatar.anonymous {
      background: var(--_surface-sunken);
      color: var(--_text-muted);
      border: 1px dashed var(--_border);
    }
    .row-main {
      flex: 1;
      min-width: 0;
      display: grid;
      gap: 2px;
    }
    .row-line {
      display: flex;
      align-items: center;
      gap: 6px;
      min-width: 0;
      white-space: nowrap;
    }
    .person-name {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .number,
    .channel,
    .time {
      color: var(--_text-muted);
      font-size: 0.8em;
    }
    .time {
      margin-inline-start: auto;
    }
    .excerpt {
      color: var(--_text-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.9em;
    }
    .chips {
      overflow: hidden;
    }
    .unread-badge {
      background: var(--_accent);
      color: var(--_accent-text);
      border-radius: 999px;
      min-width: 1.4em;
      padding: 0 6px;
      text-align: center;
      font-size: 0.75em;
      font-weight: 700;
    }
    .chip {
      display: inline-block;
      border-radius: 999px;
      padding: 0 8px;
      font-size: 0.75em;
      border: 1px solid var(--_border);
      color: var(--_text-muted);
      white-space: nowrap;
    }
    .chip.status.new,
    .chip.status.open {
      color: var(--_accent);
      border-color: currentColor;
    }
    .chip.priority.high {
      color: var(--_danger);
      border-color: currentColor;
    }
    .chip.sla.breached {
      color: var(--_danger);
      background: var(--_breached-surface);
      border-color: currentColor;
      font-weight: 600;
    }
    .chip.sla.at-risk {
      color: var(--_at-risk);
      background: var(--_at-risk-surface);
      border-color: currentColor;
      font-weight: 600;
    }
    .chip.sla.on-track {
      color: var(--_on-track);
      background: var(--_on-track-surface);
      border-color: currentColor;
    }
    .chip.tag {
      background: var(--_surface-sunken);
      border-color: transparent;
    }

    .detail {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    .detail-header {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      padding: var(--_gap) var(--_space);
      border-bottom: 1px solid var(--_border);
    }
    .detail-header h3 {
      margin: 0;
      font-size: 1.05em;
    }
    .detail-title {
      display: grid;
      min-width: 0;
    }
    .detail-body {
      flex: 1;
      min-height: 0;
      display: flex;
    }
    ticket-thread {
      flex: 1;
      min-width: 0;
    }
    .side {
      flex: 0 0 17rem;
      overflow-y: auto;
      border-inline-start: 1px solid var(--_border);
      padding: var(--_space);
      display: grid;
      align-content: start;
      gap: var(--_space);
      background: var(--_surface-raised);
    }
    .fields {
      display: grid;
      gap: var(--_gap);
    }
    .field {
      display: grid;
      gap: 2px;
      font-size: 0.85em;
    }
    .field-label {
      color: var(--_text-muted);
    }
    .field.saving input,
    .field.saving select {
      border-style: dashed;
    }
    .field.checkbox {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .sla-field {
      display: grid;
      gap: 4px;
      justify-items: start;
    }
    .person-panel h4 {
      margin: 0 0 4px;
      font-size: 0.9em;
    }
    .person-panel dl {
      margin: 0;
      display: grid;
      gap: 2px;
      font-size: 0.85em;
    }
    .person-panel dl div {
      display: flex;
      gap: 6px;
    }
    .person-panel dt {
      color: var(--_text-muted);
      min-width: 5.5em;
    }
    .person-panel dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .related {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
      font-size: 0.85em;
    }
    .related li {
      display: grid;
    }
    .related .muted {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    button.link {
      border: none;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-align: start;
      text-decoration: underline;
    }
    .panel-section {
      padding-bottom: var(--_gap);
      border-bottom: 1px solid var(--_border);
    }
    .chip.identified {
      color: var(--_on-track);
      border-color: currentColor;
    }
    .create-form {
      display: grid;
      gap: var(--_space);
      padding: var(--_space);
      max-width: 32rem;
    }
    .form-actions {
      display: flex;
      gap: var(--_gap);
    }

    .overlay {
      position: absolute;
      inset: 0;
      background: rgb(0 0 0 / 0.35);
      display: grid;
      place-items: center;
      z-index: 2;
    }
    .help {
      background: var(--_surface);
      color: var(--_text);
      border-radius: var(--_radius);
      box-shadow: var(--_shadow);
      padding: var(--_space) calc(var(--_space) * 1.5);
      max-width: min(32rem, 90%);
      max-height: 90%;
      overflow-y: auto;
    }
    .help h3 {
      margin-top: 0;
    }
    .help dl {
      display: grid;
      gap: 4px;
      margin: 0 0 var(--_space);
    }
    .shortcut {
      display: grid;
      grid-template-columns: 7rem 1fr;
    }
    .shortcut dd {
      margin: 0;
    }
    kbd {
      font-family: var(--_mono);
      border: 1px solid var(--_border);
      border-bottom-width: 2px;
      border-radius: 4px;
      padding: 0 5px;
      margin-inline-end: 4px;
      font-size: 0.85em;
    }

    /* Narrow (the layout attribute, from the element's own width): the open ticket takes the whole width;
       Escape or the back button returns to the queue. */
    :host([layout="narrow"]) .detail-open .queue,
    :host([layout="narrow"]) .detail-open .views,
    :host([layout="narrow"]) .detail-open .filters {
      display: none;
    }
    :host([layout="narrow"]) .chip-group {
      flex-wrap: nowrap;
      overflow-x: auto;
      max-width: 100%;
    }
    :host(:not([layout="wide"])) .detail-body {
      flex-direction: column;
    }
    :host(:not([layout="wide"])) .side {
      flex: none;
      max-height: 38%;
      border-inline-start: none;
      border-top: 1px solid var(--_border);
    }
  `,
];
