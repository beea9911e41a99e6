import { expect } from '@open-wc/testing';
import { ConvoProtocolError } from '../../src/api/errors.js';
import { iterateAll, pageFromAgents, pageFromPosthog, type Page } from '../../src/api/paging.js';

describe('paging', () => {
  it('maps PostHog pages', () => {
    const page = pageFromPosthog({ count: 3, next: 'http://x/api?offset=2', previous: null, results: [1, 2] }, (n: number) => n * 10);
    expect(page).to.deep.equal({ items: [10, 20], total: 3, next: 'http://x/api?offset=2' });
    expect(pageFromPosthog({ next: null, results: [] }, (n: number) => n).next).to.equal(null);
  });

  it('maps agents pages and trusts has_more', () => {
    expect(pageFromAgents({ data: ['a'], next: 't1', has_more: true }, (s: string) => s)).to.deep.equal({ items: ['a'], next: 't1' });
    expect(pageFromAgents({ data: ['a'], next: 't1', has_more: false }, (s: string) => s).next).to.equal(null);
    expect(pageFromAgents({ data: [], next: '' }, (s: string) => s).next).to.equal(null);
  });

  it('answers a body that is not a list page with a typed protocol error naming the missing list', () => {
    // A proxy or a misrouted server answering 200 with a single object instead of a page.
    const conversation = { id: 'c1', name: 'Weekly report', agent_id: 'a1' };
    const fromAgents = (): unknown => pageFromAgents(conversation as never, (s: string) => s);
    const fromPosthog = (): unknown => pageFromPosthog(null as never, (n: number) => n);
    expect(fromAgents).to.throw(ConvoProtocolError, 'Expected a list page with "data" from the server');
    expect(fromPosthog).to.throw(ConvoProtocolError, '"results"');
    try {
      fromAgents();
    } catch (error) {
      expect((error as ConvoProtocolError).code).to.equal('malformed_page');
      expect((error as ConvoProtocolError).raw).to.contain('Weekly report');
    }
  });

  it('walks every page lazily, in order', async () => {
    const pages: Record<string, Page<number>> = {
      start: { items: [1, 2], next: 'b' },
      b: { items: [3], next: 'c' },
      c: { items: [4, 5], next: null },
    };
    const requested: Array<string | null> = [];
    const all = iterateAll(async (cursor) => {
      requested.push(cursor);
      return pages[cursor ?? 'start']!;
    });
    const first = await all.next();
    expect(first.value).to.equal(1);
    expect(requested).to.deep.equal([null]);
    const rest: number[] = [];
    for await (const item of all) rest.push(item);
    expect(rest).to.deep.equal([2, 3, 4, 5]);
    expect(requested).to.deep.equal([null, 'b', 'c']);
  });

  it('stops when a server repeats a cursor', async () => {
    const items: number[] = [];
    for await (const item of iterateAll(async () => ({ items: [1], next: 'same' }))) items.push(item);
    expect(items).to.deep.equal([1, 1]);
  });
});
