import { expect } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import type { ConvoApiError } from '../../src/api/errors.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { rejection } from './contract-helpers.js';

describe('contract: PostHog support inbox', () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    server = await startReferenceServer();
    client = createClient({ dialect: 'posthog', baseUrl: server.url, token: server.token, projectId: 1 });
  });
  after(() => server.stop());

  it('pages tickets with filters, following absolute next links', async () => {
    const first = await client.tickets.list({ status: ['open', 'new'], orderBy: '-created_at' }, { limit: 7 });
    expect(first.items).to.have.length(7);
    expect(first.items.every((ticket) => ticket.status === 'open' || ticket.status === 'new')).to.equal(true);
    expect(first.total).to.be.greaterThan(7);
    expect(first.next).to.match(/^http/);
    const second = await client.tickets.list({}, { cursor: first.next });
    expect(second.items.map((ticket) => ticket.id)).not.to.include.members(first.items.map((ticket) => ticket.id));
    expect(second.items.every((ticket) => ticket.status === 'open' || ticket.status === 'new')).to.equal(true);

    let count = 0;
    for await (const ticket of client.tickets.listAll({ status: ['open', 'new'] }, { pageSize: 50 })) {
      expect(['open', 'new']).to.include(ticket.status);
      count += 1;
    }
    expect(count).to.equal(first.total);
  });

  it('reads a ticket by number (marking it read), updates, creates and deletes tickets', async () => {
    const [unread] = (await client.tickets.list({}, { limit: 200 })).items.filter((ticket) => ticket.unread_team_count > 0);
    if (!unread) throw new Error('no unread ticket seeded');
    const read = await client.tickets.get(unread.ticket_number);
    expect(read.id).to.equal(unread.id);
    expect(read.unread_team_count).to.equal(0);
    expect(await client.tickets.unreadCount()).to.be.a('number');

    const updated = await client.tickets.update(read.id, { priority: 'high', tags: ['vip'] });
    expect(updated.priority).to.equal('high');
    expect(updated.tags).to.deep.equal(['vip']);

    const invalid = (await rejection(client.tickets.update(read.id, { status: 'closed' as 'open' }))) as ConvoApiError;
    expect(invalid.status).to.equal(400);
    expect(invalid.field).to.equal('status');
    expect(invalid.code).to.equal('invalid_choice');

    const created = await client.tickets.create({ status: 'new', priority: 'low' });
    expect(created.ticket_number).to.be.greaterThan(0);
    await client.tickets.delete(created.id);
    expect(((await rejection(client.tickets.get(created.id))) as ConvoApiError).status).to.equal(404);
  });

  it('ticket messages are comments: private notes and replies, newest first', async () => {
    const ticket = await client.tickets.create({ status: 'open' });
    const noMessages = (await rejection(client.tickets.suggestReply(ticket.id))) as ConvoApiError;
    expect(noMessages.status).to.equal(400);
    expect(noMessages.message).to.equal('No messages in this ticket');

    const question = await client.comments.create(ticket.id, { content: 'My export is stuck', authorType: 'customer' });
    const note = await client.comments.create(ticket.id, { content: 'Check the batch job', isPrivate: true });
    expect(question.scope).to.equal('conversations_ticket');
    expect(note.item_context?.is_private).to.equal(true);
    const page = await client.comments.list(ticket.id);
    expect(page.items.map((comment) => comment.id)).to.deep.equal([note.id, question.id]);
    const all: string[] = [];
    for await (const comment of client.comments.listAll(ticket.id, { pageSize: 1 })) all.push(comment.id);
    expect(all).to.deep.equal([note.id, question.id]);

    expect(await client.tickets.suggestReply(ticket.id)).to.be.a('string').and.not.equal('');
  });

  it('saved views: create, list, read by short id, delete; 400 naming the field', async () => {
    const view = await client.views.create({ name: 'Urgent unassigned', filters: { priority: ['high'], assignee: 'unassigned' } });
    expect(view.short_id).to.have.length(12);
    expect((await client.views.get(view.short_id)).filters).to.deep.equal({ priority: ['high'], assignee: 'unassigned' });
    const names: string[] = [];
    for await (const saved of client.views.listAll()) names.push(saved.name);
    expect(names).to.include('Urgent unassigned');
    await client.views.delete(view.short_id);
    expect(((await rejection(client.views.get(view.short_id))) as ConvoApiError).status).to.equal(404);

    const tooLong = (await rejection(client.views.create({ name: 'x'.repeat(401), filters: {} }))) as ConvoApiError;
    expect(tooLong.status).to.equal(400);
    expect(tooLong.field).to.equal('name');
  });

  it('customer profile configs: list, create, read, update', async () => {
    const existing = await client.profileConfigs.list();
    expect(existing.items.length).to.be.greaterThan(0);
    const created = await client.profileConfigs.create({ scope: 'group_0', content: { blocks: [] }, sidebar: { blocks: [] } });
    expect((await client.profileConfigs.get(created.id)).scope).to.equal('group_0');
    const updated = await client.profileConfigs.update(created.id, { sidebar: { blocks: ['email'] } });
    expect(updated.sidebar).to.deep.equal({ blocks: ['email'] });
    const invalid = (await rejection(client.profileConfigs.create({ scope: 'planet' }))) as ConvoApiError;
    expect(invalid.field).to.equal('scope');
  });
});
