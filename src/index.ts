/**
 * convo-elements: the element classes, their events and types, and the typed client.
 * Importing this module registers no tag: import `convo-elements/define` (all tags) or one element's entry
 * (`convo-elements/convo-chat`, …) for that, or call `customElements.define` with your own names.
 */
export * from './api/index.js';

export { ConvoChat } from './elements/convo-chat/convo-chat.js';
export { ConvoProvider } from './elements/convo-provider/convo-provider.js';
export * from './events/convo-events.js';
export { convoClientContext, convoStringsContext } from './context/convo-context.js';
export { englishStrings, registerStrings, resolveStrings, type ConvoStrings } from './strings/strings.js';

export { TicketList, type TicketAssigneeOption } from './elements/ticket-list/ticket-list.js';
export type { TicketListClient } from './elements/ticket-list/ticket-source.js';
export {
  registerTicketListStrings,
  type TicketListStrings,
} from './elements/ticket-list/ticket-list-strings.js';
export { TicketThread } from './elements/ticket-list/ticket-thread.js';
export * from './elements/ticket-list/ticket-list-events.js';

export { DataFrameTable } from './elements/data-frame-table/data-frame-table.js';
export * from './elements/data-frame-table/data-frame-table.events.js';
export {
  LocalFrameSource,
  generatedFrameSource,
  type DataFrameSource,
  type FrameColumn,
  type FrameRow,
  type CellValue,
  type ColumnType,
  type RowQuery,
} from './elements/data-frame-table/frame-source.js';
export { ClientFrameSource } from './elements/data-frame-table/client-frame-source.js';

export { StreamingMarkdown } from './markdown/index.js';
export { setChartLibraryUrl } from './elements/convo-chat/chart/chart-loader.js';
