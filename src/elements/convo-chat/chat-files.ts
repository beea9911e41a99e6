/**
 * Files in `<convo-chat>` (agents dialect): the uploads above the composer (progress, cancel, refusals), the
 * panel listing the conversation's files and data frames, and downloading a file the agent produced. Loaded
 * the first time a file is attached or dropped, the panel opened, or a file downloaded.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml, literal } from 'lit/static-html.js';
import type { ConvoClient } from '../../api/client.js';
import type { AttachmentPart } from '../../api/types.js';
import type { DataFrameInfo } from '../../api/wire-agents.js';
import type { ChatSessionController } from '../../controllers/chat-session-controller.js';
import { FileUploadController, formatBytes, saveBlob, type Upload } from '../../controllers/file-upload-controller.js';
import { ConvoErrorEvent } from '../../events/convo-events.js';
import type { ConvoStrings } from '../../strings/strings.js';
import { blobFromDataUri } from './data-uri.js';
import { describeError } from './describe-error.js';
import type { FeatureModule } from './lazy-feature.js';

/**
 * `<data-frame-table>` is used only when the page loaded it: the chat never imports it, so pages without
 * tables do not pay for it.
 */
const FRAME_TABLE_TAG = literal`data-frame-table`;

export interface ChatFilesHost extends ReactiveControllerHost, HTMLElement {
  readonly text: ConvoStrings;
  readonly activeClient: ConvoClient | undefined;
  readonly session: ChatSessionController;
  readonly maxFileSize: number;
  readonly accept: string;
  readonly theme: 'light' | 'dark' | undefined;
}

const styles = css`
  [part='uploads'],
  [part='file-list'] {
    margin: 0 var(--_space) var(--_gap);
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 0.3em;
    font-size: 0.9em;
  }

  [part='upload'],
  [part~='file'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: 0.3em 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_surface-raised);
  }

  [part='upload'][data-status='failed'],
  [part='upload'][data-status='refused'] {
    border-color: var(--_danger);
    background: var(--_danger-surface);
  }

  [part='upload-name'],
  [part='file-name'] {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    font-family: var(--_mono);
  }

  [part='upload-progress'] {
    flex: 0 1 8rem;
  }

  [part='upload-status'],
  [part='file-size'] {
    color: var(--_text-muted);
  }

  [part='upload'][data-status='failed'] [part='upload-status'],
  [part='upload'][data-status='refused'] [part='upload-status'] {
    color: var(--_danger);
  }

  [part='files-panel'] {
    max-height: 50%;
    overflow-y: auto;
    padding-top: var(--_gap);
    border-bottom: 1px solid var(--_border);
  }

  [part='frame-table'] {
    display: block;
    height: 16rem;
    margin: 0 var(--_space) var(--_gap);
  }
`;

export class ChatFiles implements ReactiveController {
  /** The panel listing the conversation's files (and data frames) is open. */
  showFiles = false;
  private readonly host: ChatFilesHost;
  private readonly uploads: FileUploadController;
  private client: ConvoClient | undefined;
  /** The data frame open in `<data-frame-table>`, by name. */
  private openFrame: string | undefined;
  private frames: DataFrameInfo[] = [];

  constructor(host: ChatFilesHost) {
    this.host = host;
    this.uploads = new FileUploadController(host, {
      ensureConversation: () => host.session.ensureConversation(),
      limits: () => ({ maxBytes: host.maxFileSize, accept: host.accept.split(',').filter((rule) => rule.trim() !== '') }),
      onError: (error) => host.dispatchEvent(new ConvoErrorEvent({ operation: 'upload', error, message: describeError(error, host.text) })),
    });
    host.addController(this);
    // The client is taken at once: files dropped before this loaded are added right away, not at the next update.
    this.hostUpdate();
  }

  hostUpdate(): void {
    if (this.host.activeClient === this.client) return;
    this.client = this.host.activeClient;
    this.uploads.setClient(this.client);
  }

  /** Checks and queues `files` for upload. */
  add(files: Iterable<File>): void {
    this.uploads.add(files);
  }

  /** The names of the files uploaded since the last message, which are then cleared from view. */
  takeAttached(): string[] {
    return this.uploads.takeAttached();
  }

  async toggle(): Promise<void> {
    this.showFiles = !this.showFiles;
    this.host.requestUpdate();
    if (this.showFiles) await this.refresh();
  }

  /** Another conversation opened: its files are listed instead. */
  conversationChanged(): void {
    this.openFrame = undefined;
    if (this.showFiles) void this.refresh();
  }

  private async refresh(): Promise<void> {
    const id = this.host.session.conversationId;
    await this.uploads.refreshFiles(id);
    const client = this.host.activeClient;
    this.frames = [];
    if (id !== null && client !== undefined && this.uploads.supported) {
      try {
        this.frames = await client.dataFrames.list(id, { numSamples: 0 });
      } catch (error) {
        this.host.session.reportProblem('files', error);
      }
    }
    this.host.requestUpdate();
  }

  /** A file the agent produced: its bytes inline (`data:` URI), or a file stored in the conversation. */
  downloadAttachment(part: AttachmentPart): void {
    if (/^data:/i.test(part.uri)) {
      const blob = blobFromDataUri(part.uri, part.mimeType);
      if (blob === undefined) this.host.session.reportProblem('files', new Error(this.host.text.unsupportedContent));
      else saveBlob(blob, part.name);
      return;
    }
    const id = this.host.session.conversationId;
    if (id !== null) void this.uploads.download(id, part.uri);
  }

  renderUploads(): TemplateResult | typeof nothing {
    const uploads = this.uploads.uploads;
    if (uploads.length === 0) return nothing;
    return html`<ul part="uploads" aria-label=${this.host.text.attachFiles}>
      ${repeat(uploads, (upload) => upload.key, (upload) => this.renderUpload(upload))}
    </ul>`;
  }

  private renderUpload(upload: Upload): TemplateResult {
    const text = this.host.text;
    const active = upload.status === 'uploading' || upload.status === 'waiting';
    const status = upload.status === 'done' ? text.uploaded : upload.status === 'cancelled' ? text.cancel : upload.problem ?? '';
    return html`<li part="upload" data-status=${upload.status}>
      <span part="upload-name"><bdi>${upload.file.name}</bdi></span>
      ${active
        ? html`<progress part="upload-progress" max=${upload.file.size || 1} value=${upload.loaded} aria-label=${upload.file.name}></progress>`
        : html`<span part="upload-status" role=${upload.status === 'failed' || upload.status === 'refused' ? 'alert' : 'status'}><bdi>${status}</bdi></span>`}
      <button
        part="button ${active ? 'upload-cancel' : 'upload-remove'}"
        type="button"
        aria-label=${`${active ? text.cancelUpload : text.removeAttachment}: ${upload.file.name}`}
        @click=${() => (active ? this.uploads.cancel(upload) : this.uploads.dismiss(upload))}
      >
        ${active ? text.cancel : text.removeAttachment}
      </button>
    </li>`;
  }

  renderFilesPanel(): TemplateResult | typeof nothing {
    if (!this.showFiles || !this.uploads.supported) return nothing;
    const { text, session } = this.host;
    const id = session.conversationId;
    const tableAvailable = customElements.get('data-frame-table') !== undefined;
    return html`<section part="files-panel" id="files" aria-label=${text.files}>
      ${this.uploads.filesLoading ? html`<p role="status">${text.loading}</p>` : nothing}
      <ul part="file-list">
        ${this.uploads.files.map(
          (file) => html`<li part="file">
            <span part="file-name">${file.file_ref}</span>
            <span part="file-size">${formatBytes(file.file_size_raw)}</span>
            <button part="button file-download" type="button" aria-label=${`${text.download}: ${file.file_ref}`} @click=${() => id !== null && void this.uploads.download(id, file.file_ref)}>
              ${text.download}
            </button>
          </li>`,
        )}
        ${this.frames.map(
          (frame) => html`<li part="file data-frame">
            <span part="file-name">${frame.name}</span>
            <span part="file-size">${frame.num_rows.toLocaleString()} × ${frame.num_columns}</span>
            ${tableAvailable
              ? html`<button part="button open-frame" type="button" aria-label=${`${text.openDataFrame}: ${frame.name}`} @click=${() => this.showFrame(frame.name)}>
                  ${text.openDataFrame}
                </button>`
              : nothing}
          </li>`,
        )}
      </ul>
      ${this.openFrame !== undefined && tableAvailable && id !== null
        ? staticHtml`<${FRAME_TABLE_TAG} part="frame-table" .client=${this.host.activeClient ?? null} conversation-id=${id} frame-name=${this.openFrame} .theme=${this.host.theme}></${FRAME_TABLE_TAG}>`
        : nothing}
    </section>`;
  }

  private showFrame(name: string): void {
    this.openFrame = name;
    this.host.requestUpdate();
  }
}

export const feature: FeatureModule<ChatFilesHost, ChatFiles> = { styles, create: (host) => new ChatFiles(host) };
