import { expect } from '@open-wc/testing';
import { applyPatchOperation, JsonPatchError, parsePointer, type JsonValue, type PatchOperation } from '../../src/api/stream/json-patch.js';

function apply(document: JsonValue, ...operations: PatchOperation[]): JsonValue {
  return operations.reduce(applyPatchOperation, document);
}

function expectFailure(document: JsonValue, operation: PatchOperation) {
  const before = JSON.stringify(document);
  expect(() => applyPatchOperation(document, operation)).to.throw(JsonPatchError);
  expect(JSON.stringify(document), 'a failed operation leaves the document as it was').to.equal(before);
}

describe('json-patch', () => {
  it('parses pointers with escapes', () => {
    expect(parsePointer('')).to.deep.equal([]);
    expect(parsePointer('/a/b~1c/~0d/0')).to.deep.equal(['a', 'b/c', '~d', '0']);
  });

  it('builds a message from {} the way the agents server streams it', () => {
    const message = apply(
      {},
      { op: 'add', path: '/message_id', value: 'm1' },
      { op: 'add', path: '/content', value: [] },
      { op: 'add', path: '/content/-', value: { kind: 'text', text: '' } },
      { op: 'concat_string', path: '/content/0/text', value: 'Hel' },
      { op: 'concat_string', path: '/content/0/text', value: 'lo' },
      { op: 'inc', path: '/tokens', value: 2 },
      { op: 'inc', path: '/tokens', value: 3 },
    );
    expect(message).to.deep.equal({ message_id: 'm1', content: [{ kind: 'text', text: 'Hello' }], tokens: 5 });
  });

  it('add inserts into arrays and replaces the root on an empty path', () => {
    expect(apply({ a: [1, 3] }, { op: 'add', path: '/a/1', value: 2 })).to.deep.equal({ a: [1, 2, 3] });
    expect(apply({ a: 1 }, { op: 'add', path: '', value: { b: 2 } })).to.deep.equal({ b: 2 });
  });

  it('remove, replace, move, copy, test', () => {
    expect(apply({ a: 1, b: 2 }, { op: 'remove', path: '/a' })).to.deep.equal({ b: 2 });
    expect(apply({ a: [1, 2, 3] }, { op: 'remove', path: '/a/1' })).to.deep.equal({ a: [1, 3] });
    expect(apply({ a: 1 }, { op: 'replace', path: '/a', value: 'x' })).to.deep.equal({ a: 'x' });
    expect(apply({ a: { x: 1 }, b: {} }, { op: 'move', from: '/a/x', path: '/b/y' })).to.deep.equal({ a: {}, b: { y: 1 } });
    expect(apply({ a: [1, 2, 3] }, { op: 'move', from: '/a/0', path: '/a/-' })).to.deep.equal({ a: [2, 3, 1] });
    const copied = apply({ a: { x: [1] } }, { op: 'copy', from: '/a', path: '/b' }) as { a: { x: number[] }; b: { x: number[] } };
    expect(copied.b).to.deep.equal({ x: [1] });
    expect(copied.b).not.to.equal(copied.a);
    expect(apply({ a: { x: [1] } }, { op: 'test', path: '/a', value: { x: [1] } })).to.deep.equal({ a: { x: [1] } });
  });

  it('does not share the value object with the caller', () => {
    const value = { kind: 'text', text: '' };
    const document = apply({ content: [] }, { op: 'add', path: '/content/-', value }) as { content: Array<{ text: string }> };
    value.text = 'changed';
    expect(document.content[0]!.text).to.equal('');
  });

  it('concat_string creates a missing string and inc a missing number', () => {
    expect(apply({ content: [{}] }, { op: 'concat_string', path: '/content/0/text', value: 'a' })).to.deep.equal({ content: [{ text: 'a' }] });
    expect(apply({}, { op: 'inc', path: '/n', value: 1 })).to.deep.equal({ n: 1 });
  });

  it('rejects operations that cannot apply, changing nothing', () => {
    expectFailure({ a: 1 }, { op: 'replace', path: '/missing', value: 1 });
    expectFailure({ a: 1 }, { op: 'remove', path: '/missing' });
    expectFailure({ a: [1] }, { op: 'add', path: '/a/5', value: 1 });
    expectFailure({ a: 1 }, { op: 'add', path: '/x/y', value: 1 });
    expectFailure({ a: 1 }, { op: 'test', path: '/a', value: 2 });
    expectFailure({ a: 1 }, { op: 'concat_string', path: '/a', value: 'x' });
    expectFailure({ a: 'x' }, { op: 'inc', path: '/a', value: 1 });
    expectFailure({ a: { b: 1 } }, { op: 'move', from: '/a', path: '/a/b/c' });
    expectFailure({ a: 1 }, { op: 'move', from: '/a', path: '/nope/x' });
    expectFailure({ a: 1 }, { op: 'add', path: 'a', value: 1 });
    expectFailure({ a: 1 }, { op: 'frobnicate', path: '/a', value: 1 });
    expectFailure({ a: 1 }, { op: 'add', path: '/b' });
    expectFailure({ a: [1] }, { op: 'replace', path: '/a/01', value: 1 });
  });
});
