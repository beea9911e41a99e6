/**
 * The upload machinery behind `client.files.upload`: one request per file with exact progress
 * (XMLHttpRequest in browsers, fetch elsewhere). Loaded on the first upload (see files.ts).
 */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { ConvoNetworkError, createApiError } from './errors.js';
import { parseJsonBody, type AttemptHandle, type PreparedAttempt } from './http.js';
import type { UploadOptions } from './files.js';
import type { AgentsFile } from './wire-agents.js';

type UploadBody = AgentsFile[] | { data: AgentsFile[] } | AgentsFile;

function uploadedFiles(body: UploadBody | undefined): AgentsFile[] {
  if (body === undefined) return [];
  if (Array.isArray(body)) return body;
  return 'data' in body && Array.isArray(body.data) ? body.data : [body as AgentsFile];
}

function headersFromXhr(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

async function sendWithFetch(context: DialectContext, prepared: PreparedAttempt, form: FormData): Promise<UploadBody | undefined> {
  const { transport } = context;
  const response = await transport.fetch(prepared.url, { method: 'POST', headers: prepared.headers, body: form, signal: prepared.signal });
  const text = await response.text();
  if (!response.ok) throw createApiError(response.status, response.statusText, response.headers, text, transport.clock.now());
  return parseJsonBody<UploadBody | undefined>(text, prepared.url.href);
}

function sendWithProgress(
  context: DialectContext,
  prepared: PreparedAttempt,
  form: FormData,
  attempt: AttemptHandle,
  onProgress: (loaded: number, total: number) => void,
): Promise<UploadBody | undefined> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', prepared.url.href);
    for (const [name, value] of Object.entries(prepared.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0));
    const onAbort = () => xhr.abort();
    prepared.signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => prepared.signal.removeEventListener('abort', onAbort);
    xhr.addEventListener('load', () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(parseJsonBody<UploadBody | undefined>(xhr.responseText, prepared.url.href));
        } catch (error) {
          reject(error);
        }
      } else {
        reject(createApiError(xhr.status, xhr.statusText, headersFromXhr(xhr), xhr.responseText, context.transport.clock.now()));
      }
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(new ConvoNetworkError('The upload failed before the server answered'));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(attempt.translate(prepared.signal.reason));
    });
    xhr.send(form);
  });
}

/** Uploads `files` to the conversation one request each, in order (see `FilesResource.upload`). */
export async function uploadFiles(context: DialectContext, conversationId: string, files: readonly Blob[], options: UploadOptions): Promise<AgentsFile[]> {
  const stored: AgentsFile[] = [];
  for (const [index, file] of files.entries()) {
    const report = (loaded: number) => options.onProgress?.(index, loaded, file.size);
    const form = new FormData();
    form.append('files', file, 'name' in file && typeof file.name === 'string' ? file.name : `file-${index + 1}`);
    const spec = {
      method: 'POST' as const,
      path: context.agentPath('conversations', conversationId, 'files'),
      body: form,
      // One key per file: a retried file is not stored twice, and a caller's key stays unique per file.
      idempotencyKey: `${idempotencyKeyFor(options)}:${index}`,
      creates: true,
      signal: options.signal,
    };
    report(0);
    const body = await context.transport.withRetries(spec, async (factory) => {
      // No timeout: a large file on a slow link may rightly take longer than any fixed limit.
      const attempt = factory.start(0);
      try {
        const prepared = await factory.prepare(spec, attempt.signal);
        if (attempt.signal.aborted) throw attempt.signal.reason;
        return typeof XMLHttpRequest === 'function'
          ? await sendWithProgress(context, prepared, form, attempt, (loaded, total) => report(total > 0 ? Math.min(file.size, Math.round((loaded / total) * file.size)) : 0))
          : await sendWithFetch(context, prepared, form);
      } catch (error) {
        throw attempt.translate(error);
      } finally {
        attempt.release();
      }
    });
    report(file.size);
    stored.push(...uploadedFiles(body));
  }
  return stored;
}
