// Ticket messages, which PostHog keeps as comments: `GET|POST /api/projects/{id}/comments/`,
// `GET|PATCH /api/projects/{id}/comments/{comment_id}/`.
//
// What PostHog's source says (read with the search tool; paths in PostHog/posthog):
// - posthog/api/comments.py: CommentSerializer is a ModelSerializer over every Comment field but `team`:
//   {id, content, rich_content, version, created_at, created_by (UserBasicSerializer or null), deleted,
//   item_id, item_context, scope, source_comment, is_task, completed_at, completed_by, slack_thread};
//   `mentions` and `slug` are write-only. Validation: item_context must be an object ("Must be an object."),
//   scope is required unless replying (`source_comment`), content or rich_content must be non-empty ("A
//   comment must have content", not tied to a field), a ticket-scoped comment's item_id must be a ticket
//   ("Ticket not found" on item_id), and the Slack-sync keys of item_context are stripped. created_by is
//   always the caller. A reply takes its thread root's scope, item_id and item_context.
// - The list is CommentPagination, a DRF CursorPagination: newest first (`-created_at`), 100 per page, no
//   page-size parameter (`limit` is ignored), answer `{next, previous, results}` without a count, `?cursor=`
//   opaque. Filters: scope, item_id, search (content), source_comment, exclude_emoji_reactions, kind,
//   deleted=false by default. A list without `scope` never shows ticket comments; a ticket scope with an
//   item_id that is not a ticket is an empty list. Comments cannot be destroyed (405): they are soft-deleted
//   with PATCH {deleted: true}, and only their author may change them ("You can only modify your own
//   comments", 403); a content change bumps `version`.
// - posthog/models/comment/comment.py: item_id ≤ 72 characters, scope ≤ 79.
// - products/conversations/backend/signals.py: for scope `conversations_ticket`, a new comment that is not
//   private (item_context.is_private === true) bumps the ticket's message_count, last_message_at,
//   last_message_text (first 500 characters) and updated_at, and, when it has an author whose author_type is
//   not "customer", unread_customer_count. A soft delete reverses that and recomputes last_message_*.
// - Channel ingestion (products/conversations/backend/api/email_events.py, the Slack and Teams handlers) stores
//   customer messages with item_context {author_type: "customer", is_private: false} and bumps
//   unread_team_count; the ticket compose action writes {author_type: "human", is_private: false}; AI replies
//   use author_type "AI". Here a comment posted with author_type "customer" stands in for such a channel, so it
//   bumps unread_team_count too.

import { randomUUID } from 'node:crypto';
import { notFound, posthogError, posthogPaths } from './http.mjs';
import { API_USER, findTicket, recordTicketMessage, recordTicketMessageDeleted } from './tickets.mjs';

export const COMMENTS_COLLECTION = 'comments';
export const TICKET_SCOPE = 'conversations_ticket';
/** Scopes whose comments are ticket content (PostHog's TICKET_COMMENT_SCOPES). */
const TICKET_SCOPES = new Set(['Ticket', TICKET_SCOPE]);
/** Product-owned scopes an unscoped list never shows. */
const PRODUCT_SCOPES = new Set([...TICKET_SCOPES, 'task', 'task_artifact', 'desktop_canvas']);
/** item_context keys only PostHog's Slack sync may write. */
const RESERVED_CONTEXT_KEYS = ['from_slack', 'slack_synced_ts', 'slack_message_ts', 'slack_author_name', 'slack_author_avatar'];
const PAGE_SIZE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @typedef {object} CommentRecord
 * @property {string} id
 * @property {string | null} content
 * @property {unknown} rich_content
 * @property {number} version
 * @property {string} created_at
 * @property {object | null} created_by
 * @property {boolean} deleted
 * @property {string | null} item_id
 * @property {Record<string, unknown> | null} item_context
 * @property {string} scope
 * @property {string | null} source_comment
 * @property {boolean} is_task
 * @property {string | null} completed_at
 * @property {object | null} completed_by
 */

/**
 * A comment as the model's defaults make it.
 * @param {Partial<CommentRecord> & {scope: string, created_at: string}} fields
 * @returns {CommentRecord}
 */
export function newCommentRecord(fields) {
  return {
    id: randomUUID(),
    content: null,
    rich_content: null,
    version: 0,
    created_by: null,
    deleted: false,
    item_id: null,
    item_context: null,
    source_comment: null,
    is_task: false,
    completed_at: null,
    completed_by: null,
    ...fields,
  };
}

/** @param {CommentRecord} comment */
function commentBody(comment) {
  return { ...comment, slack_thread: null };
}

/**
 * A ticket's live messages, oldest first.
 * @param {import('./store.mjs').Store} store @param {string} ticketId
 * @returns {CommentRecord[]}
 */
export function ticketComments(store, ticketId) {
  return store
    .collection(COMMENTS_COLLECTION)
    .values()
    .filter((comment) => comment.scope === TICKET_SCOPE && comment.item_id === ticketId && !comment.deleted)
    .sort(byCreatedAt);
}

/** Oldest first; ids break ties so the order is total. @param {CommentRecord} a @param {CommentRecord} b */
function byCreatedAt(a, b) {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** @param {string} attr @param {string} detail @param {string} [code] */
function fieldError(attr, detail, code = 'invalid') {
  return posthogError(400, { type: 'validation_error', code, detail, attr });
}

// ---------------------------------------------------------------------------------------------------------
// Cursor paging: DRF's CursorPagination answers {next, previous, results} and pages by position, so a new
// comment never shifts a page the client already has. The cursor is opaque to clients.

/**
 * @typedef {object} Cursor
 * @property {string} position `created_at|id` of the comment the page starts after (or, reversed, before)
 * @property {boolean} reverse true for a `previous` link
 */

/** @param {Cursor} cursor */
function encodeCursor({ position, reverse }) {
  const params = new URLSearchParams({ p: position });
  if (reverse) params.set('r', '1');
  return Buffer.from(params.toString()).toString('base64');
}

/** @param {string} raw @returns {Cursor} */
function decodeCursor(raw) {
  const params = new URLSearchParams(Buffer.from(raw, 'base64').toString('utf8'));
  const position = params.get('p');
  if (!position || !position.includes('|')) throw notFound('posthog', 'Invalid cursor');
  return { position, reverse: params.get('r') === '1' };
}

/** @param {CommentRecord} comment */
const positionOf = (comment) => `${comment.created_at}|${comment.id}`;

/**
 * One page of comments newest first.
 * @param {import('./http.mjs').Context} ctx
 * @param {CommentRecord[]} items every match, newest first
 */
function cursorPage(ctx, items) {
  const raw = ctx.query.get('cursor');
  const cursor = raw ? decodeCursor(raw) : null;
  let start = 0;
  let end = Math.min(PAGE_SIZE, items.length);
  if (cursor) {
    // Items are newest first, so "after the position" means a smaller (created_at, id).
    const after = items.findIndex((item) => positionOf(item) < cursor.position);
    const boundary = after === -1 ? items.length : after;
    if (cursor.reverse) {
      end = items.findIndex((item) => positionOf(item) <= cursor.position);
      if (end === -1) end = items.length;
      start = Math.max(0, end - PAGE_SIZE);
    } else {
      start = boundary;
      end = Math.min(items.length, start + PAGE_SIZE);
    }
  }
  const results = items.slice(start, end);
  const link = (/** @type {Cursor} */ next) => {
    const url = new URL(ctx.url);
    url.searchParams.set('cursor', encodeCursor(next));
    return url.toString();
  };
  return {
    next: end < items.length && results.length ? link({ position: positionOf(results[results.length - 1]), reverse: false }) : null,
    previous: start > 0 && results.length ? link({ position: positionOf(results[0]), reverse: true }) : null,
    results: results.map(commentBody),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerComments(router, app) {
  const { store } = app;
  const comments = store.collection(COMMENTS_COLLECTION);

  const requireComment = (/** @type {import('./http.mjs').Context} */ ctx) => {
    const comment = comments.get(ctx.params.commentId);
    if (!comment) throw notFound('posthog');
    // A ticket comment whose ticket is gone is hidden like the ticket.
    if (TICKET_SCOPES.has(comment.scope) && comment.item_id && UUID.test(comment.item_id) && !findTicket(store, comment.item_id)) throw notFound('posthog');
    return comment;
  };

  router.add('GET', posthogPaths('comments/'), async (ctx) => {
    const q = ctx.query;
    const scope = q.get('scope');
    const itemId = q.get('item_id');
    let selected = comments.values();
    if ((q.get('deleted') ?? 'false') === 'false') selected = selected.filter((c) => !c.deleted);
    if (scope) {
      selected = selected.filter((c) => c.scope === scope);
      // Comments on a ticket that does not exist are not anyone's to read.
      if (TICKET_SCOPES.has(scope) && itemId && !(UUID.test(itemId) && findTicket(store, itemId))) selected = [];
    } else {
      selected = selected.filter((c) => !PRODUCT_SCOPES.has(c.scope));
    }
    if (itemId) selected = selected.filter((c) => c.item_id === itemId);
    const search = q.get('search')?.toLowerCase();
    if (search) selected = selected.filter((c) => (c.content ?? '').toLowerCase().includes(search));
    if (q.get('exclude_emoji_reactions') === 'true') selected = selected.filter((c) => c.item_context?.is_emoji !== true);
    const kind = q.get('kind');
    if (kind === 'task') selected = selected.filter((c) => c.is_task);
    else if (kind === 'comment') selected = selected.filter((c) => !c.is_task);
    const sourceComment = q.get('source_comment');
    if (sourceComment) selected = selected.filter((c) => c.source_comment === sourceComment);
    ctx.send(200, cursorPage(ctx, selected.sort(byCreatedAt).reverse()));
  });

  router.add('POST', posthogPaths('comments/'), async (ctx) => {
    const body = await ctx.readJson();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`, attr: null });
    }
    const stringField = (/** @type {string} */ name, /** @type {number} */ maxLength) => {
      const value = body[name];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'string' && typeof value !== 'number') throw fieldError(name, 'Not a valid string.');
      const text = String(value).trim();
      if (text.length > maxLength) throw fieldError(name, `Ensure this field has no more than ${maxLength} characters.`, 'max_length');
      return text;
    };
    let scope = stringField('scope', 79);
    let itemId = stringField('item_id', 72);
    if (body.content != null && typeof body.content !== 'string' && typeof body.content !== 'number') throw fieldError('content', 'Not a valid string.');
    const content = body.content == null ? null : String(body.content);
    let itemContext = body.item_context ?? null;
    if (itemContext !== null && (typeof itemContext !== 'object' || Array.isArray(itemContext))) throw fieldError('item_context', 'Must be an object.');

    /** @type {string | null} */
    let sourceCommentId = null;
    if (body.source_comment != null) {
      const parent = comments.get(String(body.source_comment));
      if (!parent) throw fieldError('source_comment', `Invalid pk "${body.source_comment}" - object does not exist.`, 'does_not_exist');
      if (scope !== null && parent.scope !== scope && (TICKET_SCOPES.has(parent.scope) || TICKET_SCOPES.has(scope))) {
        throw fieldError('scope', 'A reply must use the same scope as the comment it replies to.');
      }
      // Replies live in their root's thread and inherit its target.
      const root = parent.source_comment ? (comments.get(parent.source_comment) ?? parent) : parent;
      sourceCommentId = root.id;
      scope = root.scope;
      itemId = root.item_id;
      const replyContext = itemContext ?? {};
      itemContext = {
        ...(root.item_context ?? {}),
        ...('is_emoji' in replyContext ? { is_emoji: replyContext.is_emoji } : {}),
        ...(replyContext.threadState === 'resolved' || replyContext.threadState === 'open' ? { threadState: replyContext.threadState } : {}),
      };
    }
    if (scope === null || scope === '') throw fieldError('scope', 'This field is required.', 'required');
    const ticket = TICKET_SCOPES.has(scope) && itemId ? (UUID.test(itemId) ? findTicket(store, itemId) : undefined) : undefined;
    if (TICKET_SCOPES.has(scope) && itemId && !ticket) throw fieldError('item_id', 'Ticket not found');
    const richContent = body.rich_content ?? null;
    if (!(content ?? '').trim() && !hasRichText(richContent)) {
      throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: 'A comment must have content', attr: null });
    }
    if (itemContext) itemContext = Object.fromEntries(Object.entries(itemContext).filter(([key]) => !RESERVED_CONTEXT_KEYS.includes(key)));

    const comment = newCommentRecord({
      content,
      rich_content: richContent,
      created_at: new Date().toISOString(),
      created_by: API_USER,
      item_id: itemId,
      item_context: itemContext,
      scope,
      source_comment: sourceCommentId,
      is_task: body.is_task === true && sourceCommentId === null,
    });
    comments.set(comment.id, comment);
    if (ticket && scope === TICKET_SCOPE) recordTicketMessage(store, ticket, comment);
    ctx.send(201, commentBody(comment));
  });

  router.add('GET', posthogPaths('comments/:commentId/'), async (ctx) => {
    ctx.send(200, commentBody(requireComment(ctx)));
  });

  router.add('PATCH', posthogPaths('comments/:commentId/'), async (ctx) => {
    const comment = requireComment(ctx);
    const body = await ctx.readJson();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: 'Invalid data. Expected a dictionary.', attr: null });
    }
    if (comment.created_by?.id !== API_USER.id) {
      throw posthogError(403, { type: 'authentication_error', code: 'permission_denied', detail: 'You can only modify your own comments', attr: null });
    }
    if ('is_task' in body && Boolean(body.is_task) !== comment.is_task) throw fieldError('is_task', 'Cannot change task state after creation.');
    if ('item_context' in body && body.item_context !== null && (typeof body.item_context !== 'object' || Array.isArray(body.item_context))) {
      throw fieldError('item_context', 'Must be an object.');
    }
    const deleting = body.deleted === true;
    /** @type {CommentRecord} */
    const updated = { ...comment };
    if ('content' in body) {
      if (body.content !== null && typeof body.content !== 'string') throw fieldError('content', 'Not a valid string.');
      updated.content = body.content;
    }
    if ('rich_content' in body) updated.rich_content = body.rich_content;
    if ('item_context' in body) updated.item_context = body.item_context;
    if ('deleted' in body) updated.deleted = body.deleted === true;
    if (!deleting && !(updated.content ?? '').trim() && !hasRichText(updated.rich_content)) {
      throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: 'A comment must have content', attr: null });
    }
    if (typeof body.content === 'string' && body.content !== '') updated.version = comment.version + 1;
    comments.set(comment.id, updated);
    if (!comment.deleted && updated.deleted && comment.scope === TICKET_SCOPE && comment.item_id) {
      const ticket = findTicket(store, comment.item_id);
      if (ticket) recordTicketMessageDeleted(store, ticket, comment, ticketComments(store, ticket.id));
    }
    ctx.send(200, commentBody(updated));
  });
}

/** Whether TipTap rich content holds anything but one empty paragraph. @param {unknown} doc */
function hasRichText(doc) {
  if (!doc || typeof doc !== 'object') return false;
  const nodes = /** @type {{content?: {type?: string, content?: {type?: string, text?: string}[]}[]}} */ (doc).content ?? [];
  const emptyParagraph = nodes.some((node) => node.type === 'paragraph' && node.content?.length === 1 && node.content[0].type === 'text' && (node.content[0].text ?? '') === '');
  return !emptyParagraph;
}
