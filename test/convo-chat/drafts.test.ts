import { expect } from '@open-wc/testing';
import { createDraftStore } from '../../src/store/drafts.js';

let databaseCount = 0;
function freshStore() {
  databaseCount += 1;
  return createDraftStore({ databaseName: `convo-drafts-test-${Date.now()}-${databaseCount}` });
}

describe('draft store', () => {
  it('keeps drafts per conversation in IndexedDB and forgets a cleared one', async () => {
    const name = `convo-drafts-test-${Date.now()}-shared`;
    const writer = createDraftStore({ databaseName: name });
    await writer.save('conversation-a', 'half a thought');
    await writer.save('conversation-b', 'another');
    // A second store over the same database is what a reload sees.
    const afterReload = createDraftStore({ databaseName: name });
    expect(await afterReload.load('conversation-a')).to.equal('half a thought');
    expect(await afterReload.load('conversation-b')).to.equal('another');
    await afterReload.save('conversation-a', '');
    expect(await createDraftStore({ databaseName: name }).load('conversation-a')).to.equal('');
    expect(afterReload.persistent).to.equal(true);
  });

  it('falls back to memory and says so when IndexedDB fails, then recovers', async () => {
    const store = freshStore();
    const changes: boolean[] = [];
    store.onPersistenceChange((persistent) => changes.push(persistent));
    const realOpen = indexedDB.open;
    indexedDB.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      await store.save('conversation-a', 'kept in memory');
      expect(store.persistent).to.equal(false);
      expect(await store.load('conversation-a')).to.equal('kept in memory');
    } finally {
      indexedDB.open = realOpen;
    }
    await store.save('conversation-a', 'stored again');
    expect(store.persistent).to.equal(true);
    expect(changes).to.deep.equal([false, true]);
  });
});
