import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/data-frame-table/define-data-frame-table.js';
import type { DataFrameTable } from '../src/elements/data-frame-table/data-frame-table.js';
import type { DataFramesClient } from '../src/elements/data-frame-table/client-frame-source.js';
import {
  generatedFrameSource,
  type DataFrameSource,
  type FrameRow,
  type LocalFrameSource,
} from '../src/elements/data-frame-table/frame-source.js';
import type { DataFrameInfo } from '../src/api/wire-agents.js';

/**
 * Every state of `<data-frame-table>` a reviewer should see, with no server: local rows, a simulated agent
 * server (latency, sample rows, slices), rows still loading, slices failing, ten million rows, dark. The
 * element tests run the same element against the reference server.
 */
interface TableArgs {
  rows: number;
  columns: number;
  theme: 'light' | 'dark' | undefined;
  latencyMs: number;
}

function table(args: TableArgs, configure: (element: DataFrameTable) => void): HTMLElement {
  const element = document.createElement('data-frame-table');
  element.style.cssText = 'height: 560px; max-width: 1100px';
  if (args.theme) element.theme = args.theme;
  configure(element);
  return element;
}

/** Answers `getRows` after `latencyMs`, or never, or with an error: the remote states without a server. */
function slowSource(inner: LocalFrameSource, behaviour: 'answer' | 'hang' | 'fail', latencyMs: number): DataFrameSource {
  return {
    columns: inner.columns,
    rowCount: inner.rowCount,
    sortable: inner.sortable,
    getRows: (offset, limit, query) =>
      new Promise<readonly FrameRow[]>((resolve, reject) => {
        if (behaviour === 'hang') return;
        const timer = setTimeout(() => {
          if (behaviour === 'fail') reject(new Error('The server answered 500 Internal Server Error.'));
          else resolve(inner.getRows(offset, limit, query));
        }, latencyMs);
        query.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(query.signal!.reason);
        });
      }),
  };
}

/** A conversation's frames as the agent server lists and slices them, held in memory. */
function simulatedClient(latencyMs: number): DataFramesClient {
  const frames = new Map([
    ['orders_1m', { source: generatedFrameSource(1_000_000, 12), description: 'One million order lines with prices, dates and notes.' }],
    ['orders_10m', { source: generatedFrameSource(10_000_000, 9), description: 'Ten million order lines (not sortable here).' }],
  ]);
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, latencyMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  return {
    dataFrames: {
      async list(_conversationId, options = {}) {
        await wait(options.signal);
        return [...frames].map(([name, { source, description }]): DataFrameInfo => {
          const headers = source.columns.map((column) => column.name);
          const samples = source.getRows(0, Math.max(0, options.numSamples ?? 0), { columns: headers, orderBy: null });
          return {
            data_frame_id: name,
            name,
            num_rows: source.rowCount,
            num_columns: headers.length,
            column_headers: headers,
            sample_rows: samples.map((row) => headers.map((header) => row[header])),
            description,
          };
        });
      },
      async slice(_conversationId, name, options = {}) {
        await wait(options.signal);
        const { source } = frames.get(name)!;
        const columns = options.columns ?? source.columns.map((column) => column.name);
        const rows = source.getRows(options.offset ?? 0, options.limit ?? 100, { columns, orderBy: options.orderBy ?? null });
        return rows.map((row) => ({ ...row }));
      },
    },
  };
}

const meta: Meta<TableArgs> = {
  title: 'Elements/data-frame-table',
  component: 'data-frame-table',
  args: { rows: 100_000, columns: 20, theme: undefined, latencyMs: 150 },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    rows: { control: { type: 'number', min: 0, step: 1000 } },
    columns: { control: { type: 'number', min: 1, max: 60 } },
    latencyMs: { control: { type: 'number', min: 0, step: 50 } },
  },
};
export default meta;

type Story = StoryObj<TableArgs>;

export const Local: Story = {
  render: (args) => table(args, (element) => (element.source = generatedFrameSource(args.rows, args.columns))),
};

export const LocalRowsProperty: Story = {
  name: 'Local (columns and rows properties)',
  render: (args) =>
    table(args, (element) => {
      element.columns = ['city', { name: 'population', type: 'integer' }, { name: 'founded', type: 'date' }, 'notes'];
      element.rows = [
        ['Lisbon', 545_796, '1179-01-01', null],
        ['Porto', 231_800, '0868-01-01', 'Second city; the river Douro and its port wine lodges'],
        ['Braga', 193_333, '0016-01-01', null],
        ['Coimbra', 140_796, '1131-01-01', 'University since 1290'],
      ];
    }),
};

export const Remote: Story = {
  name: 'Remote (simulated agent server)',
  render: (args) =>
    table(args, (element) => {
      element.client = simulatedClient(args.latencyMs);
      element.conversationId = 'conversation-1';
    }),
};

export const Loading: Story = {
  render: (args) =>
    table(args, (element) => {
      element.source = slowSource(generatedFrameSource(args.rows, args.columns), 'hang', args.latencyMs);
    }),
};

export const SliceErrors: Story = {
  name: 'Error (slices fail, with retry)',
  render: (args) =>
    table(args, (element) => {
      element.source = slowSource(generatedFrameSource(args.rows, args.columns), 'fail', args.latencyMs);
    }),
};

export const TenMillionRows: Story = {
  name: '10,000,000 rows',
  args: { rows: 10_000_000, columns: 9 },
  render: (args) =>
    table(args, (element) => {
      element.source = generatedFrameSource(args.rows, args.columns);
      element.scrollToRow(args.rows - 1);
    }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) =>
    table(args, (element) => (element.source = generatedFrameSource(args.rows, args.columns))),
  parameters: { backgrounds: { default: 'dark' } },
};
