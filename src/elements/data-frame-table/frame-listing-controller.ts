import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { summarizeFrame, type DataFramesClient, type FrameSummary } from './client-frame-source.js';

export type ListingStatus = 'idle' | 'pending' | 'complete' | 'error';

/** Sample rows asked for per frame: enough to fill a first screen while the first slice is on its way. */
const SAMPLE_ROWS = 50;

/**
 * Lists a conversation's data frames (with their sample rows) for the table, in the manner of Lit's Task: a new
 * AbortController per run, the previous run aborted, a `status` to render from.
 */
export class FrameListingController implements ReactiveController {
  status: ListingStatus = 'idle';
  frames: readonly FrameSummary[] = [];
  error: unknown = undefined;
  private controller: AbortController | undefined;
  private lastArgs: readonly [DataFramesClient, string] | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Lists the frames of `conversationId`, unless the same listing is already done or under way. */
  load(client: DataFramesClient, conversationId: string): void {
    if (this.lastArgs?.[0] === client && this.lastArgs[1] === conversationId && this.status !== 'error') return;
    this.run(client, conversationId);
  }

  /** Lists again, whatever happened before (after an error, or to pick up new frames). */
  reload(): void {
    if (this.lastArgs) this.run(...this.lastArgs);
  }

  clear(): void {
    this.controller?.abort();
    this.lastArgs = undefined;
    this.status = 'idle';
    this.frames = [];
    this.error = undefined;
  }

  hostConnected(): void {
    // The host's next update calls load() again, which redoes a listing cut short by a removal.
    if (this.status === 'idle') this.host.requestUpdate();
  }

  hostDisconnected(): void {
    if (this.status === 'pending') this.clear();
  }

  private async run(client: DataFramesClient, conversationId: string): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.lastArgs = [client, conversationId];
    this.status = 'pending';
    this.error = undefined;
    // The previous conversation's frames must not stand in for this one's while it is listed.
    this.frames = [];
    this.host.requestUpdate();
    try {
      const infos = await client.dataFrames.list(conversationId, { numSamples: SAMPLE_ROWS, signal: controller.signal });
      if (controller.signal.aborted) return;
      this.frames = infos.map(summarizeFrame);
      this.status = 'complete';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }
}
