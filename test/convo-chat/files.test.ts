import { expect, waitUntil } from '@open-wc/testing';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { chatWithAttributes, clientFor, nextFrame, part, parts, visibleText, waitForReply } from './chat-fixture.js';

function csv(name: string, rows = 50): File {
  const lines = ['day,visits', ...Array.from({ length: rows }, (_, index) => `2026-01-${String((index % 28) + 1).padStart(2, '0')},${index * 3}`)];
  return new File([lines.join('\n')], name, { type: 'text/csv' });
}

function dropFiles(target: Element, files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
  target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
}

describe('<convo-chat> files (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('attaches several dropped files with progress, refuses oversize and wrong types clearly, and lists them', async () => {
    const element = await chatWithAttributes(server, 'agents');
    element.maxFileSize = 4096;
    element.accept = '.csv,text/plain';
    await element.updateComplete;
    expect(part(element, 'attach-button')).to.not.equal(null);
    dropFiles(part(element, 'main')!, [csv('visits.csv'), csv('huge.csv', 2000), new File(['x'], 'photo.png', { type: 'image/png' })]);
    await waitUntil(() => parts(element, 'upload').length === 3, 'the dropped files were not listed');
    const uploads = parts(element, 'upload');
    expect(uploads).to.have.length(3);
    expect(visibleText(uploads[1]!)).to.contain('huge.csv is larger than 4.0 KB.');
    expect(visibleText(uploads[2]!)).to.contain('photo.png is not a file type this chat accepts.');
    await waitUntil(() => parts(element, 'upload')[0]!.dataset['status'] === 'done', 'the upload did not finish');
    await element.updateComplete;
    expect(visibleText(part(element, 'upload-status'))).to.equal('Uploaded');
    await expect(element).to.be.accessible();

    const stored = await clientFor(server, 'agents').files.list(element.conversationId!);
    expect(stored.map((file) => file.file_ref)).to.deep.equal(['visits.csv']);

    part<HTMLButtonElement>(element, 'files-toggle')!.click();
    await waitUntil(() => parts(element, 'file').length > 0, 'the files panel did not list the file');
    expect(visibleText(part(element, 'file-name'))).to.equal('visits.csv');

    // Sending names the attached files and clears them from above the composer.
    const sent = new Promise<readonly string[]>((resolve) => element.addEventListener('convo-send', (event) => resolve(event.detail.attachments), { once: true }));
    part<HTMLTextAreaElement>(element, 'input')!.value = 'What is in the file?';
    part<HTMLTextAreaElement>(element, 'input')!.dispatchEvent(new InputEvent('input'));
    part<HTMLFormElement>(element, 'composer')!.requestSubmit();
    expect(await sent).to.deep.equal(['visits.csv']);
    await waitForReply(element);
    expect(parts(element, 'upload').map((upload) => upload.dataset['status'])).to.deep.equal(['refused', 'refused']);
  });

  it('opens a data frame the agent holds in <data-frame-table>, when the page loaded it', async () => {
    await import('../../src/elements/data-frame-table/define-data-frame-table.js');
    const element = await chatWithAttributes(server, 'agents');
    dropFiles(part(element, 'main')!, [csv('signups.csv')]);
    await waitUntil(() => parts(element, 'upload')[0]?.dataset['status'] === 'done', 'the upload did not finish');
    part<HTMLButtonElement>(element, 'files-toggle')!.click();
    await waitUntil(() => part(element, 'open-frame') !== null, 'no data frame listed');
    part<HTMLButtonElement>(element, 'open-frame')!.click();
    await element.updateComplete;
    const table = part(element, 'frame-table')!;
    expect(table.localName).to.equal('data-frame-table');
    expect(table.getAttribute('conversation-id')).to.equal(element.conversationId);
  });

  it('cancels an upload', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('hello');
    await waitForReply(element);
    const big = new File([new Uint8Array(8 * 1024 * 1024)], 'big.bin', { type: 'application/octet-stream' });
    dropFiles(part(element, 'main')!, [big]);
    await element.updateComplete;
    part<HTMLButtonElement>(element, 'upload-cancel')!.click();
    await nextFrame();
    await element.updateComplete;
    expect(parts(element, 'upload')[0]!.dataset['status']).to.equal('cancelled');
    const stored = await clientFor(server, 'agents').files.list(element.conversationId!);
    expect(stored.map((file) => file.file_ref)).not.to.include('big.bin');
  });
});

describe('<convo-chat> files (posthog)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('offers no attach button where the server stores no files', async () => {
    const element = await chatWithAttributes(server, 'posthog');
    expect(part(element, 'attach-button')).to.equal(null);
  });
});
