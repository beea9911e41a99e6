/** Tabular data an agent produced in a conversation (agents dialect). */
import type { DialectContext } from './dialect.js';
import type { CallOptions } from './types.js';
import type { DataFrameInfo, DataFrameRow } from './wire-agents.js';

export interface ListDataFramesOptions extends CallOptions {
  /** Sample rows per frame: 0 none (default), -1 all. */
  numSamples?: number | undefined;
}

export interface DataFrameSliceOptions extends CallOptions {
  offset?: number | undefined;
  limit?: number | undefined;
  /** Only these columns, in this order. */
  columns?: readonly string[] | undefined;
  /** A column name, `-` in front for descending. */
  orderBy?: string | undefined;
}

export class DataFramesResource {
  constructor(private readonly context: DialectContext) {}

  async list(conversationId: string, options: ListDataFramesOptions = {}): Promise<DataFrameInfo[]> {
    this.context.require('agents', 'dataFrames.list');
    return this.context.transport.json<DataFrameInfo[]>({
      method: 'GET',
      path: this.context.agentPath('conversations', conversationId, 'data-frames'),
      query: { num_samples: options.numSamples ?? 0 },
      signal: options.signal,
    });
  }

  /** A window of rows as objects keyed by column name. */
  async slice(conversationId: string, name: string, options: DataFrameSliceOptions = {}): Promise<DataFrameRow[]> {
    this.context.require('agents', 'dataFrames.slice');
    return this.context.transport.json<DataFrameRow[]>({
      method: 'GET',
      path: this.context.agentPath('conversations', conversationId, 'data-frames', name),
      query: {
        offset: options.offset,
        limit: options.limit,
        column_names: options.columns && options.columns.length > 0 ? options.columns.join(',') : undefined,
        order_by: options.orderBy,
        output_format: 'json',
      },
      signal: options.signal,
    });
  }
}
