// What the reference-server tests share: a server on a free port with its own temporary data directory,
// authenticated requests, and readers for raw event streams (the tests parse the wire text themselves rather
// than trust a client library, since the framing is what they check).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer } from '../../demo/server/index.mjs';

export const AGENTS = '/tenants/demo/api/v2/agents/demo-agent';
export const PROJECT = '/api/projects/1';

/**
 * @param {Parameters<typeof startServer>[0]} [options]
 * @returns {Promise<TestServer>}
 */
export async function startTestServer(options = {}) {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'convo-server-test-'));
  const server = await startServer({ port: 0, rate: 0, ...options, dataDir });
  return new TestServer(server, dataDir, options);
}

export class TestServer {
  /**
   * @param {Awaited<ReturnType<typeof startServer>>} server
   * @param {string} dataDir
   * @param {Parameters<typeof startServer>[0]} options
   */
  constructor(server, dataDir, options) {
    this.server = server;
    this.dataDir = dataDir;
    this.options = options;
  }

  get url() {
    return this.server.url;
  }

  /**
   * @param {string} method
   * @param {string} pathAndQuery
   * @param {{body?: unknown, headers?: Record<string, string>, token?: string | null, signal?: AbortSignal}} [init]
   */
  request(method, pathAndQuery, { body, headers = {}, token = this.server.token, signal } = {}) {
    /** @type {Record<string, string>} */
    const allHeaders = { ...headers };
    if (token !== null) allHeaders.Authorization = `Bearer ${token}`;
    if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
    return fetch(this.url + pathAndQuery, { method, headers: allHeaders, body: body === undefined ? undefined : JSON.stringify(body), signal });
  }

  /** @param {string} method @param {string} pathAndQuery @param {Parameters<TestServer['request']>[2]} [init] */
  async json(method, pathAndQuery, init) {
    const response = await this.request(method, pathAndQuery, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** Same data directory, new process state: what a restart does. */
  async restart() {
    await this.server.close();
    this.server = await startServer({ port: 0, rate: 0, ...this.options, dataDir: this.dataDir });
  }

  async close() {
    await this.server.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A PostHog create (the stream) body for a new message. @param {string} conversation @param {string | null} content */
export function createBody(conversation, content, extra = {}) {
  return { content, conversation, trace_id: randomUUID(), ...extra };
}

/**
 * Reads a stream's raw body until it ends (or `stopWhen` says enough, which then aborts the request).
 * @param {Response} response
 * @param {{controller?: AbortController, stopWhen?: (text: string) => boolean}} [options]
 */
export async function readRaw(response, { controller, stopWhen } = {}) {
  const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (stopWhen?.(text)) {
        controller?.abort();
        break;
      }
    }
  } catch (error) {
    if (/** @type {Error} */ (error).name !== 'AbortError') throw error;
  }
  return text + decoder.decode();
}

/**
 * Splits raw event-stream text into frames, checking the framing on the way: every frame is either a comment
 * or exactly `event: NAME` + one `data: JSON` line, with the dialect's line ending and no other fields.
 * @param {string} raw
 * @param {'\n' | '\r\n'} newline
 * @returns {{comments: string[], events: {event: string, data: any}[]}}
 */
export function parseFrames(raw, newline) {
  const comments = [];
  const events = [];
  const separator = newline + newline;
  if (newline === '\n' && raw.includes('\r')) throw new Error('a PostHog stream must not contain CR');
  if (newline === '\r\n' && /(^|[^\r])\n/.test(raw)) throw new Error('an agents stream must end every line in CRLF');
  const frames = raw.split(separator);
  const trailing = frames.pop();
  if (trailing !== '') throw new Error(`the stream ended inside a frame: ${JSON.stringify(trailing?.slice(0, 80))}`);
  for (const frame of frames) {
    const lines = frame.split(newline);
    if (lines.every((line) => line.startsWith(':'))) {
      comments.push(...lines.map((line) => line.slice(1).trim()));
      continue;
    }
    if (lines.length !== 2 || !lines[0].startsWith('event: ') || !lines[1].startsWith('data: ')) {
      throw new Error(`unexpected frame: ${JSON.stringify(frame.slice(0, 120))}`);
    }
    events.push({ event: lines[0].slice('event: '.length), data: JSON.parse(lines[1].slice('data: '.length)) });
  }
  return { comments, events };
}
