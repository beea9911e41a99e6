import { expect } from '@open-wc/testing';
import { abandonPressed, forgetPressed, notePressed, takePressed } from '../../src/store/pressed-messages.js';

const PREFIX = 'convo-elements pressed ';
const notesLeft = () => Object.keys(sessionStorage).filter((name) => name.startsWith(PREFIX));

describe('pressed messages (the composer\'s notes until the outbox takes a message)', () => {
  afterEach(() => {
    for (const name of notesLeft()) sessionStorage.removeItem(name);
  });

  it('never gives back a note this page is still sending, and forgets it once the outbox took it', () => {
    const note = notePressed('conversation-1', 'hello');
    expect(notesLeft()).to.have.length(1);
    expect(takePressed('conversation-1')).to.deep.equal([]);
    forgetPressed(note);
    expect(notesLeft()).to.deep.equal([]);
  });

  it('gives back what a page left behind, once, oldest first, for its conversation only', () => {
    // Left by an earlier page of this tab: written there, never forgotten.
    sessionStorage.setItem(`${PREFIX}b`, JSON.stringify({ id: 'b', key: 'conversation-1', content: 'second', pressedAt: 2 }));
    sessionStorage.setItem(`${PREFIX}a`, JSON.stringify({ id: 'a', key: 'conversation-1', content: 'first', pressedAt: 1 }));
    sessionStorage.setItem(`${PREFIX}c`, JSON.stringify({ id: 'c', key: 'new', content: 'elsewhere', pressedAt: 0 }));
    expect(takePressed('conversation-1')).to.deep.equal(['first', 'second']);
    expect(takePressed('conversation-1')).to.deep.equal([]);
    expect(takePressed('new')).to.deep.equal(['elsewhere']);
  });

  it('gives back a note whose element went away before the outbox took it', () => {
    const note = notePressed('new', 'typed, then the element was removed');
    abandonPressed(note);
    expect(takePressed('new')).to.deep.equal(['typed, then the element was removed']);
  });

  it('leaves damaged notes and other keys alone', () => {
    sessionStorage.setItem(`${PREFIX}broken`, '{not json');
    sessionStorage.setItem(`${PREFIX}shape`, JSON.stringify({ id: 'shape', key: 'new' }));
    sessionStorage.setItem('someone else', 'value');
    expect(takePressed('new')).to.deep.equal([]);
    expect(sessionStorage.getItem('someone else')).to.equal('value');
    expect(notesLeft()).to.have.length(2);
    sessionStorage.removeItem('someone else');
  });

  it('works without storage: a storage that refuses every write loses nothing of the send itself', () => {
    const refusing = {
      get length() {
        return 0;
      },
      key: () => null,
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      clear: () => undefined,
    } satisfies Storage;
    const note = notePressed('new', 'text', refusing);
    expect(note.content).to.equal('text');
    expect(() => forgetPressed(note, refusing)).not.to.throw();
    expect(takePressed('new', refusing)).to.deep.equal([]);
  });
});
