import { expect } from '@open-wc/testing';
import { HttpTransport, type Clock } from '../../src/api/http.js';
import type { ConvoApiError, ConvoError } from '../../src/api/errors.js';

interface Call {
  url: string;
  method: string;
  headers: Headers;
}

/** A fetch that answers from a script, one entry per call: a Response, an Error to throw, or 'hang'. */
function scriptedFetch(script: Array<Response | Error | 'hang'>, calls: Call[]): typeof fetch {
  return (input, init) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers) });
    const step = script.shift();
    if (step === undefined) throw new Error('unexpected request');
    if (step === 'hang') {
      return new Promise((_resolve, reject) => {
        const abort = () => reject(new DOMException('aborted', 'AbortError'));
        if (init?.signal?.aborted) abort();
        init?.signal?.addEventListener('abort', abort);
      });
    }
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function instantClock(sleeps: number[]): Clock {
  return { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
}

async function failure(promise: Promise<unknown>): Promise<ConvoError> {
  try {
    await promise;
  } catch (error) {
    return error as ConvoError;
  }
  throw new Error('expected a failure');
}

describe('HttpTransport', () => {
  it('authorizes every attempt with a fresh token and retries reads on 503', async () => {
    const calls: Call[] = [];
    const sleeps: number[] = [];
    let tokens = 0;
    const transport = new HttpTransport({
      baseUrl: 'https://app.example/api-base',
      getToken: () => `token-${++tokens}`,
      fetch: scriptedFetch([json(503, { detail: 'busy' }), json(200, { ok: true })], calls),
      clock: instantClock(sleeps),
      random: () => 0.5,
    });
    expect(await transport.json({ method: 'GET', path: 'things/', query: { limit: 2, skip: undefined } })).to.deep.equal({ ok: true });
    expect(calls.map((call) => call.url)).to.deep.equal(['https://app.example/api-base/things/?limit=2', 'https://app.example/api-base/things/?limit=2']);
    expect(calls.map((call) => call.headers.get('authorization'))).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
    expect(sleeps).to.deep.equal([150]);
  });

  it('never replays a write without an idempotency key, and replays one with its key', async () => {
    const calls: Call[] = [];
    const bare = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([new TypeError('Failed to fetch')], calls), clock: instantClock([]) });
    expect((await failure(bare.json({ method: 'POST', path: 'a/', json: {} }))).kind).to.equal('network');
    expect(calls).to.have.length(1);

    const keyed: Call[] = [];
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([new TypeError('Failed to fetch'), json(201, { id: 1 })], keyed), clock: instantClock([]) });
    expect(await transport.json({ method: 'POST', path: 'a/', json: {}, idempotencyKey: 'k-1' })).to.deep.equal({ id: 1 });
    expect(keyed.map((call) => call.headers.get('idempotency-key'))).to.deep.equal(['k-1', 'k-1']);
  });

  it('does not replay a create after an ambiguous failure, but does after a 503', async () => {
    const calls: Call[] = [];
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([new TypeError('Failed to fetch')], calls), clock: instantClock([]) });
    expect((await failure(transport.json({ method: 'POST', path: 'a/', json: {}, idempotencyKey: 'k', creates: true }))).kind).to.equal('network');
    expect(calls).to.have.length(1);
    const again: Call[] = [];
    const unavailable = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([json(503, {}), json(201, { id: 2 })], again), clock: instantClock([]) });
    expect(await unavailable.json({ method: 'POST', path: 'a/', json: {}, idempotencyKey: 'k', creates: true })).to.deep.equal({ id: 2 });
  });

  it('tries once more after a 401 when getToken can refresh the token', async () => {
    const calls: Call[] = [];
    let tokens = 0;
    const transport = new HttpTransport({
      baseUrl: 'https://x',
      getToken: () => `t${++tokens}`,
      fetch: scriptedFetch([json(401, { detail: 'expired' }), json(200, { ok: 1 }), json(401, {}), json(401, { detail: 'still no' })], calls),
      clock: instantClock([]),
    });
    expect(await transport.json({ method: 'POST', path: 'a/', json: {} })).to.deep.equal({ ok: 1 });
    const error = (await failure(transport.json({ method: 'GET', path: 'a/' }))) as ConvoApiError;
    expect(error.status).to.equal(401);
    expect(calls.map((call) => call.headers.get('authorization'))).to.deep.equal(['Bearer t1', 'Bearer t2', 'Bearer t3', 'Bearer t4']);
  });

  it('a DELETE whose first attempt may have gone through and whose retry finds nothing has succeeded', async () => {
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([new TypeError('reset'), json(404, { detail: 'Not found.' })], []), clock: instantClock([]) });
    await transport.discard({ method: 'DELETE', path: 'a/1/', idempotencyKey: 'k' });
    const plain = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([json(404, { detail: 'Not found.' })], []) });
    expect(((await failure(plain.discard({ method: 'DELETE', path: 'a/1/', idempotencyKey: 'k' }))) as ConvoApiError).status).to.equal(404);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const calls: Call[] = [];
    const transport = new HttpTransport({
      baseUrl: 'https://x',
      fetch: scriptedFetch([json(502, {}), json(502, {}), json(504, { error: 'gateway' })], calls),
      retry: { maxAttempts: 3 },
      clock: instantClock([]),
    });
    const error = (await failure(transport.json({ method: 'GET', path: 'a/' }))) as ConvoApiError;
    expect(error.status).to.equal(504);
    expect(calls).to.have.length(3);
  });

  it('times out each attempt', async () => {
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch(['hang'], []), timeoutMs: 30, retry: false });
    const error = await failure(transport.json({ method: 'GET', path: 'a/' }));
    expect(error.kind).to.equal('timeout');
  });

  it('aborts with ConvoAbortError, also while waiting to retry', async () => {
    const controller = new AbortController();
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch(['hang'], []) });
    const pending = transport.json({ method: 'GET', path: 'a/', signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).kind).to.equal('abort');

    const waiting = new AbortController();
    const retrying = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([json(503, {}, { 'retry-after': '30' })], []) });
    const slow = retrying.json({ method: 'GET', path: 'a/', signal: waiting.signal });
    setTimeout(() => waiting.abort(), 20);
    expect((await failure(slow)).kind).to.equal('abort');
  });

  it('follows next links only on the configured origin', () => {
    const transport = new HttpTransport({ baseUrl: 'https://app.example' });
    expect(transport.url('http://internal:8000/api/projects/1/x/?offset=100&limit=100').href).to.equal('https://app.example/api/projects/1/x/?offset=100&limit=100');
    expect(transport.url('https://evil.example/steal?token=1').origin).to.equal('https://app.example');
  });

  it('turns a 2xx body that is not JSON into a protocol error', async () => {
    const transport = new HttpTransport({ baseUrl: 'https://x', fetch: scriptedFetch([new Response('<html>', { status: 200 })], []) });
    const error = await failure(transport.json({ method: 'GET', path: 'a/' }));
    expect(error.kind).to.equal('protocol');
  });
});
