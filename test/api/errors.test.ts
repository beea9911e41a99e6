import { expect } from '@open-wc/testing';
import { createApiError, isConvoError, parseRetryAfter, ConvoApiError, ConvoNetworkError } from '../../src/api/errors.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function apiError(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return createApiError(status, '', new Headers(headers), body, NOW);
}

describe('createApiError', () => {
  it('reads PostHog {type, code, detail, attr}', () => {
    const error = apiError(400, JSON.stringify({ type: 'validation_error', code: 'max_length', detail: 'Too long', attr: 'content' }));
    expect(error).to.be.instanceOf(ConvoApiError);
    expect(error.kind).to.equal('api');
    expect(error.status).to.equal(400);
    expect(error.code).to.equal('max_length');
    expect(error.message).to.equal('Too long');
    expect(error.field).to.equal('content');
    expect(error.errorType).to.equal('validation_error');
  });

  it('keeps nested attribute names as the server joined them', () => {
    const error = apiError(400, JSON.stringify({ type: 'validation_error', code: 'invalid', detail: 'Bad', attr: 'filters__status' }));
    expect(error.field).to.equal('filters__status');
  });

  it('reads a plain {"error": "prose"}', () => {
    const error = apiError(404, JSON.stringify({ error: 'Conversation not found' }));
    expect(error.code).to.equal('not_found');
    expect(error.message).to.equal('Conversation not found');
  });

  it('reads {"error": "code", "detail"} as code and message', () => {
    const error = apiError(409, JSON.stringify({ error: 'queue_full', detail: 'At most 2 queued messages' }));
    expect(error.code).to.equal('queue_full');
    expect(error.message).to.equal('At most 2 queued messages');
  });

  it('reads a bare {"detail"}', () => {
    const error = apiError(401, JSON.stringify({ detail: 'Authentication credentials were not provided.' }));
    expect(error.code).to.equal('unauthorized');
    expect(error.message).to.equal('Authentication credentials were not provided.');
  });

  it('reads {error_type, detail}', () => {
    const error = apiError(403, JSON.stringify({ detail: 'AI is not enabled', error_type: 'ai_disabled' }));
    expect(error.code).to.equal('ai_disabled');
    expect(error.errorType).to.equal('ai_disabled');
    expect(error.message).to.equal('AI is not enabled');
  });

  it('reads the agents {"error": {error_id, code, message}}', () => {
    const error = apiError(409, JSON.stringify({ error: { error_id: 'e-1', code: 'conflict', message: 'Busy' } }));
    expect(error.code).to.equal('conflict');
    expect(error.message).to.equal('Busy');
    expect(error.errorId).to.equal('e-1');
  });

  it('reads DRF field errors', () => {
    const error = apiError(400, JSON.stringify({ name: ['This field is required.'] }));
    expect(error.field).to.equal('name');
    expect(error.message).to.equal('This field is required.');
  });

  it('keeps a non-JSON body as text and derives the code from the status', () => {
    const error = apiError(502, 'upstream connect error', { 'content-type': 'text/plain' });
    expect(error.code).to.equal('bad_gateway');
    expect(error.message).to.equal('upstream connect error');
    expect(error.body).to.equal('upstream connect error');
  });

  it('does not show an HTML error page as the message', () => {
    const error = createApiError(503, 'Service Unavailable', new Headers({ 'content-type': 'text/html' }), '<html><body>down</body></html>', NOW);
    expect(error.message).to.equal('Service Unavailable');
  });

  it('survives a body that claims JSON but is not', () => {
    const error = apiError(500, '{"broken');
    expect(error.code).to.equal('internal_error');
    expect(error.body).to.equal('{"broken');
  });

  it('reads Retry-After seconds and the throttled code', () => {
    const error = createApiError(429, '', new Headers({ 'content-type': 'application/json', 'retry-after': '7' }), JSON.stringify({ type: 'throttled_error', code: 'throttled', detail: 'Slow down' }), NOW);
    expect(error.code).to.equal('throttled');
    expect(error.retryAfterMs).to.equal(7000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('3', NOW)).to.equal(3000);
    expect(parseRetryAfter('0.5', NOW)).to.equal(500);
    expect(parseRetryAfter(new Date(NOW + 10_000).toUTCString(), NOW)).to.equal(10_000);
    expect(parseRetryAfter(new Date(NOW - 10_000).toUTCString(), NOW)).to.equal(0);
    expect(parseRetryAfter('soon', NOW)).to.equal(undefined);
    expect(parseRetryAfter(null, NOW)).to.equal(undefined);
    expect(parseRetryAfter('', NOW)).to.equal(undefined);
  });
});

describe('isConvoError', () => {
  it('recognises client errors, also from another copy of the package', () => {
    expect(isConvoError(new ConvoNetworkError('x'))).to.equal(true);
    const foreign = Object.assign(new Error('x'), { kind: 'network' });
    expect(isConvoError(foreign)).to.equal(true);
    expect(isConvoError(new Error('x'))).to.equal(false);
    expect(isConvoError('x')).to.equal(false);
  });
});
