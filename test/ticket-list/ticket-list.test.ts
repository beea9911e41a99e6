import { expect, waitUntil } from '@open-wc/testing';
import type { ConvoClient } from '../../src/api/client.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { clientFor, inbox, loadedRows, part, parts, text } from './ticket-list-fixture.js';

describe('<ticket-list> queue', () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    server = await startReferenceServer();
    client = clientFor(server);
  });
  after(() => server.stop());

  it('shows the server’s count and only the rows in view', async () => {
    const element = await inbox(client);
    const page = await client.tickets.list({}, { limit: 1 });
    expect(element.total).to.equal(page.total);
    expect(text(part(element, 'count'))).to.equal(`${page.total} tickets`);
    const rows = parts(element, 'row');
    expect(rows.length).to.be.greaterThan(5).and.lessThan(30);
    expect(rows[0]!.getAttribute('aria-setsize')).to.equal(String(page.total));
    expect(rows[0]!.getAttribute('aria-posinset')).to.equal('1');
    const first = page.items[0]!;
    expect(text(part(rows[0]!, 'number'))).to.equal(`#${first.ticket_number}`);
    await expect(element).to.be.accessible();
  });
});
