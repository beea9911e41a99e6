/**
 * Files in `<convo-chat>` beyond dropping them (files.test.ts): pasting into the composer, several at once,
 * limits set by attributes, and downloading a stored file. Only the agents dialect stores files.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { chatWithAttributes, clientFor, part, parts, visibleText, waitForReply } from './chat-fixture.js';

/** Pastes `files` (and `text`, when given) into the composer, as Ctrl+V with a copied file would. */
function pasteIntoComposer(element: ConvoChat, files: File[], text?: string): ClipboardEvent {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  if (text !== undefined) transfer.setData('text/plain', text);
  const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: transfer });
  part(element, 'input')!.dispatchEvent(paste);
  return paste;
}

function statuses(element: ConvoChat): string[] {
  return parts(element, 'upload').map((upload) => upload.dataset['status'] ?? '');
}

/** What the browser was asked to save: the link's name and href, and the bytes behind the href. */
interface SavedDownload {
  name: string;
  href: string;
  text: string;
}

/**
 * Catches the download a click on "Download" starts (a blob URL on a link with `download`), instead of letting
 * the browser write it to disk.
 */
async function catchDownload(start: () => void, timeoutMs = 5000): Promise<SavedDownload> {
  const blobs = new Map<string, Blob>();
  const createObjectURL = URL.createObjectURL.bind(URL);
  let clicked: ((link: HTMLAnchorElement) => void) | undefined;
  const linkClicked = new Promise<HTMLAnchorElement>((resolve) => (clicked = resolve));
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
    configurable: true,
    value(this: HTMLAnchorElement) {
      clicked?.(this);
    },
  });
  try {
    start();
    const link = await Promise.race([
      linkClicked,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no download started')), timeoutMs)),
    ]);
    const blob = blobs.get(link.href);
    return { name: link.download, href: link.href, text: blob === undefined ? '' : await blob.text() };
  } finally {
    URL.createObjectURL = createObjectURL;
    // Links click as HTMLElement.prototype.click again.
    delete (HTMLAnchorElement.prototype as { click?: unknown }).click;
  }
}

describe('<convo-chat> files: paste, limits, download (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('uploads several files pasted into the composer at once, leaving the composer’s text alone', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const paste = pasteIntoComposer(element, [
      new File(['alpha,1\n'], 'alpha.csv', { type: 'text/csv' }),
      new File(['notes about beta'], 'beta.txt', { type: 'text/plain' }),
    ]);
    // Only files were pasted: nothing should land in the text area.
    expect(paste.defaultPrevented).to.equal(true);
    await waitUntil(() => parts(element, 'upload-name').length === 2, 'the pasted files were not listed');
    expect(parts(element, 'upload-name').map((name) => visibleText(name))).to.deep.equal(['alpha.csv', 'beta.txt']);
    await waitUntil(() => statuses(element).every((status) => status === 'done'), 'the pasted files did not upload', { timeout: 10000 });
    expect(part<HTMLTextAreaElement>(element, 'input')!.value).to.equal('');
    const stored = await clientFor(server, 'agents').files.list(element.conversationId!);
    expect(stored.map((file) => file.file_ref).sort()).to.deep.equal(['alpha.csv', 'beta.txt']);
    await expect(element).to.be.accessible();
  });

  it('lets pasted text through to the composer when a file comes with it', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const paste = pasteIntoComposer(element, [new File(['gamma'], 'gamma.txt', { type: 'text/plain' })], 'gamma.txt');
    // The browser inserts the text itself; the file still attaches.
    expect(paste.defaultPrevented).to.equal(false);
    await waitUntil(() => parts(element, 'upload-name').length === 1, 'the pasted file was not listed');
    expect(parts(element, 'upload-name').map((name) => visibleText(name))).to.deep.equal(['gamma.txt']);
    await waitUntil(() => statuses(element)[0] === 'done', 'the pasted file did not upload', { timeout: 10000 });
  });

  it('takes its limits from the max-file-size and accept attributes', async () => {
    const element = await chatWithAttributes(server, 'agents');
    element.setAttribute('max-file-size', '64');
    element.setAttribute('accept', '.csv, image/*');
    await element.updateComplete;
    expect(element.maxFileSize).to.equal(64);
    // The file picker offers the same types.
    expect(part<HTMLInputElement>(element, 'file-input')!.accept).to.equal('.csv, image/*');
    expect(part<HTMLInputElement>(element, 'file-input')!.multiple).to.equal(true);
    pasteIntoComposer(element, [
      new File(['day,visits\n1,2\n'], 'small.csv', { type: 'text/csv' }),
      new File(['x'.repeat(65)], 'big.csv', { type: 'text/csv' }),
      new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }),
      new File(['%PDF'], 'report.pdf', { type: 'application/pdf' }),
    ]);
    await waitUntil(() => parts(element, 'upload').length === 4, 'the pasted files were not listed');
    const uploads = parts(element, 'upload');
    expect(visibleText(uploads[1]!)).to.contain('big.csv is larger than 64 B.');
    expect(visibleText(uploads[3]!)).to.contain('report.pdf is not a file type this chat accepts.');
    expect(uploads[1]!.querySelector('[part~="upload-status"]')!.getAttribute('role')).to.equal('alert');
    await waitUntil(() => statuses(element).join() === 'done,refused,done,refused', 'the accepted files did not upload', { timeout: 10000 });
    const stored = await clientFor(server, 'agents').files.list(element.conversationId!);
    expect(stored.map((file) => file.file_ref).sort()).to.deep.equal(['logo.svg', 'small.csv']);
  });

  it('lists the conversation’s files with their sizes and downloads one with its bytes and name', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('hello');
    await waitForReply(element);
    const content = 'week,active_users\n2024-W10,1200\n2024-W11,1350\n';
    pasteIntoComposer(element, [new File([content], 'weekly.csv', { type: 'text/csv' }), new File(['other'], 'other.txt', { type: 'text/plain' })]);
    await waitUntil(() => statuses(element).join() === 'done,done', 'the files did not upload', { timeout: 10000 });

    part<HTMLButtonElement>(element, 'files-toggle')!.click();
    await waitUntil(() => parts(element, 'file').length >= 2, 'the files panel did not list the files');
    expect(part(element, 'files-toggle')!.getAttribute('aria-expanded')).to.equal('true');
    const rows = parts(element, 'file').filter((row) => !row.matches('[part~="data-frame"]'));
    expect(rows.map((row) => visibleText(row.querySelector('[part~="file-name"]'))).sort()).to.deep.equal(['other.txt', 'weekly.csv']);
    const weekly = rows.find((row) => visibleText(row.querySelector('[part~="file-name"]')) === 'weekly.csv')!;
    expect(visibleText(weekly.querySelector('[part~="file-size"]'))).to.equal(`${content.length} B`);
    const download = weekly.querySelector<HTMLButtonElement>('[part~="file-download"]')!;
    expect(download.getAttribute('aria-label')).to.equal('Download: weekly.csv');

    const saved = await catchDownload(() => download.click());
    expect(saved.name).to.equal('weekly.csv');
    expect(saved.href).to.match(/^blob:/);
    expect(saved.text).to.equal(content);
  });

  it('downloads a file the agent produced, with its bytes and name', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Export the weekly users');
    await waitForReply(element);
    await waitUntil(() => part(element, 'attachment') !== null, 'no attachment shown');
    expect(visibleText(part(element, 'attachment-name'))).to.equal('weekly-users.csv');
    const errors: string[] = [];
    element.addEventListener('convo-error', (event) => errors.push(event.detail.message));
    const saved = await catchDownload(() => part<HTMLButtonElement>(element, 'download-button')!.click()).catch((error: Error) => {
      throw new Error(`${error.message}; errors: ${errors.join(' | ')}`);
    });
    expect(saved.name).to.equal('weekly-users.csv');
    expect(saved.text.split('\n')[0]).to.equal('week,active_users,conversion_percent');
    // The same rows the reply's CSV block shows.
    const block = [...element.shadowRoot!.querySelectorAll('[part~="md-code-block"]')].find((figure) => figure.getAttribute('data-language') === 'csv')!;
    expect(saved.text.trimEnd()).to.equal(block.querySelector('[part~="md-code"]')!.textContent!.trimEnd());
  });
});
