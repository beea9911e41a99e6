import { expect } from '@open-wc/testing';
import type { ConvoMessage, ConvoPart } from '../../src/api/types.js';
import { TranscriptModel } from '../../src/elements/convo-chat/transcript-model.js';

function message(id: string, role: ConvoMessage['role'], parts: ConvoPart[], extra: Partial<ConvoMessage> = {}): ConvoMessage {
  return { id, role, parts, complete: true, createdAt: undefined, traceId: undefined, parentToolCallId: undefined, raw: {} as ConvoMessage['raw'], ...extra };
}

const text = (value: string): ConvoPart => ({ kind: 'text', text: value });

describe('TranscriptModel', () => {
  it('confirms a pending message with the echo that carries its trace id', () => {
    const model = new TranscriptModel();
    const pending = model.addPending('hello', 'trace-1');
    expect(pending.delivery).to.equal('sending');
    const echoed = model.upsertMessage(message('server-1', 'user', [text('hello')], { traceId: 'trace-1' }));
    expect(echoed).to.equal(pending);
    expect(pending.id).to.equal('server-1');
    expect(pending.delivery).to.equal('sent');
    expect(model.entries).to.have.length(1);
    expect(model.get('server-1')).to.equal(pending);
  });

  it('appends streamed text as pieces a renderer can take without slicing the whole text', () => {
    const model = new TranscriptModel();
    model.upsertMessage(message('temp-0', 'assistant', [text('')], { complete: false }));
    model.appendText('temp-0', 'Hel', 0);
    model.appendText('temp-0', 'lo', 0);
    const entry = model.get('temp-0')!;
    expect((entry.parts[0] as { text: string }).text).to.equal('Hello');
    expect(entry.textChunks[0]).to.deep.equal(['Hel', 'lo']);
    expect(entry.textResets[0]).to.equal(0);
  });

  it('keeps the renderer when the final message extends the streamed text, and resets it when it does not', () => {
    const model = new TranscriptModel();
    model.upsertMessage(message('temp-0', 'assistant', [text('')], { complete: false }));
    model.appendText('temp-0', 'Hello', 0);
    const entry = model.replaceMessage('temp-0', message('final-1', 'assistant', [text('Hello world')]));
    expect(entry.id).to.equal('final-1');
    expect(model.get('temp-0')).to.equal(undefined);
    expect(entry.textResets[0]).to.equal(0);
    expect(entry.textChunks[0]!.join('')).to.equal('Hello world');
    model.upsertMessage(message('final-1', 'assistant', [text('Goodbye')]));
    expect(entry.textResets[0]).to.equal(1);
    expect(entry.textChunks[0]).to.deep.equal([]);
  });

  it('settles a PostHog tool call when its tool message arrives, and collects progress lines', () => {
    const model = new TranscriptModel();
    model.upsertMessage(
      message('ai-1', 'assistant', [{ kind: 'tool-call', toolCallId: 'call-1', name: 'search', args: { q: 'x' }, argumentsRaw: undefined, status: 'running', result: undefined, error: undefined }]),
    );
    model.addProgress('call-1', 'Searching…');
    expect(model.get('ai-1')!.progress.get('call-1')).to.deep.equal(['Searching…']);
    model.upsertMessage(message('tool-1', 'tool', [{ kind: 'tool-result', toolCallId: 'call-1', text: '3 results', uiPayload: undefined }]));
    const call = model.findToolCall('call-1')!.part;
    expect(call.status).to.equal('finished');
    expect(call.result).to.equal('3 results');
  });

  it('marks tool calls a stopped run left unfinished as failed', () => {
    const model = new TranscriptModel();
    model.upsertMessage(
      message('ai-1', 'assistant', [{ kind: 'tool-call', toolCallId: 'call-1', name: 'search', args: {}, argumentsRaw: undefined, status: 'running', result: undefined, error: undefined }], { complete: false }),
    );
    model.completeAll();
    model.failUnfinishedToolCalls('Stopped');
    expect(model.findToolCall('call-1')!.part.status).to.equal('failed');
    expect(model.get('ai-1')!.complete).to.equal(true);
  });

  it('bumps revisions only on the entries that changed', () => {
    const model = new TranscriptModel();
    model.reset([message('a', 'user', [text('one')]), message('b', 'assistant', [text('two')], { complete: false })]);
    const [first, second] = model.entries;
    const before = first!.revision;
    model.appendText('b', ' more');
    expect(first!.revision).to.equal(before);
    expect(second!.revision).to.be.greaterThan(0);
  });
});
