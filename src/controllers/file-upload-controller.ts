import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConvoClient } from '../api/client.js';
import type { AgentsFile } from '../api/wire-agents.js';
import { describeError, isAbort } from '../elements/convo-chat/describe-error.js';
import { formatString, type ConvoStrings } from '../strings/strings.js';

export type UploadStatus = 'uploading' | 'waiting' | 'done' | 'failed' | 'cancelled' | 'refused';

export interface Upload {
  readonly key: string;
  readonly file: File;
  status: UploadStatus;
  /** Bytes sent so far. */
  loaded: number;
  /** Why it failed or was refused, in words for the person. */
  problem: string | undefined;
  abort: AbortController;
}

export interface UploadLimits {
  /** Largest accepted file in bytes. */
  maxBytes: number;
  /** `accept`-style list: `.csv`, `image/*`, `application/pdf`; empty accepts everything. */
  accept: readonly string[];
}

export interface FileUploadHost extends ReactiveControllerHost {
  readonly text: ConvoStrings;
}

/** `1.5 MB`, for limits in sentences. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Whether `file` matches an `accept` list (extensions, exact types, `type/*`). */
export function isAccepted(file: File, accept: readonly string[]): boolean {
  if (accept.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return accept.some((rule) => {
    const wanted = rule.trim().toLowerCase();
    if (wanted.startsWith('.')) return name.endsWith(wanted);
    if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

/**
 * Files the person attaches to a conversation: checked against the limits first (a clear refusal, nothing
 * sent), then uploaded one at a time with progress, each cancellable. Also lists the conversation's files
 * and downloads one. Uploading needs a conversation: `ensureConversation` provides (or creates) it.
 */
export class FileUploadController implements ReactiveController {
  uploads: Upload[] = [];
  files: AgentsFile[] = [];
  filesLoading = false;

  private readonly host: FileUploadHost;
  private client: ConvoClient | undefined;
  private chain: Promise<void> = Promise.resolve();
  private keys = 0;
  private lifetime = new AbortController();

  constructor(
    host: FileUploadHost,
    private readonly options: {
      ensureConversation(): Promise<string>;
      limits(): UploadLimits;
      onError(error: unknown): void;
    },
  ) {
    this.host = host;
    host.addController(this);
  }

  /** Only the agents dialect stores files. */
  get supported(): boolean {
    return this.client?.dialect === 'agents';
  }

  /** Uploads still going or waiting their turn. */
  get busy(): boolean {
    return this.uploads.some((upload) => upload.status === 'uploading' || upload.status === 'waiting');
  }

  hostConnected(): void {
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
  }

  hostDisconnected(): void {
    this.lifetime.abort();
    for (const upload of this.uploads) upload.abort.abort();
  }

  setClient(client: ConvoClient | undefined): void {
    this.client = client;
    this.files = [];
  }

  /** Checks and queues `files` for upload. */
  add(files: Iterable<File>): void {
    const { maxBytes, accept } = this.options.limits();
    const strings = this.host.text;
    for (const file of files) {
      this.keys += 1;
      const upload: Upload = { key: `upload-${this.keys}`, file, status: 'waiting', loaded: 0, problem: undefined, abort: new AbortController() };
      if (file.size > maxBytes) {
        upload.status = 'refused';
        upload.problem = formatString(strings.fileTooLarge, { name: file.name, limit: formatBytes(maxBytes) });
      } else if (!isAccepted(file, accept)) {
        upload.status = 'refused';
        upload.problem = formatString(strings.fileTypeRefused, { name: file.name });
      } else {
        this.chain = this.chain.then(() => this.upload(upload));
      }
      this.uploads = [...this.uploads, upload];
    }
    this.host.requestUpdate();
  }

  cancel(upload: Upload): void {
    if (upload.status === 'uploading' || upload.status === 'waiting') {
      upload.abort.abort();
      upload.status = 'cancelled';
    }
    this.host.requestUpdate();
  }

  /** Removes a finished, failed or refused upload from the list above the composer. */
  dismiss(upload: Upload): void {
    this.cancel(upload);
    this.uploads = this.uploads.filter((candidate) => candidate !== upload);
    this.host.requestUpdate();
  }

  /** The names of the files uploaded since the last message, which are then cleared from view. */
  takeAttached(): string[] {
    const done = this.uploads.filter((upload) => upload.status === 'done');
    this.uploads = this.uploads.filter((upload) => upload.status !== 'done');
    this.host.requestUpdate();
    return done.map((upload) => upload.file.name);
  }

  /** Reads the conversation's stored files. */
  async refreshFiles(conversationId: string | null): Promise<void> {
    if (!this.supported || this.client === undefined || conversationId === null) {
      this.files = [];
      return;
    }
    this.filesLoading = true;
    this.host.requestUpdate();
    try {
      this.files = await this.client.files.list(conversationId, { signal: this.lifetime.signal });
    } catch (error) {
      if (!isAbort(error)) this.options.onError(error);
    } finally {
      this.filesLoading = false;
      this.host.requestUpdate();
    }
  }

  /** Downloads a stored file through the client (it needs the token) and hands it to the browser. */
  async download(conversationId: string, fileRef: string): Promise<void> {
    if (this.client === undefined) return;
    try {
      const blob = await this.client.files.download(conversationId, fileRef, { signal: this.lifetime.signal });
      saveBlob(blob, fileRef);
    } catch (error) {
      if (!isAbort(error)) this.options.onError(error);
    }
  }

  private async upload(upload: Upload): Promise<void> {
    if (upload.status !== 'waiting' || this.client === undefined) return;
    const client = this.client;
    upload.status = 'uploading';
    this.host.requestUpdate();
    try {
      const conversationId = await this.options.ensureConversation();
      await client.files.upload(conversationId, [upload.file], {
        signal: AbortSignal.any([upload.abort.signal, this.lifetime.signal]),
        onProgress: (_index, loaded) => {
          upload.loaded = loaded;
          this.host.requestUpdate();
        },
      });
      upload.status = 'done';
      upload.loaded = upload.file.size;
      await this.refreshFiles(conversationId);
    } catch (error) {
      if (isAbort(error) || upload.abort.signal.aborted) {
        upload.status = 'cancelled';
      } else {
        upload.status = 'failed';
        upload.problem = describeError(error, this.host.text);
        this.options.onError(error);
      }
    }
    this.host.requestUpdate();
  }
}

/** Offers `blob` to the person as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.click();
  // The click has started the download; the URL is not needed past this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
