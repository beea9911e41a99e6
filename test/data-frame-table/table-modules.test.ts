import { expect } from '@open-wc/testing';
import { ColumnLayout, moveColumn } from '../../src/elements/data-frame-table/column-layout.js';
import { toDelimitedLines, delimitedHeader } from '../../src/elements/data-frame-table/delimited-text.js';
import { LocalFrameSource, inferColumnType, compareCells } from '../../src/elements/data-frame-table/frame-source.js';
import { ValueFormatter } from '../../src/elements/data-frame-table/value-format.js';
import { exportFrameAsCsv } from '../../src/elements/data-frame-table/frame-export.js';
import { maxElementHeight } from '../../src/elements/data-frame-table/max-element-height.js';

const words = { nullValue: 'null', trueValue: 'yes', falseValue: 'no' };

describe('ColumnLayout', () => {
  const columns = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
  const layout = new ColumnLayout(columns, { a: 100, b: 100, c: 100, d: 100, e: 100 });

  it('keeps the first column and only the columns intersecting the viewport', () => {
    expect(layout.totalWidth).to.equal(500);
    expect(layout.visibleColumns(0, 250).map((p) => p.column.name)).to.deep.equal(['a', 'b', 'c']);
    expect(layout.visibleColumns(150, 250).map((p) => p.column.name)).to.deep.equal(['a', 'c', 'd']);
    expect(layout.visibleColumns(300, 200).map((p) => p.column.name)).to.deep.equal(['a', 'e']);
  });

  it('scrolls just enough to reveal a column beside the sticky one', () => {
    expect(layout.scrollLeftToReveal(4, 0, 250)).to.equal(250);
    expect(layout.scrollLeftToReveal(1, 250, 250)).to.equal(0);
    expect(layout.scrollLeftToReveal(2, 50, 250)).to.equal(50);
  });

  it('finds the column under a point, and moves columns', () => {
    expect(layout.columnAt(50, 300)!.column.name).to.equal('a');
    expect(layout.columnAt(150, 300)!.column.name).to.equal('e');
    expect(moveColumn(['a', 'b', 'c'], 'a', 2)).to.deep.equal(['b', 'c', 'a']);
    expect(moveColumn(['a', 'b', 'c'], 'c', -5)).to.deep.equal(['c', 'a', 'b']);
  });
});

describe('maxElementHeight', () => {
  const heightOf = (px: number) => {
    const probe = document.createElement('div');
    probe.style.cssText = `position:absolute;width:1px;height:${px}px`;
    document.body.append(probe);
    const got = probe.getBoundingClientRect().height;
    probe.remove();
    return got;
  };

  it('is what this browser honours, with room to spare: half its cap, measured, not assumed', () => {
    const usable = maxElementHeight();
    expect(usable).to.be.greaterThan(1_000_000);
    expect(heightOf(usable)).to.equal(usable);
    expect(heightOf(usable * 2 + 64)).to.be.lessThan(usable * 2 + 64);
    expect(maxElementHeight()).to.equal(usable);
  });
});

describe('ValueFormatter', () => {
  const formatter = ValueFormatter.for('en-US');

  it('formats by type and shows nulls as such', () => {
    expect(formatter.format(1234567, 'integer', words)).to.deep.equal({ text: '1,234,567', missing: false });
    expect(formatter.format(1234.5678, 'decimal', words).text).to.equal('1,234.5678');
    expect(formatter.format('2024-03-01', 'date', words).text).to.equal('Mar 1, 2024');
    expect(formatter.format(true, 'boolean', words).text).to.equal('yes');
    expect(formatter.format(null, 'integer', words)).to.deep.equal({ text: 'null', missing: true });
    expect(formatter.format('not a date', 'date', words).text).to.equal('not a date');
    expect(formatter.format({ nested: [1] }, 'text', words).text).to.equal('{"nested":[1]}');
  });

  it('builds its Intl formatters once per locale', () => {
    expect(ValueFormatter.for('en-US')).to.equal(formatter);
    expect(ValueFormatter.for('de-DE').format(1234.5, 'decimal', words).text).to.equal('1.234,5');
    expect(ValueFormatter.for('de-DE').count(10_000_000)).to.equal('10.000.000');
  });

  it('formats date-times in the local time zone and dates as calendar days', () => {
    const local = new Date(2024, 2, 1, 14, 5);
    expect(formatter.format(local.toISOString(), 'datetime', words).text).to.equal('Mar 1, 2024, 2:05 PM');
    expect(formatter.format('2024-03-01', 'date', words).text).to.equal('Mar 1, 2024');
  });
});

describe('column types and ordering', () => {
  it('infers types from values', () => {
    expect(inferColumnType([1, 2, null])).to.equal('integer');
    expect(inferColumnType([1, 2.5])).to.equal('decimal');
    expect(inferColumnType(['2024-01-01', null])).to.equal('date');
    expect(inferColumnType(['2024-01-01T10:00:00Z'])).to.equal('datetime');
    expect(inferColumnType([true, false])).to.equal('boolean');
    expect(inferColumnType(['x', 1])).to.equal('text');
    expect(inferColumnType([null])).to.equal('text');
  });

  it('orders nulls last in both directions, numbers by value, text naturally', () => {
    const sorted = [3, null, 10, 1].sort((a, b) => compareCells(a, b));
    expect(sorted).to.deep.equal([1, 3, 10, null]);
    expect([3, null, 10, 1].sort((a, b) => compareCells(a, b, true))).to.deep.equal([10, 3, 1, null]);
    expect(['item 10', 'item 9'].sort((a, b) => compareCells(a, b))).to.deep.equal(['item 9', 'item 10']);
  });

  it('pages and sorts local rows like the server (stable, only the asked columns)', () => {
    const source = LocalFrameSource.fromRows(['k', 'v'], [['b', 2], ['a', 2], ['c', 1]]);
    expect(source.columns.map((c) => c.type)).to.deep.equal(['text', 'integer']);
    expect(source.getRows(0, 3, { columns: ['v', 'k'], orderBy: 'v' })).to.deep.equal([
      { v: 1, k: 'c' },
      { v: 2, k: 'b' },
      { v: 2, k: 'a' },
    ]);
    expect(source.getRows(1, 5, { columns: ['k'], orderBy: '-k' })).to.deep.equal([{ k: 'b' }, { k: 'a' }]);
  });
});

describe('delimited text and export', () => {
  it('quotes fields like spreadsheets do', () => {
    const rows = [{ a: 'plain', b: 'tab\there' }, { a: 'say "hi"', b: null }, { a: 'line\nbreak', b: 1.5 }];
    expect(toDelimitedLines(rows, ['a', 'b'], '\t')).to.equal('plain\t"tab\there"\r\n"say ""hi"""\t\r\n"line\nbreak"\t1.5\r\n');
    expect(delimitedHeader(['x,y', 'z'], ',')).to.equal('"x,y",z\r\n');
  });

  it('exports page by page with progress, and stops when aborted', async () => {
    const source = LocalFrameSource.fromRows(['n'], Array.from({ length: 25 }, (_, i) => [i]));
    const progress: number[] = [];
    const blob = await exportFrameAsCsv(source, { columns: ['n'], orderBy: '-n', pageSize: 10, onProgress: (done) => progress.push(done) });
    expect(progress).to.deep.equal([0, 10, 20, 25]);
    expect((await blob.text()).split('\r\n').slice(0, 3)).to.deep.equal(['n', '24', '23']);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    let error: unknown;
    await exportFrameAsCsv(source, { columns: ['n'], orderBy: null, signal: controller.signal }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('stop');
  });
});
