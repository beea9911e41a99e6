// The support inbox over real HTTP: tickets (every list filter, paging, ordering, mark-read, PATCH and its
// validation errors, delete, suggest_reply's paths, the cached unread count), ticket messages through the
// comments API (cursor pages, ticket stats, private notes, soft delete), saved views and profile configs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT, startTestServer } from './harness.mjs';
import { UnreadCountCache, parseRelativeDate } from '../../demo/server/tickets.mjs';
import { pythonJsonLength } from '../../demo/server/views.mjs';

const TICKETS = `${PROJECT}/conversations/tickets/`;
const COMMENTS = `${PROJECT}/comments/`;
const HOUR = 3_600_000;

/** @typedef {import('./harness.mjs').TestServer} TestServer */

/** Every ticket in the list's default order. @param {TestServer} server @param {string} [query] */
async function allTickets(server, query = '') {
  const { status, body } = await server.json('GET', `${TICKETS}?limit=1000${query ? `&${query}` : ''}`);
  assert.equal(status, 200);
  assert.equal(body.count, body.results.length, 'one page holds every match');
  return /** @type {any[]} */ (body.results);
}

/** @param {any[]} tickets */
const numbers = (tickets) => tickets.map((t) => t.ticket_number);

/** @param {TestServer} server @param {string} ticketId */
async function ticketMessages(server, ticketId) {
  const { status, body } = await server.json('GET', `${COMMENTS}?scope=conversations_ticket&item_id=${ticketId}`);
  assert.equal(status, 200);
  return body;
}

describe('tickets', () => {
  /** @type {TestServer} */
  let server;
  /** @type {any[]} */
  let everything;
  before(async () => {
    server = await startTestServer();
    everything = await allTickets(server);
  });
  after(() => server.close());

  test('list: limit/offset pages of 100 (max 1000) with absolute next/previous, newest update first', async () => {
    assert.equal(everything.length, 360);
    const first = await server.json('GET', TICKETS);
    assert.equal(first.body.count, 360);
    assert.equal(first.body.results.length, 100);
    assert.equal(first.body.previous, null);
    assert.equal(first.body.next, `${server.url}${TICKETS}?limit=100&offset=100`);
    const second = await server.json('GET', new URL(first.body.next).pathname + new URL(first.body.next).search);
    assert.deepEqual(numbers(second.body.results), numbers(everything.slice(100, 200)));
    assert.equal(second.body.previous, `${server.url}${TICKETS}?limit=100`);
    const capped = await server.json('GET', `${TICKETS}?limit=5000&offset=350`);
    assert.equal(capped.body.results.length, 10);
    assert.ok(capped.body.next === null);

    const updated = everything.map((t) => Date.parse(t.updated_at));
    assert.deepEqual(updated, [...updated].sort((a, b) => b - a));
    const ticket = everything[0];
    assert.deepEqual(Object.keys(ticket.person ?? {}).sort(), ticket.person ? ['created_at', 'distinct_ids', 'id', 'is_identified', 'name', 'properties'] : []);
    for (const key of ['id', 'ticket_number', 'channel_source', 'distinct_id', 'status', 'priority', 'assignee', 'anonymous_traits', 'ai_resolved', 'escalation_reason', 'created_at', 'updated_at', 'message_count', 'last_message_at', 'last_message_text', 'unread_team_count', 'unread_customer_count', 'sla_due_at', 'tags', 'person']) {
      assert.ok(key in ticket, `ticket has ${key}`);
    }
  });

  test('filters: status and priority comma lists (unknown values dropped), channel_source, assignee forms', async () => {
    const openOrPending = await allTickets(server, 'status=open,pending,bogus');
    assert.ok(openOrPending.length > 0);
    assert.deepEqual(numbers(openOrPending), numbers(everything.filter((t) => ['open', 'pending'].includes(t.status))));
    assert.equal((await allTickets(server, 'status=bogus')).length, 360, 'a list of only unknown values filters nothing');

    assert.deepEqual(numbers(await allTickets(server, 'priority=high,medium')), numbers(everything.filter((t) => ['high', 'medium'].includes(t.priority))));
    assert.deepEqual(numbers(await allTickets(server, 'channel_source=email')), numbers(everything.filter((t) => t.channel_source === 'email')));
    assert.equal((await allTickets(server, 'channel_source=carrier-pigeon')).length, 360);

    assert.deepEqual(numbers(await allTickets(server, 'assignee=unassigned')), numbers(everything.filter((t) => t.assignee === null)));
    const mine = await allTickets(server, 'assignee=user:1');
    assert.ok(mine.length > 0 && mine.every((t) => t.assignee.type === 'user' && t.assignee.id === 1 && t.assignee.user.email === 'dana@demo.example'));
    const role = everything.find((t) => t.assignee?.type === 'role').assignee;
    const byRole = await allTickets(server, `assignee=role:${role.id}`);
    assert.deepEqual(numbers(byRole), numbers(everything.filter((t) => t.assignee?.type === 'role' && t.assignee.id === role.id)));
    assert.equal(typeof byRole[0].assignee.role.name, 'string');
  });

  test('filters: date_from/date_to on updated_at (relative and absolute), search by number, name, email or message', async () => {
    const dayAgo = Date.now() - 24 * HOUR;
    const recent = await allTickets(server, 'date_from=-24h');
    assert.ok(recent.length > 0 && recent.length < 360);
    assert.ok(recent.every((t) => Date.parse(t.updated_at) >= dayAgo - 60_000));
    assert.deepEqual(numbers(await allTickets(server, 'date_from=all')), numbers(everything));
    const older = await allTickets(server, 'date_to=-24h');
    assert.equal(recent.length + older.length, 360);
    const cutoff = new Date(Date.now() - 7 * 24 * HOUR).toISOString().slice(0, 10);
    const sinceDate = await allTickets(server, `date_from=${cutoff}`);
    assert.deepEqual(numbers(sinceDate), numbers(everything.filter((t) => Date.parse(t.updated_at) >= Date.parse(`${cutoff}T00:00:00Z`))));

    assert.deepEqual(numbers(await allTickets(server, 'search=42')), [42]);
    const named = everything.find((t) => typeof t.anonymous_traits.name === 'string');
    const surname = named.anonymous_traits.name.split(' ')[1].toUpperCase();
    const byName = await allTickets(server, `search=${encodeURIComponent(surname)}`);
    assert.ok(byName.some((t) => t.ticket_number === named.ticket_number));
    const byEmail = await allTickets(server, `search=${encodeURIComponent(named.anonymous_traits.email)}`);
    assert.ok(byEmail.some((t) => t.ticket_number === named.ticket_number));
    const byMessage = await allTickets(server, `search=${encodeURIComponent('invalid audience')}`);
    assert.ok(byMessage.length > 0 && byMessage.every((t) => t.tags.includes('sso')), 'message text matches too');
  });

  test('filters: sla breached / at-risk (within the hour) / on-track, tags as a JSON array, order_by with nulls as Postgres', async () => {
    const now = Date.now();
    const breached = await allTickets(server, 'sla=breached');
    const atRisk = await allTickets(server, 'sla=at-risk');
    const onTrack = await allTickets(server, 'sla=on-track');
    assert.ok(breached.length > 0 && atRisk.length > 0 && onTrack.length > 0);
    assert.ok(breached.every((t) => Date.parse(t.sla_due_at) < now + 1000));
    assert.ok(atRisk.every((t) => Date.parse(t.sla_due_at) >= now - 1000 && Date.parse(t.sla_due_at) <= now + HOUR + 1000));
    assert.ok(onTrack.every((t) => Date.parse(t.sla_due_at) > now + HOUR - 1000));
    assert.equal(breached.length + atRisk.length + onTrack.length, everything.filter((t) => t.sla_due_at !== null).length);

    const tagged = await allTickets(server, `tags=${encodeURIComponent(JSON.stringify(['refund', 'sso']))}`);
    assert.deepEqual(numbers(tagged), numbers(everything.filter((t) => t.tags.includes('refund') || t.tags.includes('sso'))));
    assert.equal((await allTickets(server, 'tags=not-json')).length, 360);

    const dueFirst = await allTickets(server, 'order_by=sla_due_at');
    const withDue = dueFirst.filter((t) => t.sla_due_at !== null);
    assert.deepEqual(dueFirst.slice(0, withDue.length), withDue, 'ascending: nulls last');
    assert.deepEqual(withDue.map((t) => t.sla_due_at), [...withDue.map((t) => t.sla_due_at)].sort());
    const dueLast = await allTickets(server, 'order_by=-sla_due_at');
    assert.equal(dueLast[0].sla_due_at, null, 'descending: nulls first');
    const created = await allTickets(server, 'order_by=created_at');
    assert.deepEqual(created.map((t) => t.created_at), [...created.map((t) => t.created_at)].sort());
    assert.deepEqual(numbers(await allTickets(server, 'order_by=priority')), numbers(everything), 'unknown order_by falls back to -updated_at');
  });

  test('retrieve by uuid or number marks the ticket read without touching updated_at; unknown → 404', async () => {
    const unread = everything.find((t) => t.unread_team_count > 0);
    const read = await server.json('GET', `${TICKETS}${unread.ticket_number}/`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, unread.id);
    assert.equal(read.body.unread_team_count, 0);
    assert.equal(read.body.updated_at, unread.updated_at);
    assert.equal((await server.json('GET', `${TICKETS}${unread.id}/`)).body.unread_team_count, 0);
    const missing = await server.json('GET', `${TICKETS}99999/`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { type: 'invalid_request', code: 'not_found', detail: 'Ticket not found', attr: null });
    assert.equal((await server.json('GET', `${TICKETS}not-a-ticket/`)).status, 404);
  });

  test('create answers 201 with the next number and defaults; delete answers 204', async () => {
    const created = await server.json('POST', TICKETS, { body: { priority: 'high', tags: ['billing', 'billing', ' vip '], ticket_number: 1, message_count: 9 } });
    assert.equal(created.status, 201);
    assert.equal(created.body.ticket_number, 361);
    assert.equal(created.body.status, 'new');
    assert.equal(created.body.priority, 'high');
    assert.equal(created.body.message_count, 0, 'read-only fields are ignored');
    assert.deepEqual(created.body.tags, ['billing', 'vip']);
    assert.equal(created.body.person, null);
    const deleted = await server.request('DELETE', `${TICKETS}${created.body.id}/`);
    assert.equal(deleted.status, 204);
    assert.equal(await deleted.text(), '');
    assert.equal((await server.json('GET', `${TICKETS}${created.body.id}/`)).status, 404);
  });

  test('PATCH writes the writable fields; the first invalid field is a 400 naming it, and nothing is written', async () => {
    const ticket = everything.find((t) => t.status === 'open' && t.snoozed_until === null);
    const path = `${TICKETS}${ticket.id}/`;
    const due = new Date(Date.now() + 3 * HOUR).toISOString();
    const patched = await server.json('PATCH', path, {
      body: { status: 'pending', priority: 'low', tags: ['bug'], sla_due_at: due, assignee: { type: 'role', id: '0190d3a2-7c4e-7aaa-8000-0000000000a2' }, ai_resolved: 'true', message_count: 0 },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.status, 'pending');
    assert.equal(patched.body.priority, 'low');
    assert.deepEqual(patched.body.tags, ['bug']);
    assert.equal(patched.body.sla_due_at, due);
    assert.deepEqual(patched.body.assignee, { id: '0190d3a2-7c4e-7aaa-8000-0000000000a2', type: 'role', user: null, role: { name: 'Billing specialists' } });
    assert.equal(patched.body.ai_resolved, true);
    assert.equal(patched.body.message_count, ticket.message_count);
    assert.ok(patched.body.updated_at > ticket.updated_at);

    /** @type {[unknown, string, string, string][]} body, attr, code, detail */
    const invalid = [
      [{ status: 'closed' }, 'status', 'invalid_choice', '"closed" is not a valid choice.'],
      [{ status: null }, 'status', 'null', 'This field may not be null.'],
      [{ priority: 'urgent' }, 'priority', 'invalid_choice', '"urgent" is not a valid choice.'],
      [{ ai_resolved: 'maybe' }, 'ai_resolved', 'invalid', 'Must be a valid boolean.'],
      [{ sla_due_at: 'tomorrow' }, 'sla_due_at', 'invalid', 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
      [{ tags: 'bug' }, 'tags', 'not_a_list', 'Expected a list of items but got type "str".'],
      [{ tags: ['ok', { no: 1 }] }, 'tags__1', 'invalid', 'Not a valid string.'],
      [{ assignee: 'dana' }, 'assignee', 'invalid', 'must be an object'],
      [{ assignee: { type: 'team', id: 1 } }, 'assignee', 'invalid', "type must be 'user' or 'role'"],
      [{ assignee: { type: 'user', id: 99 } }, 'assignee', 'invalid', 'user is not a member of this organization'],
      [{ assignee: { type: 'role', id: 'nope' } }, 'assignee', 'invalid', 'role id must be a valid UUID'],
    ];
    for (const [body, attr, code, detail] of invalid) {
      const answer = await server.json('PATCH', path, { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.deepEqual(answer.body, { type: 'validation_error', code, detail, attr });
    }
    // A valid field next to an invalid assignee: the whole change is refused, so a client's rollback is right.
    const mixed = await server.json('PATCH', path, { body: { priority: 'high', assignee: { type: 'user', id: 42 } } });
    assert.equal(mixed.status, 400);
    const after = await server.json('GET', path);
    assert.equal(after.body.priority, 'low');
    assert.equal(after.body.assignee.type, 'role');

    const unassigned = await server.json('PATCH', path, { body: { assignee: null, priority: null } });
    assert.equal(unassigned.body.assignee, null);
    assert.equal(unassigned.body.priority, null);
  });

  test('PATCH snoozed_until puts the ticket on hold and clearing it reopens, unless status is set too', async () => {
    const ticket = everything.find((t) => t.status === 'open' && t.snoozed_until === null && t.ticket_number > 10);
    const path = `${TICKETS}${ticket.id}/`;
    const snoozed = await server.json('PATCH', path, { body: { snoozed_until: new Date(Date.now() + 5 * HOUR).toISOString() } });
    assert.equal(snoozed.body.status, 'on_hold');
    const woken = await server.json('PATCH', path, { body: { snoozed_until: null } });
    assert.equal(woken.body.status, 'open');
    const explicit = await server.json('PATCH', path, { body: { snoozed_until: new Date(Date.now() + HOUR).toISOString(), status: 'pending' } });
    assert.equal(explicit.body.status, 'pending');
  });

  test('suggest_reply: a suggestion; 400 without messages; 403 and 500 on their seeded tickets; 404 unknown', async () => {
    const ok = await server.json('POST', `${TICKETS}3/suggest_reply/`);
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.body), ['suggestion']);
    assert.ok(ok.body.suggestion.length > 40);
    assert.deepEqual((await server.json('POST', `${TICKETS}5/suggest_reply/`)).body, { detail: 'No messages in this ticket' });
    assert.equal((await server.json('POST', `${TICKETS}6/suggest_reply/`)).status, 400);
    const forbidden = await server.json('POST', `${TICKETS}7/suggest_reply/`);
    assert.equal(forbidden.status, 403);
    assert.deepEqual(forbidden.body, { detail: 'AI data processing is not approved for this organization' });
    const failed = await server.json('POST', `${TICKETS}8/suggest_reply/`);
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.body, { detail: 'Failed to generate suggestion. Please try again.', error_type: 'unknown_error' });
    assert.equal((await server.json('POST', `${TICKETS}99999/suggest_reply/`)).status, 404);
  });
});

test('suggest_reply answers 403 for every ticket when the organization has not approved AI', async (t) => {
  const server = await startTestServer({ aiDataProcessingApproved: false });
  t.after(() => server.close());
  const answer = await server.json('POST', `${TICKETS}3/suggest_reply/`);
  assert.equal(answer.status, 403);
  assert.deepEqual(answer.body, { detail: 'AI data processing is not approved for this organization' });
});

test('unread_count: unread sum of unresolved tickets, cached until a ticket is read or (un)resolved', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const tickets = await allTickets(server);
  const expected = tickets.filter((x) => x.status !== 'resolved').reduce((sum, x) => sum + x.unread_team_count, 0);
  const count = async () => (await server.json('GET', `${TICKETS}unread_count/`)).body.count;
  assert.equal(await count(), expected);

  // A new customer message raises the ticket's unread count, but the cached total lags, as PostHog's does.
  const quiet = tickets.find((x) => x.status === 'open' && x.unread_team_count === 0);
  const posted = await server.json('POST', COMMENTS, { body: { scope: 'conversations_ticket', item_id: quiet.id, content: 'Hello again?', item_context: { author_type: 'customer', is_private: false } } });
  assert.equal(posted.status, 201);
  assert.equal(await count(), expected, 'still the cached total');

  // Reading another unread ticket invalidates: the total now has the new message and lacks the read one.
  const unread = tickets.find((x) => x.status !== 'resolved' && x.unread_team_count > 0);
  await server.json('GET', `${TICKETS}${unread.id}/`);
  assert.equal(await count(), expected + 1 - unread.unread_team_count);

  // Resolving a ticket with unread messages invalidates too.
  const another = tickets.find((x) => x.status !== 'resolved' && x.unread_team_count > 0 && x.id !== unread.id);
  await server.json('PATCH', `${TICKETS}${another.id}/`, { body: { status: 'resolved' } });
  assert.equal(await count(), expected + 1 - unread.unread_team_count - another.unread_team_count);
});

test('UnreadCountCache keeps a total for 30 seconds', () => {
  let now = 0;
  let computed = 0;
  const cache = new UnreadCountCache(() => now);
  assert.equal(cache.get(() => ++computed), 1);
  now = 29_999;
  assert.equal(cache.get(() => ++computed), 1);
  now = 30_000;
  assert.equal(cache.get(() => ++computed), 2);
  cache.invalidate();
  assert.equal(cache.get(() => ++computed), 3);
});

test('parseRelativeDate reads PostHog relative and absolute dates', () => {
  const now = new Date('2026-03-18T15:42:10Z');
  assert.equal(parseRelativeDate('-7d', now)?.toISOString(), '2026-03-11T15:42:10.000Z');
  assert.equal(parseRelativeDate('-24h', now)?.toISOString(), '2026-03-17T15:42:10.000Z');
  assert.equal(parseRelativeDate('-1mStart', now)?.toISOString(), '2026-02-01T00:00:00.000Z');
  assert.equal(parseRelativeDate('-1dEnd', now)?.toISOString(), '2026-03-17T23:59:59.999Z');
  assert.equal(parseRelativeDate('2026-01-02', now)?.toISOString(), '2026-01-02T00:00:00.000Z');
  assert.equal(parseRelativeDate('next tuesday', now), null);
});

describe('ticket messages through the comments API', () => {
  /** @type {TestServer} */
  let server;
  /** @type {any[]} */
  let tickets;
  before(async () => {
    server = await startTestServer();
    tickets = await allTickets(server);
  });
  after(() => server.close());

  test('list: newest first, 100 per cursor page (limit ignored), next/previous links, no count', async () => {
    const long = tickets.find((t) => t.ticket_number === 1);
    const first = await server.json('GET', `${COMMENTS}?scope=conversations_ticket&item_id=${long.id}&limit=5`);
    assert.deepEqual(Object.keys(first.body).sort(), ['next', 'previous', 'results']);
    assert.equal(first.body.results.length, 100);
    assert.equal(first.body.previous, null);
    const created = first.body.results.map((/** @type {any} */ c) => c.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
    const comment = first.body.results[0];
    for (const key of ['id', 'content', 'rich_content', 'version', 'created_at', 'created_by', 'deleted', 'item_id', 'item_context', 'scope', 'source_comment', 'is_task']) assert.ok(key in comment, key);
    assert.equal(comment.scope, 'conversations_ticket');
    assert.ok(['customer', 'support', 'AI'].includes(comment.item_context.author_type));

    const seen = [...first.body.results];
    let page = first.body;
    while (page.next) {
      assert.ok(page.next.startsWith(server.url) && page.next.includes('cursor='));
      page = (await server.json('GET', page.next.slice(server.url.length))).body;
      seen.push(...page.results);
    }
    assert.equal(seen.length, 240);
    assert.equal(new Set(seen.map((c) => c.id)).size, 240);
    const back = (await server.json('GET', page.previous.slice(server.url.length))).body;
    assert.deepEqual(
      back.results.map((/** @type {any} */ c) => c.id),
      seen.slice(100, 200).map((c) => c.id),
    );
    assert.equal(long.message_count, seen.filter((c) => !c.item_context.is_private).length, 'message_count counts public messages');

    assert.equal((await server.json('GET', `${COMMENTS}?cursor=garbage`)).status, 404);
    const unscoped = await server.json('GET', COMMENTS);
    assert.ok(unscoped.body.results.every((/** @type {any} */ c) => c.scope !== 'conversations_ticket'), 'an unscoped list hides ticket messages');
    assert.deepEqual((await ticketMessages(server, '00000000-0000-4000-8000-000000000000')).results, []);
  });

  test('create: a customer message updates the ticket stats and unread count; a private note changes nothing', async () => {
    const ticket = tickets.find((t) => t.status === 'open' && t.message_count > 0);
    const customer = await server.json('POST', COMMENTS, {
      body: { scope: 'conversations_ticket', item_id: ticket.id, content: 'Still broken for me', item_context: { author_type: 'customer', is_private: false, from_slack: true } },
    });
    assert.equal(customer.status, 201);
    assert.equal(customer.body.content, 'Still broken for me');
    assert.deepEqual(customer.body.item_context, { author_type: 'customer', is_private: false }, 'Slack-sync keys are stripped');
    assert.equal(customer.body.created_by.id, 1);
    assert.equal(customer.body.deleted, false);
    let after = (await server.json('GET', `${TICKETS}?search=${ticket.ticket_number}`)).body.results[0];
    assert.equal(after.message_count, ticket.message_count + 1);
    assert.equal(after.last_message_text, 'Still broken for me');
    assert.equal(after.last_message_at, customer.body.created_at);
    assert.equal(after.updated_at, customer.body.created_at);
    assert.equal(after.unread_team_count, ticket.unread_team_count + 1);

    const note = await server.json('POST', COMMENTS, {
      body: { scope: 'conversations_ticket', item_id: ticket.id, content: 'Internal: reproduced on staging', item_context: { author_type: 'support', is_private: true } },
    });
    assert.equal(note.status, 201);
    const afterNote = (await server.json('GET', `${TICKETS}?search=${ticket.ticket_number}`)).body.results[0];
    assert.deepEqual({ ...afterNote, person: null }, { ...after, person: null }, 'a private note leaves the ticket as it was');

    const reply = await server.json('POST', COMMENTS, {
      body: { scope: 'conversations_ticket', item_id: ticket.id, content: 'x'.repeat(600), item_context: { author_type: 'support', is_private: false } },
    });
    after = (await server.json('GET', `${TICKETS}?search=${ticket.ticket_number}`)).body.results[0];
    assert.equal(after.unread_customer_count, ticket.unread_customer_count + 1);
    assert.equal(after.last_message_text.length, 500);

    const listed = (await ticketMessages(server, ticket.id)).results;
    assert.deepEqual(
      listed.slice(0, 3).map((/** @type {any} */ c) => c.id),
      [reply.body.id, note.body.id, customer.body.id],
    );
  });

  test('create: validation errors name the field', async () => {
    const ticket = tickets[0];
    const cases = [
      [{ content: 'hi', item_id: ticket.id }, { type: 'validation_error', code: 'required', detail: 'This field is required.', attr: 'scope' }],
      [{ scope: 'conversations_ticket', item_id: ticket.id, content: '   ' }, { type: 'validation_error', code: 'invalid', detail: 'A comment must have content', attr: null }],
      [{ scope: 'conversations_ticket', item_id: '00000000-0000-4000-8000-000000000000', content: 'hi' }, { type: 'validation_error', code: 'invalid', detail: 'Ticket not found', attr: 'item_id' }],
      [{ scope: 'conversations_ticket', item_id: ticket.id, content: 'hi', item_context: ['customer'] }, { type: 'validation_error', code: 'invalid', detail: 'Must be an object.', attr: 'item_context' }],
      [{ scope: 'x'.repeat(80), content: 'hi' }, { type: 'validation_error', code: 'max_length', detail: 'Ensure this field has no more than 79 characters.', attr: 'scope' }],
    ];
    for (const [body, expected] of cases) {
      const answer = await server.json('POST', COMMENTS, { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.deepEqual(answer.body, expected);
    }
  });

  test('soft delete by PATCH {deleted: true} undoes the stats; others’ messages are 403; DELETE is 405', async () => {
    const ticket = tickets.find((t) => t.status === 'pending' && t.message_count > 1);
    const before = (await ticketMessages(server, ticket.id)).results;
    const mine = await server.json('POST', COMMENTS, { body: { scope: 'conversations_ticket', item_id: ticket.id, content: 'Sent by mistake', item_context: { author_type: 'support', is_private: false } } });
    const removed = await server.json('PATCH', `${COMMENTS}${mine.body.id}/`, { body: { deleted: true } });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.deleted, true);
    const after = (await server.json('GET', `${TICKETS}${ticket.id}/`)).body;
    assert.equal(after.message_count, ticket.message_count);
    assert.equal(after.unread_customer_count, ticket.unread_customer_count);
    const lastPublic = before.find((/** @type {any} */ c) => !c.item_context.is_private);
    assert.equal(after.last_message_text, lastPublic.content);
    assert.equal((await ticketMessages(server, ticket.id)).results.length, before.length);

    const edited = await server.json('PATCH', `${COMMENTS}${before.find((/** @type {any} */ c) => c.created_by === null).id}/`, { body: { content: 'rewritten' } });
    assert.equal(edited.status, 403);
    assert.equal(edited.body.detail, 'You can only modify your own comments');
    assert.equal((await server.request('DELETE', `${COMMENTS}${mine.body.id}/`)).status, 405);
  });
});

describe('saved views', () => {
  /** @type {TestServer} */
  let server;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  const VIEWS = '/api/environments/1/conversations/views/';

  test('list, create, retrieve (both prefixes) and delete by short_id; no update', async () => {
    const seeded = await server.json('GET', VIEWS);
    assert.equal(seeded.body.count, 5);
    const dates = seeded.body.results.map((/** @type {any} */ v) => v.created_at);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.deepEqual(Object.keys(seeded.body.results[0]).sort(), ['created_at', 'created_by', 'filters', 'id', 'name', 'short_id']);

    const filters = { status: ['open'], priority: ['high'], channel: 'email', sla: 'breached', assignee: 'unassigned', tags: ['vip'], dateFrom: '-7d', dateTo: null, order: '-updated_at' };
    const created = await server.json('POST', VIEWS, { body: { name: 'Breached VIP email', filters } });
    assert.equal(created.status, 201);
    assert.match(created.body.short_id, /^[A-Za-z0-9]{12}$/);
    assert.deepEqual(created.body.filters, filters);
    assert.equal(created.body.created_by.email, 'dana@demo.example');
    const viaProjects = await server.json('GET', `${PROJECT}/conversations/views/${created.body.short_id}/`);
    assert.deepEqual(viaProjects.body, created.body);
    assert.equal((await server.json('GET', VIEWS)).body.results[0].short_id, created.body.short_id, 'newest first');

    for (const method of ['PATCH', 'PUT']) {
      const refused = await server.json(method, `${VIEWS}${created.body.short_id}/`, { body: { name: 'Renamed' } });
      assert.equal(refused.status, 405);
      assert.deepEqual(refused.body, { type: 'invalid_request', code: 'method_not_allowed', detail: `Method "${method}" not allowed.`, attr: null });
    }
    assert.equal((await server.request('DELETE', `${VIEWS}${created.body.short_id}/`)).status, 204);
    assert.equal((await server.json('GET', `${VIEWS}${created.body.short_id}/`)).status, 404);
  });

  test('create validates name (required, ≤ 400) and filters (an object, ≤ 10 kB as json.dumps writes it)', async () => {
    const cases = [
      [{ filters: {} }, 'name', 'required', 'This field is required.'],
      [{ name: '  ' }, 'name', 'blank', 'This field may not be blank.'],
      [{ name: 'n'.repeat(401) }, 'name', 'max_length', 'Ensure this field has no more than 400 characters.'],
      [{ name: 'list', filters: ['open'] }, 'filters', 'not_a_dict', 'Expected a dictionary of items but got type "list".'],
      [{ name: 'big', filters: { tags: Array.from({ length: 1000 }, (_, i) => `tag-${i}`) } }, 'filters', 'invalid', 'Filters payload is too large.'],
    ];
    for (const [body, attr, code, detail] of cases) {
      const answer = await server.json('POST', VIEWS, { body });
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 60));
      assert.deepEqual(answer.body, { type: 'validation_error', code, detail, attr });
    }
    assert.equal((await server.json('POST', VIEWS, { body: { name: 'n'.repeat(400) } })).status, 201);
    // json.dumps adds a space after ':' and ',' and escapes non-ASCII: JSON.stringify's length is not the limit.
    assert.equal(pythonJsonLength({ a: [1, 'é'] }), JSON.stringify({ a: [1, 'é'] }).length + 2 + 5);
  });
});

test('customer profile configs: list the seeded person panel, create, retrieve, PATCH; validation; no DELETE', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const CONFIGS = '/api/environments/1/customer_profile_configs/';
  const seeded = await server.json('GET', CONFIGS);
  assert.equal(seeded.body.count, 1);
  const person = seeded.body.results[0];
  assert.equal(person.scope, 'person');
  assert.ok(Array.isArray(person.sidebar) && person.sidebar.some((/** @type {any} */ node) => node.type === 'ph-person'));
  assert.deepEqual(Object.keys(person).sort(), ['content', 'created_at', 'id', 'scope', 'sidebar', 'updated_at']);

  const created = await server.json('POST', `${PROJECT}/customer_profile_configs/`, { body: { scope: 'group_0', content: null } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.content, {});
  assert.deepEqual(created.body.sidebar, {});
  const patched = await server.json('PATCH', `${CONFIGS}${created.body.id}/`, { body: { sidebar: [{ type: 'ph-group', attrs: { title: 'Company' } }] } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.scope, 'group_0');
  assert.deepEqual(patched.body.sidebar, [{ type: 'ph-group', attrs: { title: 'Company' } }]);
  assert.deepEqual((await server.json('GET', `${CONFIGS}${created.body.id}/`)).body, patched.body);

  assert.deepEqual((await server.json('POST', CONFIGS, { body: { content: {} } })).body, { type: 'validation_error', code: 'required', detail: 'This field is required.', attr: 'scope' });
  assert.deepEqual((await server.json('POST', CONFIGS, { body: { scope: 'account' } })).body, { type: 'validation_error', code: 'invalid_choice', detail: '"account" is not a valid choice.', attr: 'scope' });
  assert.deepEqual((await server.json('PATCH', `${CONFIGS}${created.body.id}/`, { body: { content: 'text' } })).body, { type: 'validation_error', code: 'invalid', detail: "Invalid value for field 'content'", attr: 'content' });
  assert.equal((await server.request('DELETE', `${CONFIGS}${created.body.id}/`)).status, 405);
  assert.equal((await server.json('GET', `${CONFIGS}00000000-0000-4000-8000-000000000000/`)).status, 404);
});

test('inbox state survives a restart; seeding is deterministic from the seed', async (t) => {
  const server = await startTestServer({ seed: 7 });
  const twin = await startTestServer({ seed: 7 });
  t.after(async () => {
    await server.close();
    await twin.close();
  });
  const strip = (/** @type {any[]} */ list) => list.map((x) => ({ ...x, created_at: null, updated_at: null, last_message_at: null, sla_due_at: null, snoozed_until: null, person: x.person && { ...x.person, created_at: null, properties: { ...x.person.properties, signed_up_at: null } } }));
  const mine = await allTickets(server, 'order_by=ticket_number');
  assert.deepEqual(strip(mine), strip(await allTickets(twin, 'order_by=ticket_number')));

  await server.json('PATCH', `${TICKETS}2/`, { body: { status: 'resolved', tags: ['restart-proof'] } });
  const view = await server.json('POST', `${PROJECT}/conversations/views/`, { body: { name: 'Survives', filters: {} } });
  await server.restart();
  const ticket = (await server.json('GET', `${TICKETS}2/`)).body;
  assert.equal(ticket.status, 'resolved');
  assert.deepEqual(ticket.tags, ['restart-proof']);
  assert.equal((await server.json('GET', `${PROJECT}/conversations/views/${view.body.short_id}/`)).status, 200);
  assert.equal((await allTickets(server)).length, 360, 'a restart does not seed again');
});
