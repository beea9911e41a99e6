/** Registers every convo-elements tag: `<convo-chat>`, `<convo-provider>`, `<ticket-list>`, `<data-frame-table>`. */
export * from './elements/convo-chat/define-convo-chat.js';
export * from './elements/convo-provider/define-convo-provider.js';
export * from './elements/ticket-list/define-ticket-list.js';
export * from './elements/data-frame-table/define-data-frame-table.js';
