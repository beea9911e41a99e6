/** A conversation's files (agents dialect): list, upload with per-file progress, download. */
import type { DialectContext } from './dialect.js';
import { loadOnce } from './load-once.js';
import type { CallOptions, WriteOptions } from './types.js';
import type { AgentsFile } from './wire-agents.js';

/** The upload machinery (file-upload.ts), loaded on the first upload: most pages never upload a file. */
const loadUploader = loadOnce(() => import('./file-upload.js'), 'the upload code');

/** `loaded` and `total` are bytes of the file at `fileIndex` (multipart overhead left out). */
export type UploadProgressListener = (fileIndex: number, loaded: number, total: number) => void;

export interface UploadOptions extends WriteOptions {
  onProgress?: UploadProgressListener | undefined;
}

export class FilesResource {
  constructor(private readonly context: DialectContext) {}

  async list(conversationId: string, options: CallOptions = {}): Promise<AgentsFile[]> {
    this.context.require('agents', 'files.list');
    return this.context.transport.json<AgentsFile[]>({ method: 'GET', path: this.context.agentPath('conversations', conversationId, 'files'), signal: options.signal });
  }

  /**
   * Uploads the files one request each, in order, so that every file has exact progress and a failure names
   * its file. Browsers report progress while bytes go out (XMLHttpRequest: fetch has no upload progress);
   * elsewhere (Node) progress is reported when a file starts and when it is stored. Aborting `signal` stops
   * the file in flight and the ones after it; files already stored stay stored.
   */
  async upload(conversationId: string, files: readonly Blob[], options: UploadOptions = {}): Promise<AgentsFile[]> {
    this.context.require('agents', 'files.upload');
    const { uploadFiles } = await loadUploader();
    return uploadFiles(this.context, conversationId, files, options);
  }

  /** The file's bytes. */
  async download(conversationId: string, fileRef: string, options: CallOptions = {}): Promise<Blob> {
    this.context.require('agents', 'files.download');
    return this.context.transport.blob({
      method: 'GET',
      path: `${this.context.agentPath('conversations', conversationId, 'files', 'download')}/`,
      query: { file_ref: fileRef },
      accept: '*/*',
      signal: options.signal,
    });
  }
}
