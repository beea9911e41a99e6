/**
 * `createClient`: one client for both dialects. Elements receive it (a property or a context), never build
 * URLs, and call the same methods whichever server is behind it; a method a dialect lacks throws
 * `ConvoUnsupportedError`.
 *
 * Not covered: PostHog batch exports (seed 004). No element uses them; they would be a resource family of
 * their own beside these.
 */
import { CommentsResource } from './comments.js';
import { ConversationsResource } from './conversations.js';
import { DataFramesResource } from './data-frames.js';
import { DialectContext, type AgentsSettings, type PosthogSettings } from './dialect.js';
import { FilesResource } from './files.js';
import { HttpTransport, type TransportOptions } from './http.js';
import { MessagesResource } from './messages.js';
import { ProfileConfigsResource } from './profile-configs.js';
import { QueueResource } from './queue.js';
import type { ConvoEventStream } from './stream/event-stream.js';
import { preloadReplyCode, reattachStream, replyStream, resumeApprovalStream, type ResumeApprovalOptions, type StreamOptions } from './stream/reply-stream.js';
import { TicketsResource } from './tickets.js';
import type { CallOptions, Dialect } from './types.js';
import { ViewsResource } from './views.js';

/**
 * `baseUrl`: PostHog, the app's origin (`https://us.posthog.com`); agents, the deployment's API base
 * (`https://host/tenants/{tenant}/api/v2`).
 */
export type CommonClientOptions = TransportOptions;

export type PosthogClientOptions = CommonClientOptions & PosthogSettings;
export type AgentsClientOptions = CommonClientOptions & AgentsSettings;
export type ClientOptions = PosthogClientOptions | AgentsClientOptions;

export class ConvoClient {
  readonly dialect: Dialect;
  readonly conversations: ConversationsResource;
  readonly messages: MessagesResource;
  /** PostHog only. */
  readonly queue: QueueResource;
  /** PostHog only. */
  readonly tickets: TicketsResource;
  /** PostHog only. */
  readonly views: ViewsResource;
  /** Ticket messages; PostHog only. */
  readonly comments: CommentsResource;
  /** PostHog only. */
  readonly profileConfigs: ProfileConfigsResource;
  /** Agents only. */
  readonly files: FilesResource;
  /** Agents only. */
  readonly dataFrames: DataFramesResource;
  private readonly context: DialectContext;

  constructor(options: ClientOptions) {
    this.context = new DialectContext(options, new HttpTransport(options));
    this.dialect = this.context.dialect;
    this.conversations = new ConversationsResource(this.context);
    this.messages = new MessagesResource(this.context);
    this.queue = new QueueResource(this.context);
    this.tickets = new TicketsResource(this.context);
    this.views = new ViewsResource(this.context);
    this.comments = new CommentsResource(this.context);
    this.profileConfigs = new ProfileConfigsResource(this.context);
    this.files = new FilesResource(this.context);
    this.dataFrames = new DataFramesResource(this.context);
    preloadReplyCode(this.dialect);
  }

  /**
   * Sends the person's message and streams the reply (PostHog: a new `conversationId` creates the
   * conversation). Nothing is sent until the stream is iterated; see `ConvoEventStream` for errors and abort.
   */
  stream(conversationId: string, options: StreamOptions): ConvoEventStream {
    return replyStream(this.context, conversationId, options);
  }

  /** Picks a reply up again after its stream was lost, without re-sending the message. */
  reattach(conversationId: string, options: CallOptions = {}): ConvoEventStream {
    return reattachStream(this.context, conversationId, options);
  }

  /** Approves or rejects a pending approval and streams the continued run (PostHog). */
  resumeApproval(conversationId: string, options: ResumeApprovalOptions): ConvoEventStream {
    return resumeApprovalStream(this.context, conversationId, options);
  }
}

export function createClient(options: ClientOptions): ConvoClient {
  return new ConvoClient(options);
}
