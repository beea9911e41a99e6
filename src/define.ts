/** Registers every convo-elements tag: `<convo-chat>` (with `<convo-provider>`), `<ticket-list>`, `<data-frame-table>`. */
export * from './elements/convo-chat/define-convo-chat.js';
export * from './elements/ticket-list/define-ticket-list.js';
export * from './elements/data-frame-table/define-data-frame-table.js';
