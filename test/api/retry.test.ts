import { expect } from '@open-wc/testing';
import { ConvoAbortError, ConvoApiError, ConvoNetworkError, ConvoTimeoutError, ConvoProtocolError } from '../../src/api/errors.js';
import { decideRetry, replaySafety, resolveRetryPolicy, DEFAULT_RETRY_POLICY } from '../../src/api/retry.js';
import { seededRandom } from '../../demo/server/seeded-random.mjs';


const status = (code: number, retryAfterMs?: number) => new ConvoApiError({ status: code, code: 'x', message: 'x', retryAfterMs, body: null });

describe('retry policy', () => {
  const policy = resolveRetryPolicy();

  it('retries the transient failures of safe requests', () => {
    for (const error of [new ConvoNetworkError('down'), new ConvoTimeoutError(10), status(408), status(429), status(502), status(503), status(504)]) {
      expect(decideRetry(policy, { attempt: 1, error, replay: 'any' }, () => 0.5).retry, error.message).to.equal(true);
    }
  });

  it('never retries what is not transient', () => {
    for (const error of [status(400), status(401), status(404), status(409), status(422), status(500), new ConvoAbortError(), new ConvoProtocolError('malformed_json', 'x', '')]) {
      expect(decideRetry(policy, { attempt: 1, error, replay: 'any' }, () => 0.5).retry).to.equal(false);
    }
  });

  it('never replays an unsafe write', () => {
    expect(decideRetry(policy, { attempt: 1, error: new ConvoNetworkError('down'), replay: 'never' }, () => 0.5).retry).to.equal(false);
  });

  it('replays a create only after answers that prove the server did not act, unless keys are trusted', () => {
    const network = new ConvoNetworkError('down');
    for (const error of [network, new ConvoTimeoutError(5), status(502), status(504)]) {
      expect(decideRetry(policy, { attempt: 1, error, replay: 'unprocessed' }, () => 0).retry, error.message).to.equal(false);
    }
    for (const error of [status(408), status(429), status(503)]) {
      expect(decideRetry(policy, { attempt: 1, error, replay: 'unprocessed' }, () => 0).retry).to.equal(true);
    }
    expect(replaySafety(policy, { method: 'GET' })).to.equal('any');
    expect(replaySafety(policy, { method: 'POST' })).to.equal('never');
    expect(replaySafety(policy, { method: 'PATCH', idempotencyKey: 'k' })).to.equal('any');
    expect(replaySafety(policy, { method: 'POST', idempotencyKey: 'k', creates: true })).to.equal('unprocessed');
    expect(replaySafety(resolveRetryPolicy({ trustIdempotencyKeys: true }), { method: 'POST', idempotencyKey: 'k', creates: true })).to.equal('any');
  });

  it('stops after maxAttempts', () => {
    const three = resolveRetryPolicy({ maxAttempts: 3 });
    expect(decideRetry(three, { attempt: 2, error: status(503), replay: 'any' }, () => 0.5).retry).to.equal(true);
    expect(decideRetry(three, { attempt: 3, error: status(503), replay: 'any' }, () => 0.5).retry).to.equal(false);
    expect(resolveRetryPolicy(false).maxAttempts).to.equal(1);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const custom = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 });
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      for (let sample = 0; sample < 50; sample += 1) {
        const decision = decideRetry(custom, { attempt, error: status(503), replay: 'any' }, random);
        if (!decision.retry) throw new Error('expected a retry');
        expect(decision.delayMs).to.be.within(0, ceiling);
      }
    }
    const top = decideRetry(custom, { attempt: 4, error: status(503), replay: 'any' }, () => 0.999999);
    expect(top.retry && top.delayMs).to.equal(799);
    const bottom = decideRetry(custom, { attempt: 4, error: status(503), replay: 'any' }, () => 0);
    expect(bottom.retry && bottom.delayMs).to.equal(0);
  });

  it('waits exactly Retry-After when the server gives one', () => {
    const decision = decideRetry(policy, { attempt: 1, error: status(429, 2500), replay: 'any' }, () => 0);
    expect(decision).to.deep.equal({ retry: true, delayMs: 2500 });
  });

  it('gives up on a Retry-After above the cap, leaving the wait to the person', () => {
    const capped = resolveRetryPolicy({ maxRetryAfterMs: 5000 });
    expect(decideRetry(capped, { attempt: 1, error: status(429, 6000), replay: 'any' }, () => 0).retry).to.equal(false);
  });

  it('is configurable per status and failure kind', () => {
    const custom = resolveRetryPolicy({ retryStatuses: [500], retryNetworkErrors: false, retryTimeouts: false });
    expect(decideRetry(custom, { attempt: 1, error: status(500), replay: 'any' }, () => 0).retry).to.equal(true);
    expect(decideRetry(custom, { attempt: 1, error: status(503), replay: 'any' }, () => 0).retry).to.equal(false);
    expect(decideRetry(custom, { attempt: 1, error: new ConvoNetworkError('x'), replay: 'any' }, () => 0).retry).to.equal(false);
    expect(decideRetry(custom, { attempt: 1, error: new ConvoTimeoutError(1), replay: 'any' }, () => 0).retry).to.equal(false);
  });

  it('keeps defaults for options left undefined', () => {
    expect(resolveRetryPolicy({ maxAttempts: undefined }).maxAttempts).to.equal(DEFAULT_RETRY_POLICY.maxAttempts);
  });
});
