/**
 * The public events of `<convo-chat>`. Each is its own `Event` subclass with a `readonly detail`, bubbles and
 * crosses shadow roots, and is declared in `GlobalEventHandlersEventMap` so `addEventListener` is typed.
 * A bare verb names a cancelable intent (`convo-send`); past tense names a notification.
 */

export interface ConvoSendDetail {
  /** The text the person sent (after trimming). */
  readonly text: string;
  /** `null` while no conversation exists yet: sending creates one. */
  readonly conversationId: string | null;
  /** Names of the files attached to this message. */
  readonly attachments: readonly string[];
}

/** The person asked to send a message. Cancel it (`preventDefault()`) to keep the message from the server. */
export class ConvoSendEvent extends Event {
  static readonly eventName = 'convo-send';
  readonly detail: ConvoSendDetail;

  constructor(detail: ConvoSendDetail) {
    super(ConvoSendEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

export interface ConvoReplyCompletedDetail {
  readonly conversationId: string;
  /** The agent's text of this turn, all its text messages joined. */
  readonly text: string;
  /** `completed`, `stopped` by the person, or `failed`. */
  readonly outcome: 'completed' | 'stopped' | 'failed';
}

/** A reply ended: finished, stopped or failed. */
export class ConvoReplyCompletedEvent extends Event {
  static readonly eventName = 'convo-reply-completed';
  readonly detail: ConvoReplyCompletedDetail;

  constructor(detail: ConvoReplyCompletedDetail) {
    super(ConvoReplyCompletedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** What the element was doing when something failed. */
export type ConvoErrorOperation =
  | 'send'
  | 'stream'
  | 'stop'
  | 'load-conversation'
  | 'list-conversations'
  | 'delete-conversation'
  | 'queue'
  | 'approval'
  | 'upload'
  | 'files'
  | 'drafts';

export interface ConvoErrorDetail {
  readonly operation: ConvoErrorOperation;
  /** The underlying error: usually a client error (`ConvoApiError`, `ConvoNetworkError`, ...). */
  readonly error: unknown;
  /** The sentence shown to the person. */
  readonly message: string;
}

/** Something failed; the element also shows it. */
export class ConvoErrorEvent extends Event {
  static readonly eventName = 'convo-error';
  readonly detail: ConvoErrorDetail;

  constructor(detail: ConvoErrorDetail) {
    super(ConvoErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface ConvoConversationDetail {
  readonly conversationId: string;
}

/** A conversation was opened (picked from the list, by `open()`, or created by a first message). */
export class ConvoConversationOpenEvent extends Event {
  static readonly eventName = 'convo-conversation-open';
  readonly detail: ConvoConversationDetail;

  constructor(detail: ConvoConversationDetail) {
    super(ConvoConversationOpenEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** The person confirmed deleting a conversation and the server deleted it. */
export class ConvoConversationDeletedEvent extends Event {
  static readonly eventName = 'convo-conversation-deleted';
  readonly detail: ConvoConversationDetail;

  constructor(detail: ConvoConversationDetail) {
    super(ConvoConversationDeletedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface ConvoTitleChangedDetail {
  readonly conversationId: string;
  readonly title: string;
}

/** The server renamed the conversation (usually after its first reply). */
export class ConvoTitleChangedEvent extends Event {
  static readonly eventName = 'convo-title-changed';
  readonly detail: ConvoTitleChangedDetail;

  constructor(detail: ConvoTitleChangedDetail) {
    super(ConvoTitleChangedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface ConvoApprovalDecidedDetail {
  readonly conversationId: string;
  readonly proposalId: string;
  readonly decision: 'approve' | 'reject';
}

/** The person approved or rejected a pending tool call; the run resumes. */
export class ConvoApprovalDecidedEvent extends Event {
  static readonly eventName = 'convo-approval-decided';
  readonly detail: ConvoApprovalDecidedDetail;

  constructor(detail: ConvoApprovalDecidedDetail) {
    super(ConvoApprovalDecidedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'convo-send': ConvoSendEvent;
    'convo-reply-completed': ConvoReplyCompletedEvent;
    'convo-error': ConvoErrorEvent;
    'convo-conversation-open': ConvoConversationOpenEvent;
    'convo-conversation-deleted': ConvoConversationDeletedEvent;
    'convo-title-changed': ConvoTitleChangedEvent;
    'convo-approval-decided': ConvoApprovalDecidedEvent;
  }
}
