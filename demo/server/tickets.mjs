// The support inbox's tickets, PostHog dialect: `/api/projects/{id}/conversations/tickets/`.
//
// Read from PostHog's source (products/conversations/backend/api/tickets.py, api/serializers.py) and mirrored:
// - List filters are lenient: unknown status/priority values in a comma list are dropped, an unknown
//   channel_source, assignee form, sla value, bad `tags` JSON or unparseable date is ignored, and an unknown
//   order_by falls back to -updated_at. date_from/date_to compare updated_at and take absolute dates
//   (`2026-01-01`, midnight UTC) or relative ones (`-7d`, `-1mStart`); date_from=all disables the filter.
//   `search` of digits matches the ticket number; other text matches anonymous_traits.name/email, the email
//   subject or any message of the ticket, case-insensitively. `tags` matches tickets having any listed tag.
// - Ordering is Postgres': ascending puts nulls last, descending puts them first.
// - Retrieve by uuid or ticket number; it marks the ticket read (unread_team_count → 0) without touching
//   updated_at, and invalidates the unread count cache.
// - PATCH writes status, priority, anonymous_traits, ai_resolved, escalation_reason, sla_due_at,
//   snoozed_until, tags and assignee ({type: user|role, id} or null); other fields are read-only and ignored.
//   The first invalid field answers 400 {type: validation_error, code, detail, attr}. Unlike the real view
//   (which saves the serializer fields before it validates the assignee), every field is validated before
//   anything is written, so a 400 never leaves half a change behind.
// - suggest_reply answers {suggestion}; {detail} 403 when AI data processing is not approved, 400 when the
//   ticket has no messages, and {detail, error_type} 500 when generation fails. See AI_* below for how the
//   reference server makes each path reachable.
// - unread_count sums unread_team_count over tickets that are not resolved, cached 30 s; only marking a
//   ticket read and a status change into or out of resolved invalidate it (as in PostHog: new customer
//   messages do not, so the count may lag them by up to 30 s).

import { randomUUID } from 'node:crypto';
import { notFound, plainError, posthogError, posthogPaths, paginatePosthog } from './http.mjs';
import { COMMENTS_COLLECTION, ticketComments } from './comments.mjs';

export const TICKETS_COLLECTION = 'tickets';
export const PERSONS_COLLECTION = 'ticket-persons';

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved'];
export const PRIORITIES = ['low', 'medium', 'high'];
export const CHANNELS = ['widget', 'email', 'slack', 'teams'];

/** A ticket tagged this way answers suggest_reply with 403, as an organization without AI approval does. */
export const AI_NOT_APPROVED_TAG = 'ai-not-approved';
/** A ticket tagged this way answers suggest_reply with 500, as a failed generation does. */
export const AI_FAILS_TAG = 'ai-suggestion-fails';

const UNREAD_COUNT_TTL_MS = 30_000;
const AT_RISK_WINDOW_MS = 60 * 60 * 1000;
const SEARCH_MAX_LENGTH = 200;

/**
 * The organization's members: assignable users, and the shape PostHog's UserBasicSerializer gives them.
 * User 1 owns the demo API key, so comments posted through the API are theirs.
 */
export const TEAM_USERS = [
  { id: 1, first_name: 'Dana', last_name: 'Reyes', email: 'dana@demo.example', role_at_organization: 'engineering' },
  { id: 2, first_name: 'Sam', last_name: 'Okafor', email: 'sam@demo.example', role_at_organization: 'other' },
  { id: 3, first_name: 'Lea', last_name: 'Fischer', email: 'lea@demo.example', role_at_organization: 'product' },
  { id: 4, first_name: 'Ravi', last_name: 'Menon', email: 'ravi@demo.example', role_at_organization: 'engineering' },
  { id: 5, first_name: 'Mia', last_name: 'Tanaka', email: 'mia@demo.example', role_at_organization: 'leadership' },
].map((user) => ({
  ...user,
  uuid: `0190d3a2-7c4e-7000-8000-00000000000${user.id}`,
  distinct_id: `team-member-${user.id}`,
  is_email_verified: true,
  hedgehog_config: null,
}));

/** The user the demo API key belongs to. */
export const API_USER = TEAM_USERS[0];

export const TEAM_ROLES = [
  { id: '0190d3a2-7c4e-7aaa-8000-0000000000a1', name: 'Support tier 1' },
  { id: '0190d3a2-7c4e-7aaa-8000-0000000000a2', name: 'Billing specialists' },
];

/**
 * @typedef {object} TicketRecord stored fields; person and the assignee's details are joined in on output
 * @property {string} id
 * @property {number} ticket_number
 * @property {string} channel_source
 * @property {string | null} channel_detail
 * @property {string} distinct_id
 * @property {string} status
 * @property {string | null} priority
 * @property {{type: 'user' | 'role', id: number | string} | null} assignee
 * @property {Record<string, unknown>} anonymous_traits
 * @property {boolean} ai_resolved
 * @property {string | null} escalation_reason
 * @property {string} created_at
 * @property {string} updated_at
 * @property {number} message_count
 * @property {string | null} last_message_at
 * @property {string | null} last_message_text
 * @property {number} unread_team_count
 * @property {number} unread_customer_count
 * @property {string | null} session_id
 * @property {Record<string, unknown>} session_context
 * @property {string | null} sla_due_at
 * @property {string | null} snoozed_until
 * @property {string | null} email_subject
 * @property {string | null} email_from
 * @property {string[]} cc_participants
 * @property {string[]} tags
 */

/**
 * A ticket as the model's defaults make it.
 * @param {Partial<TicketRecord> & {ticket_number: number, created_at: string}} fields
 * @returns {TicketRecord}
 */
export function newTicketRecord(fields) {
  return {
    id: randomUUID(),
    channel_source: 'widget',
    channel_detail: null,
    distinct_id: '',
    status: 'new',
    priority: null,
    assignee: null,
    anonymous_traits: {},
    ai_resolved: false,
    escalation_reason: null,
    updated_at: fields.created_at,
    message_count: 0,
    last_message_at: null,
    last_message_text: null,
    unread_team_count: 0,
    unread_customer_count: 0,
    session_id: null,
    session_context: {},
    sla_due_at: null,
    snoozed_until: null,
    email_subject: null,
    email_from: null,
    cc_participants: [],
    tags: [],
    ...fields,
  };
}

/**
 * A ticket by its uuid, or by its number when the path segment is an integer, as PostHog's lookup does.
 * @param {import('./store.mjs').Store} store @param {string} idOrNumber
 * @returns {TicketRecord | undefined}
 */
export function findTicket(store, idOrNumber) {
  const tickets = store.collection(TICKETS_COLLECTION);
  if (UUID.test(idOrNumber)) return tickets.get(idOrNumber.toLowerCase());
  if (/^[+-]?\d+$/.test(idOrNumber.trim())) {
    const number = Number(idOrNumber);
    return tickets.values().find((ticket) => ticket.ticket_number === number);
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * @typedef {object} TicketMessage the parts of a comment that ticket stats depend on
 * @property {string | null} content
 * @property {string} created_at
 * @property {object | null} created_by
 * @property {Record<string, unknown> | null} item_context
 */

/** @param {TicketMessage} message */
const isPrivate = (message) => message.item_context?.is_private === true;
/** PostHog's test for a message from the team: it has an author and is not marked as the customer's. @param {TicketMessage} message */
const isTeamMessage = (message) => message.created_by !== null && message.item_context?.author_type !== 'customer';

/**
 * Keeps a ticket's denormalised message stats in step with a new message, as PostHog's post_save signal on
 * Comment does: private notes change nothing; others bump message_count, last_message_* (text cut at 500
 * characters) and updated_at, and a team message bumps unread_customer_count. A customer message bumps
 * unread_team_count: PostHog does that in the channel that received it (widget, email, Slack), and here the
 * comments API stands in for those channels.
 * @param {import('./store.mjs').Store} store
 * @param {TicketRecord} ticket
 * @param {TicketMessage} message
 */
export function recordTicketMessage(store, ticket, message) {
  if (isPrivate(message)) return ticket;
  const fromCustomer = message.item_context?.author_type === 'customer';
  return store.collection(TICKETS_COLLECTION).set(ticket.id, {
    ...ticket,
    message_count: ticket.message_count + 1,
    last_message_at: message.created_at,
    last_message_text: (message.content ?? '').slice(0, 500),
    updated_at: message.created_at,
    unread_customer_count: ticket.unread_customer_count + (isTeamMessage(message) ? 1 : 0),
    unread_team_count: ticket.unread_team_count + (fromCustomer ? 1 : 0),
  });
}

/**
 * Undoes a message's share of the stats when it is soft-deleted, as PostHog's pre_save signal does: counts go
 * down (never below zero) unless it was private, and last_message_* fall back to the newest remaining public
 * message.
 * @param {import('./store.mjs').Store} store
 * @param {TicketRecord} ticket
 * @param {TicketMessage} message
 * @param {TicketMessage[]} remaining the ticket's other live messages, oldest first
 */
export function recordTicketMessageDeleted(store, ticket, message, remaining) {
  const lastPublic = remaining.filter((m) => !isPrivate(m)).at(-1);
  const counted = !isPrivate(message);
  return store.collection(TICKETS_COLLECTION).set(ticket.id, {
    ...ticket,
    message_count: counted ? Math.max(0, ticket.message_count - 1) : ticket.message_count,
    unread_customer_count: counted && isTeamMessage(message) ? Math.max(0, ticket.unread_customer_count - 1) : ticket.unread_customer_count,
    last_message_at: lastPublic ? lastPublic.created_at : null,
    last_message_text: lastPublic ? (lastPublic.content ?? '').slice(0, 500) : null,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Wire shapes

/** @param {{type: 'user' | 'role', id: number | string} | null} assignee */
function assigneeBody(assignee) {
  if (!assignee) return null;
  if (assignee.type === 'user') {
    const user = TEAM_USERS.find((member) => member.id === assignee.id);
    return { id: assignee.id, type: 'user', user: user ? { email: user.email } : null, role: null };
  }
  const role = TEAM_ROLES.find((candidate) => candidate.id === assignee.id);
  return { id: String(assignee.id), type: 'role', user: null, role: role ? { name: role.name } : null };
}

/**
 * The person attached to a ticket, as TicketPersonSerializer gives it. `name` is what PostHog's
 * get_person_name shows: the first of the email, name and username properties, else the distinct id.
 * @param {import('./store.mjs').Store} store @param {string} distinctId
 */
function personBody(store, distinctId) {
  if (!distinctId) return null;
  const person = store.collection(PERSONS_COLLECTION).get(distinctId);
  if (!person) return null;
  const { properties } = person;
  const name = [properties.email, properties.name, properties.username].find((v) => typeof v === 'string' && v !== '') ?? person.distinct_ids[0];
  return { id: person.id, name, distinct_ids: person.distinct_ids, properties, created_at: person.created_at, is_identified: person.is_identified };
}

/**
 * @param {import('./store.mjs').Store} store
 * @param {TicketRecord} ticket
 */
export function ticketBody(store, ticket) {
  return {
    id: ticket.id,
    ticket_number: ticket.ticket_number,
    channel_source: ticket.channel_source,
    channel_detail: ticket.channel_detail,
    distinct_id: ticket.distinct_id,
    status: ticket.status,
    priority: ticket.priority,
    assignee: assigneeBody(ticket.assignee),
    anonymous_traits: ticket.anonymous_traits,
    ai_resolved: ticket.ai_resolved,
    escalation_reason: ticket.escalation_reason,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    message_count: ticket.message_count,
    last_message_at: ticket.last_message_at,
    last_message_text: ticket.last_message_text,
    unread_team_count: ticket.unread_team_count,
    unread_customer_count: ticket.unread_customer_count,
    session_id: ticket.session_id,
    session_context: ticket.session_context,
    sla_due_at: ticket.sla_due_at,
    snoozed_until: ticket.snoozed_until,
    slack_channel_id: null,
    slack_thread_ts: null,
    slack_team_id: null,
    email_subject: ticket.email_subject,
    email_from: ticket.email_from,
    email_to: null,
    cc_participants: ticket.cc_participants,
    github_repo: null,
    github_issue_number: null,
    person: personBody(store, ticket.distinct_id),
    tags: ticket.tags,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Listing

const RELATIVE_DATE = /^-?(\d+)([hdwmqyMs])(Start|End)?$/;

/**
 * PostHog's relative_date_parse for the forms the inbox sends: `-7d`, `-24h`, `-1mStart`, an ISO date
 * (midnight UTC) or date-time. Null when it does not parse, so the filter is skipped.
 * @param {string} text @param {Date} now
 * @returns {Date | null}
 */
export function parseRelativeDate(text, now) {
  const relative = RELATIVE_DATE.exec(text);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = relative[2];
    const date = new Date(now);
    if (unit === 's') date.setUTCSeconds(date.getUTCSeconds() - amount);
    else if (unit === 'M') date.setUTCMinutes(date.getUTCMinutes() - amount);
    else if (unit === 'h') date.setUTCHours(date.getUTCHours() - amount);
    else if (unit === 'd') date.setUTCDate(date.getUTCDate() - amount);
    else if (unit === 'w') date.setUTCDate(date.getUTCDate() - 7 * amount);
    else if (unit === 'm') date.setUTCMonth(date.getUTCMonth() - amount);
    else if (unit === 'q') date.setUTCMonth(date.getUTCMonth() - 3 * amount);
    else date.setUTCFullYear(date.getUTCFullYear() - amount);
    if (relative[3]) alignToUnit(date, unit, relative[3] === 'End');
    return date;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
    const date = new Date(text.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** Moves a date to the start (or end) of its hour, day, week, month, quarter or year, in UTC. @param {Date} date @param {string} unit @param {boolean} toEnd */
function alignToUnit(date, unit, toEnd) {
  if (unit === 's' || unit === 'M') return;
  date.setUTCMinutes(0, 0, 0);
  if (unit !== 'h') date.setUTCHours(0);
  if (unit === 'w') date.setUTCDate(date.getUTCDate() - date.getUTCDay());
  if (unit === 'm' || unit === 'q' || unit === 'y') date.setUTCDate(1);
  if (unit === 'q') date.setUTCMonth(date.getUTCMonth() - (date.getUTCMonth() % 3));
  if (unit === 'y') date.setUTCMonth(0);
  if (!toEnd) return;
  if (unit === 'h') date.setUTCHours(date.getUTCHours() + 1);
  else if (unit === 'd') date.setUTCDate(date.getUTCDate() + 1);
  else if (unit === 'w') date.setUTCDate(date.getUTCDate() + 7);
  else if (unit === 'm') date.setUTCMonth(date.getUTCMonth() + 1);
  else if (unit === 'q') date.setUTCMonth(date.getUTCMonth() + 3);
  else date.setUTCFullYear(date.getUTCFullYear() + 1);
  date.setTime(date.getTime() - 1);
}

const ORDERINGS = new Set(['updated_at', 'sla_due_at', 'snoozed_until', 'created_at', 'ticket_number'].flatMap((field) => [field, `-${field}`]));

/**
 * The tickets a list request selects, in its order.
 * @param {import('./store.mjs').Store} store
 * @param {URLSearchParams} query
 * @param {Date} now
 */
export function selectTickets(store, query, now) {
  /** @type {((ticket: TicketRecord) => boolean)[]} */
  const tests = [];
  const listParam = (/** @type {string} */ name, /** @type {string[]} */ allowed) => {
    const raw = query.get(name);
    if (!raw) return;
    const values = raw.split(',').map((v) => v.trim()).filter((v) => allowed.includes(v));
    if (values.length) tests.push((ticket) => values.includes(/** @type {string} */ (ticket[/** @type {'status'} */ (name)])));
  };
  listParam('status', STATUSES);
  listParam('priority', PRIORITIES);

  const channel = query.get('channel_source');
  if (channel && CHANNELS.includes(channel)) tests.push((ticket) => ticket.channel_source === channel);

  const assignee = query.get('assignee');
  if (assignee) {
    if (assignee.toLowerCase() === 'unassigned') tests.push((ticket) => ticket.assignee === null);
    else if (assignee.startsWith('user:') && /^[+-]?\d+$/.test(assignee.slice(5).trim())) {
      const userId = Number(assignee.slice(5));
      tests.push((ticket) => ticket.assignee?.type === 'user' && ticket.assignee.id === userId);
    } else if (assignee.startsWith('role:') && UUID.test(assignee.slice(5))) {
      const roleId = assignee.slice(5).toLowerCase();
      tests.push((ticket) => ticket.assignee?.type === 'role' && String(ticket.assignee.id).toLowerCase() === roleId);
    }
  }

  const dateFrom = query.get('date_from');
  const from = dateFrom && dateFrom !== 'all' ? parseRelativeDate(dateFrom, now) : null;
  if (from) tests.push((ticket) => Date.parse(ticket.updated_at) >= from.getTime());
  const dateTo = query.get('date_to');
  const to = dateTo ? parseRelativeDate(dateTo, now) : null;
  if (to) tests.push((ticket) => Date.parse(ticket.updated_at) <= to.getTime());

  const distinctIds = (query.get('distinct_ids') ?? '').split(',').map((v) => v.trim()).filter(Boolean).slice(0, 100);
  if (distinctIds.length) tests.push((ticket) => distinctIds.includes(ticket.distinct_id));

  const search = query.get('search');
  if (search && search.length <= SEARCH_MAX_LENGTH) {
    if (/^\d+$/.test(search)) {
      const number = Number(search);
      tests.push((ticket) => ticket.ticket_number === number);
    } else {
      const needle = search.toLowerCase();
      const contains = (/** @type {unknown} */ value) => typeof value === 'string' && value.toLowerCase().includes(needle);
      const ticketsWithMatchingMessage = new Set(
        store
          .collection(COMMENTS_COLLECTION)
          .values()
          .filter((comment) => comment.scope === 'conversations_ticket' && !comment.deleted && contains(comment.content))
          .map((comment) => comment.item_id),
      );
      tests.push(
        (ticket) =>
          contains(ticket.anonymous_traits?.name) || contains(ticket.anonymous_traits?.email) || contains(ticket.email_subject) || ticketsWithMatchingMessage.has(ticket.id),
      );
    }
  }

  const sla = query.get('sla');
  const nowMs = now.getTime();
  const due = (/** @type {TicketRecord} */ ticket) => (ticket.sla_due_at === null ? null : Date.parse(ticket.sla_due_at));
  if (sla === 'breached') tests.push((ticket) => due(ticket) !== null && /** @type {number} */ (due(ticket)) < nowMs);
  else if (sla === 'at-risk') tests.push((ticket) => due(ticket) !== null && /** @type {number} */ (due(ticket)) >= nowMs && /** @type {number} */ (due(ticket)) <= nowMs + AT_RISK_WINDOW_MS);
  else if (sla === 'on-track') tests.push((ticket) => due(ticket) !== null && /** @type {number} */ (due(ticket)) > nowMs + AT_RISK_WINDOW_MS);

  const snoozed = query.get('snoozed')?.toLowerCase();
  if (snoozed === 'true') tests.push((ticket) => ticket.snoozed_until !== null);
  else if (snoozed === 'false') tests.push((ticket) => ticket.snoozed_until === null);

  const tagsParam = query.get('tags');
  if (tagsParam) {
    let wanted = null;
    try {
      wanted = JSON.parse(tagsParam);
    } catch {
      // PostHog ignores a tags filter that is not JSON.
    }
    if (Array.isArray(wanted) && wanted.length) {
      const tags = new Set(wanted.map(String));
      tests.push((ticket) => ticket.tags.some((tag) => tags.has(tag)));
    }
  }

  const requested = query.get('order_by') ?? '-updated_at';
  const ordering = ORDERINGS.has(requested) ? requested : '-updated_at';
  const descending = ordering.startsWith('-');
  const field = /** @type {'updated_at' | 'sla_due_at' | 'snoozed_until' | 'created_at' | 'ticket_number'} */ (ordering.replace(/^-/, ''));
  const sortValue = (/** @type {TicketRecord} */ ticket) => {
    const value = ticket[field];
    return value === null ? null : typeof value === 'number' ? value : Date.parse(value);
  };

  return store
    .collection(TICKETS_COLLECTION)
    .values()
    .filter((ticket) => tests.every((test) => test(ticket)))
    .sort((a, b) => {
      const va = sortValue(a);
      const vb = sortValue(b);
      if (va === vb) return b.ticket_number - a.ticket_number;
      // Postgres: nulls are the largest values, so last ascending and first descending.
      if (va === null) return descending ? -1 : 1;
      if (vb === null) return descending ? 1 : -1;
      return descending ? vb - va : va - vb;
    });
}

// ---------------------------------------------------------------------------------------------------------
// Writes

const DRF_DATETIME_HELP = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DRF_TRUE = new Set([true, 1, '1', 't', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const DRF_FALSE = new Set([false, 0, '0', 'f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

/** @param {string} attr @param {string} detail @param {string} code */
function fieldError(attr, detail, code) {
  return posthogError(400, { type: 'validation_error', code, detail, attr });
}

/** DRF's `"x" is not a valid choice.` (Python's str() of the value). @param {unknown} value */
function choiceDetail(value) {
  const text = typeof value === 'string' ? value : value === true ? 'True' : value === false ? 'False' : JSON.stringify(value);
  return `"${text}" is not a valid choice.`;
}

/**
 * An ISO date-time as DRF's DateTimeField accepts it, normalised to UTC; a DRF-shaped error otherwise.
 * @param {string} attr @param {unknown} value
 */
function dateTimeField(attr, value) {
  if (typeof value !== 'string' || !ISO_DATETIME.test(value.trim())) throw fieldError(attr, DRF_DATETIME_HELP, 'invalid');
  const date = new Date(value.trim().replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(date.getTime())) throw fieldError(attr, DRF_DATETIME_HELP, 'invalid');
  return date.toISOString();
}

/**
 * The ticket fields a create or PATCH body sets, validated in the serializer's field order; unknown and
 * read-only fields are ignored, as DRF does.
 * @param {unknown} body
 * @returns {Partial<TicketRecord>}
 */
export function validateTicketChanges(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body === 'string' ? 'str' : typeof body}.`, attr: null });
  }
  const input = /** @type {Record<string, unknown>} */ (body);
  /** @type {Partial<TicketRecord>} */
  const changes = {};
  const has = (/** @type {string} */ key) => Object.hasOwn(input, key);
  const notNull = (/** @type {string} */ key) => {
    if (input[key] === null) throw fieldError(key, 'This field may not be null.', 'null');
  };

  if (has('status')) {
    notNull('status');
    if (!STATUSES.includes(/** @type {string} */ (input.status))) throw fieldError('status', choiceDetail(input.status), 'invalid_choice');
    changes.status = /** @type {string} */ (input.status);
  }
  if (has('priority')) {
    if (input.priority !== null && !PRIORITIES.includes(/** @type {string} */ (input.priority))) throw fieldError('priority', choiceDetail(input.priority), 'invalid_choice');
    changes.priority = /** @type {string | null} */ (input.priority);
  }
  if (has('anonymous_traits')) {
    notNull('anonymous_traits');
    changes.anonymous_traits = /** @type {Record<string, unknown>} */ (input.anonymous_traits);
  }
  if (has('ai_resolved')) {
    notNull('ai_resolved');
    const value = input.ai_resolved;
    if (DRF_TRUE.has(/** @type {any} */ (value))) changes.ai_resolved = true;
    else if (DRF_FALSE.has(/** @type {any} */ (value))) changes.ai_resolved = false;
    else throw fieldError('ai_resolved', 'Must be a valid boolean.', 'invalid');
  }
  if (has('escalation_reason')) {
    const value = input.escalation_reason;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw fieldError('escalation_reason', 'Not a valid string.', 'invalid');
    changes.escalation_reason = value === null ? null : String(value);
  }
  if (has('sla_due_at')) changes.sla_due_at = input.sla_due_at === null ? null : dateTimeField('sla_due_at', input.sla_due_at);
  if (has('snoozed_until')) changes.snoozed_until = input.snoozed_until === null ? null : dateTimeField('snoozed_until', input.snoozed_until);
  if (has('tags')) {
    notNull('tags');
    const tags = input.tags;
    if (!Array.isArray(tags)) throw fieldError('tags', `Expected a list of items but got type "${typeof tags === 'string' ? 'str' : typeof tags === 'object' ? 'dict' : typeof tags}".`, 'not_a_list');
    tags.forEach((tag, index) => {
      if (typeof tag !== 'string' && typeof tag !== 'number') throw fieldError(`tags__${index}`, 'Not a valid string.', 'invalid');
    });
    changes.tags = [...new Set(tags.map((tag) => String(tag).trim()).filter((tag) => tag !== ''))];
  }
  return changes;
}

/**
 * The assignee a PATCH sets, validated as PostHog's validate_assignee and validate_assignee_membership do.
 * @param {unknown} assignee
 * @returns {{type: 'user' | 'role', id: number | string} | null}
 */
export function validateAssignee(assignee) {
  if (assignee === null) return null;
  const invalid = (/** @type {string} */ detail) => fieldError('assignee', detail, 'invalid');
  if (typeof assignee !== 'object' || Array.isArray(assignee)) throw invalid('must be an object');
  const { type, id } = /** @type {Record<string, unknown>} */ (assignee);
  if (!Object.hasOwn(assignee, 'type') || !Object.hasOwn(assignee, 'id')) throw invalid("must have 'type' and 'id'");
  if (type !== 'user' && type !== 'role') throw invalid("type must be 'user' or 'role'");
  if (type === 'user') {
    if (!Number.isInteger(id)) throw invalid('user id must be an integer');
    if (!TEAM_USERS.some((user) => user.id === id)) throw invalid('user is not a member of this organization');
    return { type, id: /** @type {number} */ (id) };
  }
  if (!UUID.test(String(id))) throw invalid('role id must be a valid UUID');
  const role = TEAM_ROLES.find((candidate) => candidate.id === String(id).toLowerCase());
  if (!role) throw invalid('role does not belong to this organization');
  return { type, id: role.id };
}

/**
 * The unread total PostHog caches in Redis for 30 seconds.
 */
export class UnreadCountCache {
  /** @param {() => number} now @param {number} ttlMs */
  constructor(now = Date.now, ttlMs = UNREAD_COUNT_TTL_MS) {
    this.now = now;
    this.ttlMs = ttlMs;
    /** @type {{count: number, expiresAt: number} | null} */
    this.entry = null;
  }

  /** @param {() => number} compute */
  get(compute) {
    if (this.entry && this.entry.expiresAt > this.now()) return this.entry.count;
    const count = compute();
    this.entry = { count, expiresAt: this.now() + this.ttlMs };
    return count;
  }

  invalidate() {
    this.entry = null;
  }
}

/** @param {import('./store.mjs').Store} store */
function unreadTotal(store) {
  return store
    .collection(TICKETS_COLLECTION)
    .values()
    .filter((ticket) => ticket.status !== 'resolved' && ticket.unread_team_count > 0)
    .reduce((sum, ticket) => sum + ticket.unread_team_count, 0);
}

/**
 * A reply a support agent could send: greets the customer, answers the latest customer message's topic and
 * offers a next step. Deterministic, so tests and demos see the same text for the same ticket.
 * @param {TicketRecord} ticket
 * @param {{content: string | null, item_context: Record<string, unknown> | null}[]} messages oldest first
 */
function suggestReplyText(ticket, messages) {
  const lastCustomer = [...messages].reverse().find((m) => m.item_context?.author_type === 'customer') ?? messages[messages.length - 1];
  const name = typeof ticket.anonymous_traits?.name === 'string' ? ticket.anonymous_traits.name.split(' ')[0] : null;
  const asked = (lastCustomer.content ?? '').replace(/\s+/g, ' ').trim();
  const topic = asked.length > 90 ? `${asked.slice(0, 87)}…` : asked;
  const topicTag = ticket.tags.find((tag) => !tag.startsWith('ai-'));
  return [
    `Hi ${name ?? 'there'},`,
    '',
    `Thanks for getting in touch about “${topic}”. I've looked into it${topicTag ? ` with our ${topicTag.replace(/-/g, ' ')} team` : ''}, and here is what I suggest:`,
    '',
    '1. Refresh the page and try once more, so we know whether it still happens.',
    '2. If it does, reply with the time it happened and a screenshot, and I will follow up right away.',
    '',
    'Best,',
    API_USER.first_name,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerTickets(router, app) {
  const { store } = app;
  const tickets = store.collection(TICKETS_COLLECTION);
  const unreadCount = new UnreadCountCache();
  /** The organization-wide switch; `startServer({aiDataProcessingApproved: false})` turns AI off everywhere. */
  const aiApproved = app.options.aiDataProcessingApproved !== false;
  const base = 'conversations/tickets/';
  const requireTicket = (/** @type {import('./http.mjs').Context} */ ctx) => {
    const ticket = findTicket(store, ctx.params.id);
    if (!ticket) throw notFound('posthog', 'Ticket not found');
    return ticket;
  };

  router.add('GET', posthogPaths(base), async (ctx) => {
    const selected = selectTickets(store, ctx.query, new Date());
    const page = paginatePosthog(ctx, selected, { defaultLimit: 100, maxLimit: 1000 });
    ctx.send(200, { ...page, results: page.results.map((ticket) => ticketBody(store, ticket)) });
  });

  router.add('POST', posthogPaths(base), async (ctx) => {
    const changes = validateTicketChanges(await ctx.readJson());
    const number = tickets.values().reduce((max, ticket) => Math.max(max, ticket.ticket_number), 0) + 1;
    const ticket = newTicketRecord({ ...changes, ticket_number: number, created_at: new Date().toISOString() });
    tickets.set(ticket.id, ticket);
    ctx.send(201, ticketBody(store, ticket));
  });

  router.add('GET', posthogPaths(`${base}unread_count/`), async (ctx) => {
    ctx.send(200, { count: unreadCount.get(() => unreadTotal(store)) });
  });

  router.add('GET', posthogPaths(`${base}:id/`), async (ctx) => {
    let ticket = requireTicket(ctx);
    if (ticket.unread_team_count > 0) {
      ticket = tickets.set(ticket.id, { ...ticket, unread_team_count: 0 });
      unreadCount.invalidate();
    }
    ctx.send(200, ticketBody(store, ticket));
  });

  router.add('PATCH', posthogPaths(`${base}:id/`), async (ctx) => {
    const ticket = requireTicket(ctx);
    const body = await ctx.readJson();
    const changes = validateTicketChanges(body);
    const assignee = Object.hasOwn(body, 'assignee') ? validateAssignee(body.assignee) : undefined;
    /** @type {TicketRecord} */
    const updated = { ...ticket, ...changes, updated_at: new Date().toISOString() };
    if (assignee !== undefined) updated.assignee = assignee;
    // Snoozing puts a ticket on hold and waking it reopens it, unless the same request set a status.
    if (!('status' in changes) && ticket.snoozed_until !== updated.snoozed_until) {
      if (ticket.snoozed_until === null) updated.status = 'on_hold';
      else if (updated.snoozed_until === null) updated.status = 'open';
    }
    tickets.set(ticket.id, updated);
    if (ticket.status !== updated.status && (ticket.status === 'resolved' || updated.status === 'resolved')) unreadCount.invalidate();
    ctx.send(200, ticketBody(store, updated));
  });

  router.add('DELETE', posthogPaths(`${base}:id/`), async (ctx) => {
    const ticket = requireTicket(ctx);
    tickets.delete(ticket.id);
    ctx.send(204);
  });

  router.add('POST', posthogPaths(`${base}:id/suggest_reply/`), async (ctx) => {
    if (!aiApproved) throw plainError(403, { detail: 'AI data processing is not approved for this organization' });
    const ticket = requireTicket(ctx);
    if (ticket.tags.includes(AI_NOT_APPROVED_TAG)) throw plainError(403, { detail: 'AI data processing is not approved for this organization' });
    const messages = ticketComments(store, ticket.id).filter((comment) => comment.item_context?.is_private !== true);
    if (messages.length === 0) throw plainError(400, { detail: 'No messages in this ticket' });
    if (ticket.tags.includes(AI_FAILS_TAG)) throw plainError(500, { detail: 'Failed to generate suggestion. Please try again.', error_type: 'unknown_error' });
    ctx.send(200, { suggestion: suggestReplyText(ticket, messages) });
  });
}
