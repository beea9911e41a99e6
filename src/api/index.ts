/** `convo-elements/client`: the typed client for the PostHog and agents Conversations APIs. No DOM, no Lit. */
export { createClient, ConvoClient } from './client.js';
export type { AgentsClientOptions, ClientOptions, CommonClientOptions, PosthogClientOptions } from './client.js';
export {
  ConvoError,
  ConvoApiError,
  ConvoNetworkError,
  ConvoTimeoutError,
  ConvoAbortError,
  ConvoUnsupportedError,
  ConvoProtocolError,
  ConvoRunError,
  isConvoError,
  parseRetryAfter,
} from './errors.js';
export type { AnyConvoError, ConvoErrorKind } from './errors.js';
export { DEFAULT_RETRY_POLICY } from './retry.js';
export type { RetryPolicy, RetryPolicyOptions } from './retry.js';
export type { Clock, TokenSource } from './http.js';
export type { ListAllOptions, Page, PageOptions } from './paging.js';
export type * from './types.js';
export type { ConversationsResource, CreateConversationOptions } from './conversations.js';
export type { MessagesResource } from './messages.js';
export type { QueueResource } from './queue.js';
export type { TicketsResource } from './tickets.js';
export type { ViewsResource } from './views.js';
export type { CommentsResource, NewTicketComment } from './comments.js';
export type { ProfileConfigsResource } from './profile-configs.js';
export type { FilesResource, UploadOptions, UploadProgressListener } from './files.js';
export type { DataFramesResource, DataFrameSliceOptions, ListDataFramesOptions } from './data-frames.js';
export type { ConvoEventStream } from './stream/event-stream.js';
export type * from './stream/events.js';
export type { ResumeApprovalOptions, StreamOptions } from './stream/reply-stream.js';
export type {
  PosthogConversation,
  PosthogMessage,
  PosthogPendingApproval,
  PosthogOpenRequest,
  PosthogOpenResult,
  MessageQueue,
  QueuedMessage,
  Ticket,
  TicketAssignee,
  TicketFilters,
  TicketOrder,
  TicketPerson,
  TicketPriority,
  TicketSla,
  TicketStatus,
  TicketWrite,
  TicketView,
  TicketViewFilters,
  TicketComment,
  CommentAuthorType,
  CustomerProfileConfig,
  CustomerProfileConfigWrite,
} from './wire-posthog.js';
export type { AgentsConversation, AgentsMessage, AgentsContent, AgentsFile, DataFrameInfo, DataFrameRow } from './wire-agents.js';
// For hosts that carry the event stream over their own transport: bytes in, the same events out.
export { createStreamDecoder } from './stream/decoder.js';
export type { StreamDecoder } from './stream/decoder.js';
export { createPosthogAdapter } from './stream/posthog-adapter.js';
export type { PosthogAdapterOptions } from './stream/posthog-adapter.js';
export { createAgentsAdapter } from './stream/agents-adapter.js';
