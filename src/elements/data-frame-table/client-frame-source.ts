import type { DataFrameInfo, DataFrameRow } from '../../api/wire-agents.js';
import { arrayRowToObject, inferMissingTypes, type CellValue, type DataFrameSource, type FrameColumn, type FrameRow, type RowQuery } from './frame-source.js';

/**
 * The part of the client (`client.dataFrames`) the table uses. Typed structurally so any object with these
 * two methods (the real client, a test double) will do.
 */
export interface DataFramesApi {
  list(conversationId: string, options?: { numSamples?: number; signal?: AbortSignal }): Promise<DataFrameInfo[]>;
  slice(
    conversationId: string,
    name: string,
    options?: {
      offset?: number;
      limit?: number;
      columns?: readonly string[];
      orderBy?: string;
      signal?: AbortSignal;
    },
  ): Promise<DataFrameRow[]>;
}

export interface DataFramesClient {
  readonly dataFrames: DataFramesApi;
}

/** A conversation's frame as its listing describes it, with its sample rows as row objects. */
export interface FrameSummary {
  readonly name: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly description: string | null;
  readonly columns: readonly FrameColumn[];
  readonly sampleRows: readonly FrameRow[];
}

export function summarizeFrame(info: DataFrameInfo): FrameSummary {
  const names = info.column_headers;
  const sampleRows = (info.sample_rows ?? []).map((values) => arrayRowToObject(names, values as CellValue[]));
  const columns = inferMissingTypes(
    names.map((name) => ({ name })),
    (index) => sampleRows[index]!,
    sampleRows.length,
  );
  return {
    name: info.name,
    rowCount: info.num_rows,
    columnCount: info.num_columns,
    description: info.description,
    columns,
    sampleRows,
  };
}

/** A frame on the agent server, read in slices (`offset`, `limit`, `column_names`, `order_by`). */
export class ClientFrameSource implements DataFrameSource {
  readonly columns: readonly FrameColumn[];
  readonly rowCount: number;
  readonly sortable = true;
  readonly sampleRows: readonly FrameRow[];

  constructor(
    private readonly client: DataFramesClient,
    private readonly conversationId: string,
    readonly frame: FrameSummary,
  ) {
    this.columns = frame.columns;
    this.rowCount = frame.rowCount;
    this.sampleRows = frame.sampleRows;
  }

  async getRows(offset: number, limit: number, { columns, orderBy, signal }: RowQuery): Promise<readonly FrameRow[]> {
    const rows = await this.client.dataFrames.slice(this.conversationId, this.frame.name, {
      offset,
      limit,
      columns,
      ...(orderBy ? { orderBy } : {}),
      ...(signal ? { signal } : {}),
    });
    return rows as FrameRow[];
  }
}
