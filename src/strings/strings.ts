/**
 * Every sentence a person reads in the elements comes from one table per locale. English is built in; a host
 * page adds or replaces a locale with `registerStrings`, or hands a partial table to an element's `strings`
 * property. Values with `{name}` placeholders are filled by `formatString`.
 */
export interface ConvoStrings {
  /** The composer's visible placeholder and accessible name. */
  composerPlaceholder: string;
  composerLabel: string;
  send: string;
  stop: string;
  stopping: string;
  retry: string;
  dismiss: string;
  /** Shown while a message waits for the server's echo. */
  sending: string;
  /** Under a message that waits for the network to come back. */
  waitingOffline: string;
  /** While a reply whose stream dropped is being picked up again. */
  reconnecting: string;
  /** Puts a message that was not sent back into the composer to change it. */
  editMessage: string;
  sendFailed: string;
  /** `{reason}` is the error message. */
  failedBecause: string;
  transcriptLabel: string;
  emptyTitle: string;
  emptyBody: string;
  you: string;
  agent: string;
  thinking: string;
  reasoning: string;
  /** `{name}` is the tool's name. */
  toolRunning: string;
  toolFinished: string;
  toolFailed: string;
  toolArguments: string;
  toolResult: string;
  unsupportedContent: string;
  generationFailed: string;
  replyStopped: string;
  replyFinished: string;
  /** Under a follow-up the server dropped from its queue before it ran (a stop, an approval, its expiry). */
  followUpDropped: string;
  /** The agents dialect: a reply written elsewhere was waited for long enough; the retry looks again. */
  replyNotArrived: string;
  /** `{count}` follow-ups are waiting; shown above the composer. */
  queueTitle: string;
  queueWaitingLocally: string;
  queueEdit: string;
  queueSave: string;
  queueCancelEdit: string;
  queueRemove: string;
  queueItemLabel: string;
  approvalTitle: string;
  /** `{name}` is the tool that asks for approval. */
  approvalBody: string;
  approve: string;
  reject: string;
  approvalPayload: string;
  approved: string;
  rejected: string;
  conversations: string;
  newConversation: string;
  untitledConversation: string;
  deleteConversation: string;
  /** `{title}` is the conversation's title. */
  confirmDelete: string;
  cancel: string;
  loadMore: string;
  loading: string;
  noConversations: string;
  showConversations: string;
  hideConversations: string;
  jumpToLatest: string;
  attachFiles: string;
  dropFilesHere: string;
  cancelUpload: string;
  removeAttachment: string;
  /** `{name}` is the file name, `{limit}` the readable limit. */
  fileTooLarge: string;
  /** `{name}` is the file name. */
  fileTypeRefused: string;
  uploadFailed: string;
  uploaded: string;
  files: string;
  download: string;
  openDataFrame: string;
  filesUnsupported: string;
  /** `{seconds}` until the server accepts again. */
  rateLimited: string;
  networkError: string;
  notConfigured: string;
  draftsNotSaved: string;
  copyCode: string;
  /** Accessible name of a code block's copy button; `{language}` is the block's language. */
  copyCodeLabel: string;
  copied: string;
  /** Label of a code block without a language. */
  codeBlock: string;
  image: string;
  imageNotLoaded: string;
  quickReplies: string;
  citations: string;
  /** Accessible name of a chart whose specification gives no title or description. */
  chart: string;
  /** Accessible name of a chart still arriving or being drawn. */
  chartLoading: string;
  /** A chart that could not be drawn; the reason follows. */
  chartFailed: string;
  chartInvalidSpec: string;
  chartLibraryFailed: string;
  /** Opens the chart's specification as the agent wrote it. */
  chartSource: string;
  /** Under a chart whose data or images from `{origin}` were not loaded. */
  chartLoadRefused: string;
}

export const englishStrings: ConvoStrings = {
  composerPlaceholder: 'Message the agent…',
  composerLabel: 'Message',
  send: 'Send',
  stop: 'Stop',
  stopping: 'Stopping…',
  retry: 'Retry',
  dismiss: 'Dismiss',
  sending: 'Sending…',
  waitingOffline: 'Will send when back online',
  reconnecting: 'Reconnecting…',
  editMessage: 'Edit',
  sendFailed: 'Not sent',
  failedBecause: 'Not sent: {reason}',
  transcriptLabel: 'Conversation',
  emptyTitle: 'Start a conversation',
  emptyBody: 'Ask a question; the reply streams in as the agent writes it.',
  you: 'You',
  agent: 'Agent',
  thinking: 'Thinking…',
  reasoning: 'Reasoning',
  toolRunning: 'Running {name}',
  toolFinished: 'Ran {name}',
  toolFailed: '{name} failed',
  toolArguments: 'Arguments',
  toolResult: 'Result',
  unsupportedContent: 'This message has content this chat cannot show.',
  generationFailed: 'The agent could not finish this reply.',
  replyStopped: 'Stopped',
  replyFinished: 'The agent replied',
  replyNotArrived: 'No reply has arrived yet. Retry to look for it again.',
  followUpDropped: 'The server dropped this follow-up from its queue before it ran.',
  queueTitle: 'Queued ({count})',
  queueWaitingLocally: 'Waiting to queue',
  queueEdit: 'Edit',
  queueSave: 'Save',
  queueCancelEdit: 'Cancel',
  queueRemove: 'Remove',
  queueItemLabel: 'Queued message',
  approvalTitle: 'Approval needed',
  approvalBody: 'The agent wants to run {name}.',
  approve: 'Approve',
  reject: 'Reject',
  approvalPayload: 'Details',
  approved: 'Approved',
  rejected: 'Rejected',
  conversations: 'Conversations',
  newConversation: 'New conversation',
  untitledConversation: 'Untitled conversation',
  deleteConversation: 'Delete',
  confirmDelete: 'Delete “{title}”? This cannot be undone.',
  cancel: 'Cancel',
  loadMore: 'Load more',
  loading: 'Loading…',
  noConversations: 'No conversations yet.',
  showConversations: 'Show conversations',
  hideConversations: 'Hide conversations',
  jumpToLatest: 'Jump to latest',
  attachFiles: 'Attach files',
  dropFilesHere: 'Drop files to attach them',
  cancelUpload: 'Cancel upload',
  removeAttachment: 'Remove',
  fileTooLarge: '{name} is larger than {limit}.',
  fileTypeRefused: '{name} is not a file type this chat accepts.',
  uploadFailed: 'Upload failed',
  uploaded: 'Uploaded',
  files: 'Files',
  download: 'Download',
  openDataFrame: 'Open table',
  filesUnsupported: 'This server does not accept files.',
  rateLimited: 'Too many requests: try again in {seconds} s.',
  networkError: 'The server could not be reached.',
  notConfigured: 'This chat is not connected to a server.',
  draftsNotSaved: 'Drafts and unsent messages cannot be saved in this browser; they will not survive a reload.',
  copyCode: 'Copy',
  copyCodeLabel: 'Copy {language} code',
  copied: 'Copied',
  codeBlock: 'Code',
  image: 'Image',
  imageNotLoaded: 'Image not loaded: its address is not on the allowed list',
  quickReplies: 'Suggested replies',
  citations: 'Sources',
  chart: 'Chart',
  chartLoading: 'Chart, loading',
  chartFailed: 'This chart could not be drawn.',
  chartInvalidSpec: 'Its specification is not a JSON object.',
  chartLibraryFailed: 'The chart library could not be loaded.',
  chartSource: 'Chart specification',
  chartLoadRefused: 'Content from {origin} was not loaded: that site is not on the allowed list.',
};

const tables = new Map<string, Partial<ConvoStrings>>([['en', englishStrings]]);

/** Adds or replaces the table for `locale` (a BCP 47 tag: `de`, `pt-BR`). Missing keys fall back to English. */
export function registerStrings(locale: string, table: Partial<ConvoStrings>): void {
  tables.set(locale.toLowerCase(), table);
}

/**
 * The table for `locale`: its own entries, then its language's (`pt` for `pt-BR`), then English, then the
 * host's `overrides` on top.
 */
export function resolveStrings(locale: string | undefined, overrides?: Partial<ConvoStrings>): ConvoStrings {
  const tag = (locale ?? 'en').toLowerCase();
  const language = tag.split('-')[0] ?? tag;
  return { ...englishStrings, ...tables.get(language), ...tables.get(tag), ...overrides };
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written so a missing value is visible. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
