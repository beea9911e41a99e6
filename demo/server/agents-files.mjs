// A conversation's file space in the agents dialect: `GET …/conversations/{cid}/files` lists it, `POST` the
// same path takes multipart/form-data with one `files` part per file, and `GET …/files/download/?file_ref=`
// answers the bytes. A file is addressed by its `file_ref`, its name in the conversation: uploading a file
// under a name that is already there replaces it, so a download by name is never ambiguous.
//
// Bytes live in `<dataDir>/files/<file_id>` (written and fsynced before the store records the file, so a
// listed file always has its bytes); metadata lives in the store. An uploaded CSV that reads as a table gets a
// data-frame name at upload time and appears among the conversation's data frames (data-frames.mjs).

import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { agentsError, agentsPath, notFound } from './http.mjs';
import { requireAgentsConversation } from './agents-conversations.mjs';
import { frameNameForFile, isTabularCsv, takenFrameNames } from './data-frames.mjs';

/** Default cap on one upload request's body; `startServer({maxUploadBytes})` changes it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const FILES_COLLECTION = 'agents-files';

/**
 * @typedef {object} StoredFile
 * @property {string} file_id
 * @property {string} file_ref
 * @property {number} file_size_raw
 * @property {string} mime_type
 * @property {string} created_at
 * @property {string} conversation_id
 * @property {string | null} data_frame_name set for a CSV upload that reads as a table
 */

/** What a content type is when the client sent none (or the generic one), by extension. */
const MIME_BY_EXTENSION = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  parquet: 'application/vnd.apache.parquet',
  zip: 'application/zip',
};

/**
 * A conversation's files in upload order.
 * @param {import('./store.mjs').Store} store @param {string} conversationId
 * @returns {StoredFile[]}
 */
export function conversationFiles(store, conversationId) {
  return store
    .collection(FILES_COLLECTION)
    .values()
    .filter((file) => file.conversation_id === conversationId);
}

/** @param {import('./index.mjs').App} app */
function filesDir(app) {
  return path.join(path.resolve(app.options.dataDir), 'files');
}

/** @param {import('./index.mjs').App} app @param {StoredFile} file */
export function readStoredFile(app, file) {
  return fs.readFileSync(path.join(filesDir(app), file.file_id));
}

/** The wire shape of a file. @param {StoredFile} file */
function fileBody(file) {
  const { file_id, file_ref, file_size_raw, mime_type, created_at } = file;
  return { file_id, file_ref, file_size_raw, mime_type, created_at };
}

/**
 * The name a part was uploaded under, without any directory a browser or tool put in front of it.
 * @param {string} name
 */
function fileRefOf(name) {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' ? 'upload' : base;
}

/** @param {string} fileRef @param {string} declared */
function mimeTypeOf(fileRef, declared) {
  const type = declared.split(';')[0].trim().toLowerCase();
  if (type && type !== 'application/octet-stream') return declared;
  const extension = /** @type {keyof typeof MIME_BY_EXTENSION} */ (fileRef.split('.').pop()?.toLowerCase() ?? '');
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** @param {string} fileRef @param {string} mimeType */
function looksLikeCsv(fileRef, mimeType) {
  return /\.csv$/i.test(fileRef) || /^(?:text\/csv|application\/csv)\b/i.test(mimeType);
}

/** `attachment` with both the plain and the RFC 5987 form of the name, so any client gets it right. @param {string} name */
function contentDisposition(name) {
  const plain = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** @param {import('./index.mjs').App} app */
function maxUploadBytes(app) {
  const configured = app.options.maxUploadBytes;
  return typeof configured === 'number' && configured > 0 ? configured : DEFAULT_MAX_UPLOAD_BYTES;
}

/** @param {number} limit */
function uploadTooLarge(limit) {
  return agentsError(413, 'bad_request', `Upload too large: this server accepts at most ${limit} bytes per upload request.`);
}

/**
 * Reads and discards the rest of a request body, so the client finishes sending and reads the error answer
 * instead of a reset connection.
 * @param {import('node:http').IncomingMessage} req
 */
async function discardBody(req) {
  for await (const chunk of req) void chunk;
}

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerAgentsFiles(router, app) {
  const files = app.store.collection(FILES_COLLECTION);

  router.add('GET', agentsPath('conversations/:cid/files'), async (ctx) => {
    const conversation = requireAgentsConversation(app.store, ctx.params.cid);
    ctx.send(200, conversationFiles(app.store, conversation.id).map(fileBody));
  });

  router.add('POST', agentsPath('conversations/:cid/files'), async (ctx) => {
    const conversation = requireAgentsConversation(app.store, ctx.params.cid);
    const limit = maxUploadBytes(app);
    if (!/^multipart\/form-data\b/i.test(ctx.headers['content-type'] ?? '')) {
      await discardBody(ctx.req);
      throw agentsError(400, 'bad_request', 'Send the files as multipart/form-data, one "files" part per file.');
    }
    if (Number(ctx.headers['content-length'] ?? 0) > limit) {
      await discardBody(ctx.req);
      throw uploadTooLarge(limit);
    }
    const form = await ctx.readFormData();
    const parts = form.getAll('files').filter((part) => typeof part !== 'string');
    if (parts.length === 0) throw agentsError(400, 'bad_request', 'files: at least one file part named "files" is required.');
    const total = parts.reduce((sum, part) => sum + part.size, 0);
    if (total > limit) throw uploadTooLarge(limit);

    fs.mkdirSync(filesDir(app), { recursive: true });
    /** @type {StoredFile[]} */
    const stored = [];
    for (const part of parts) {
      const fileRef = fileRefOf(part.name);
      const mimeType = mimeTypeOf(fileRef, part.type);
      const bytes = Buffer.from(await part.arrayBuffer());
      const fileId = randomUUID();
      const target = path.join(filesDir(app), fileId);
      const fd = fs.openSync(target, 'w');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      const replaced = conversationFiles(app.store, conversation.id).find((file) => file.file_ref === fileRef);
      const dataFrameName = looksLikeCsv(fileRef, mimeType) && isTabularCsv(bytes) ? frameNameForFile(fileRef, takenFrameNames(app, conversation.id, fileRef)) : null;
      if (replaced) {
        files.delete(replaced.file_id);
        fs.rmSync(path.join(filesDir(app), replaced.file_id), { force: true });
      }
      /** @type {StoredFile} */
      const file = {
        file_id: fileId,
        file_ref: fileRef,
        file_size_raw: bytes.length,
        mime_type: mimeType,
        created_at: new Date().toISOString(),
        conversation_id: conversation.id,
        data_frame_name: dataFrameName,
      };
      files.set(fileId, file);
      stored.push(file);
    }
    ctx.send(200, stored.map(fileBody));
  });

  router.add('GET', agentsPath('conversations/:cid/files/download/'), async (ctx) => {
    const conversation = requireAgentsConversation(app.store, ctx.params.cid);
    const fileRef = ctx.query.get('file_ref');
    if (!fileRef) throw agentsError(400, 'bad_request', 'file_ref: this query parameter is required.');
    const file = conversationFiles(app.store, conversation.id).find((candidate) => candidate.file_ref === fileRef);
    if (!file) throw notFound('agents', `File ${JSON.stringify(fileRef)} not found in this conversation.`);
    const bytes = readStoredFile(app, file);
    ctx.res.writeHead(200, {
      'Content-Type': file.mime_type,
      'Content-Length': String(bytes.length),
      'Content-Disposition': contentDisposition(file.file_ref),
    });
    ctx.res.end(bytes);
  });
}
