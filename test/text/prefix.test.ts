import { expect } from '@open-wc/testing';
import { commonPrefixLength, hasPrefix } from '../../src/text/prefix.js';

describe('text prefixes', () => {
  it('hasPrefix: empty, equal, longer and shorter prefixes, and a difference anywhere', () => {
    expect(hasPrefix('', '')).to.equal(true);
    expect(hasPrefix('abc', '')).to.equal(true);
    expect(hasPrefix('abc', 'abc')).to.equal(true);
    expect(hasPrefix('abc', 'abcd')).to.equal(false);
    const text = 'é'.repeat(3000);
    expect(hasPrefix(`${text}!`, text)).to.equal(true);
    for (const at of [0, 1023, 1024, 2999]) expect(hasPrefix(`${text}!`, `${text.slice(0, at)}e${text.slice(at + 1)}`), `difference at ${at}`).to.equal(false);
  });

  it('commonPrefixLength: the whole shorter text when it is a prefix, else the first difference', () => {
    const text = 'a'.repeat(2500);
    for (const at of [0, 1, 1023, 1024, 1025, 2047, 2048, 2499]) {
      expect(commonPrefixLength(text, `${text.slice(0, at)}b${text.slice(at + 1)}`), `difference at ${at}`).to.equal(at);
    }
    expect(commonPrefixLength(text, text)).to.equal(2500);
    expect(commonPrefixLength(text, text.slice(0, 1024))).to.equal(1024);
    expect(commonPrefixLength('', text)).to.equal(0);
  });
});
