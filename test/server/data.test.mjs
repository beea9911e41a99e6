// Agents files and data frames over real HTTP: multipart upload with repeated `files` parts, listing,
// download with type and disposition, the 413 over the upload limit, CSV uploads becoming typed frames, the
// built-in generated frames, slicing with column_names, order_by and offsets at the far end, and the errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENTS, startTestServer } from './harness.mjs';
import { builtInFrames, csvFrame, frameNameForFile, parseCsv, sortedRowOrder, tableFrame } from '../../demo/server/data-frames.mjs';

/** @typedef {import('./harness.mjs').TestServer} TestServer */

/** @param {TestServer} server */
async function newConversation(server) {
  const created = await server.json('POST', `${AGENTS}/conversations`, { body: { name: 'Data questions' } });
  assert.equal(created.status, 200);
  return /** @type {string} */ (created.body.id);
}

/**
 * @param {TestServer} server @param {string} cid
 * @param {{name: string, type?: string, content: string | Uint8Array}[]} files
 */
function upload(server, cid, files) {
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([/** @type {BlobPart} */ (file.content)], file.type === undefined ? {} : { type: file.type }), file.name);
  return fetch(`${server.url}${AGENTS}/conversations/${cid}/files`, { method: 'POST', headers: { Authorization: `Bearer ${server.server.token}` }, body: form });
}

const ORDERS_CSV = [
  'order,customer,amount,paid,shipped_on,note',
  '1,"Acme, Inc.",12.5,true,2026-01-03,first',
  '2,Globex,7,false,2026-01-01,',
  '3,"Initech ""East""",,TRUE,2026-01-02,"multi',
  'line"',
  '4,Acme,100.25,false,,NA',
  '',
  '5,Umbrella,7,true,2026-01-05',
].join('\r\n');

describe('files', () => {
  /** @type {TestServer} */
  let server;
  /** @type {string} */
  let cid;
  before(async () => {
    server = await startTestServer({ maxUploadBytes: 64 * 1024 });
    cid = await newConversation(server);
  });
  after(() => server.close());

  test('upload with repeated files parts, list, download the same bytes with type and disposition', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    const uploaded = await upload(server, cid, [
      { name: 'notes.md', type: 'text/markdown', content: '# Q3\n\nReconcile **everything**.' },
      { name: 'chart – final.png', content: png },
    ]);
    assert.equal(uploaded.status, 200);
    const files = await uploaded.json();
    assert.equal(files.length, 2);
    assert.deepEqual(Object.keys(files[0]).sort(), ['created_at', 'file_id', 'file_ref', 'file_size_raw', 'mime_type']);
    assert.deepEqual(
      files.map((/** @type {any} */ f) => [f.file_ref, f.file_size_raw, f.mime_type]),
      [
        ['notes.md', Buffer.byteLength('# Q3\n\nReconcile **everything**.'), 'text/markdown'],
        ['chart – final.png', 12, 'image/png'],
      ],
    );
    const listed = await server.json('GET', `${AGENTS}/conversations/${cid}/files`);
    assert.deepEqual(listed.body, files);

    const download = await server.request('GET', `${AGENTS}/conversations/${cid}/files/download/?file_ref=${encodeURIComponent('chart – final.png')}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="chart _ final.png"; filename*=UTF-8''${encodeURIComponent('chart – final.png')}`);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), png);
    const text = await server.request('GET', `${AGENTS}/conversations/${cid}/files/download/?file_ref=notes.md`);
    assert.equal(await text.text(), '# Q3\n\nReconcile **everything**.');
  });

  test('same name replaces the file; download errors; unknown conversation 404', async () => {
    await upload(server, cid, [{ name: 'report.txt', content: 'v1' }]);
    const second = await (await upload(server, cid, [{ name: 'report.txt', content: 'version 2' }])).json();
    const listed = (await server.json('GET', `${AGENTS}/conversations/${cid}/files`)).body.filter((/** @type {any} */ f) => f.file_ref === 'report.txt');
    assert.deepEqual(listed, second);
    assert.equal(listed[0].mime_type, 'text/plain');
    assert.equal(await (await server.request('GET', `${AGENTS}/conversations/${cid}/files/download/?file_ref=report.txt`)).text(), 'version 2');

    const missing = await server.json('GET', `${AGENTS}/conversations/${cid}/files/download/?file_ref=nope.txt`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    assert.equal(typeof missing.body.error.error_id, 'string');
    const noRef = await server.json('GET', `${AGENTS}/conversations/${cid}/files/download/`);
    assert.equal(noRef.status, 400);
    assert.equal(noRef.body.error.code, 'bad_request');
    const noParts = await fetch(`${server.url}${AGENTS}/conversations/${cid}/files`, { method: 'POST', headers: { Authorization: `Bearer ${server.server.token}` }, body: new FormData() });
    assert.equal(noParts.status, 400);
    const unknown = await server.json('GET', `${AGENTS}/conversations/00000000-0000-4000-8000-000000000000/files`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
  });

  test('an upload over the configured limit is a 413 in the agents error shape, and nothing is stored', async () => {
    const before = (await server.json('GET', `${AGENTS}/conversations/${cid}/files`)).body.length;
    const tooBig = await upload(server, cid, [{ name: 'big.bin', content: new Uint8Array(100 * 1024) }]);
    assert.equal(tooBig.status, 413);
    const body = await tooBig.json();
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'error_id', 'message']);
    assert.match(body.error.message, /65536 bytes/);
    assert.equal((await server.json('GET', `${AGENTS}/conversations/${cid}/files`)).body.length, before);
  });

  test('a CSV upload becomes a typed data frame of its conversation, and survives a restart', async () => {
    const uploaded = await upload(server, cid, [{ name: 'Q1 Orders.csv', type: 'text/csv', content: ORDERS_CSV }, { name: 'ragged.csv', content: 'a,b\n1,2,3\n' }]);
    assert.equal(uploaded.status, 200);
    const frames = (await server.json('GET', `${AGENTS}/conversations/${cid}/data-frames?num_samples=2`)).body;
    assert.deepEqual(
      frames.map((/** @type {any} */ f) => f.name),
      ['sales_1m', 'events_10m', 'fx_rates', 'q1_orders'],
      'a ragged CSV stays a file but is not a frame',
    );
    const orders = frames[3];
    assert.equal(orders.num_rows, 5);
    assert.equal(orders.num_columns, 6);
    assert.deepEqual(orders.column_headers, ['order', 'customer', 'amount', 'paid', 'shipped_on', 'note']);
    assert.deepEqual(orders.sample_rows, [
      [1, 'Acme, Inc.', 12.5, true, '2026-01-03', 'first'],
      [2, 'Globex', 7, false, '2026-01-01', null],
    ]);

    const path = `${AGENTS}/conversations/${cid}/data-frames/q1_orders`;
    const rows = (await server.json('GET', `${path}?order_by=-amount&column_names=customer,amount,note`)).body;
    assert.deepEqual(rows, [
      { customer: 'Acme', amount: 100.25, note: null },
      { customer: 'Acme, Inc.', amount: 12.5, note: 'first' },
      { customer: 'Globex', amount: 7, note: null },
      { customer: 'Umbrella', amount: 7, note: null },
      { customer: 'Initech "East"', amount: null, note: 'multi\r\nline' },
    ]);
    const byDate = (await server.json('GET', `${path}?order_by=shipped_on&column_names=order`)).body;
    assert.deepEqual(
      byDate.map((/** @type {any} */ r) => r.order),
      [2, 3, 1, 5, 4],
    );

    const csvFile = (await uploaded.json())[0];
    assert.equal(orders.created_at, csvFile.created_at);

    await server.restart();
    assert.deepEqual((await server.json('GET', `${path}?order_by=-amount&column_names=customer,amount,note`)).body, rows);
    const listedAgain = (await server.json('GET', `${AGENTS}/conversations/${cid}/data-frames`)).body[3];
    assert.equal(listedAgain.data_frame_id, orders.data_frame_id, 'ids survive a restart');
    await upload(server, cid, [{ name: 'Q1 Orders.csv', type: 'text/csv', content: 'order\n1\n' }]);
    const replaced = (await server.json('GET', `${AGENTS}/conversations/${cid}/data-frames`)).body[3];
    assert.equal(replaced.name, 'q1_orders');
    assert.equal(replaced.num_rows, 1);
    assert.notEqual(replaced.data_frame_id, orders.data_frame_id, 'a re-upload is a new frame');
    const other = await newConversation(server);
    const otherFrames = (await server.json('GET', `${AGENTS}/conversations/${other}/data-frames`)).body;
    assert.deepEqual(
      otherFrames.map((/** @type {any} */ f) => f.name),
      ['sales_1m', 'events_10m', 'fx_rates'],
      'uploads belong to their conversation',
    );
  });
});

describe('data frames', () => {
  /** @type {TestServer} */
  let server;
  /** @type {string} */
  let base;
  before(async () => {
    server = await startTestServer();
    base = `${AGENTS}/conversations/${await newConversation(server)}/data-frames`;
  });
  after(() => server.close());

  test('every conversation lists the built-in frames; num_samples 0, N and -1', async () => {
    const listed = await server.json('GET', base);
    assert.equal(listed.status, 200);
    const [sales, events, fx] = listed.body;
    assert.deepEqual(Object.keys(sales).sort(), ['column_headers', 'created_at', 'data_frame_id', 'description', 'name', 'num_columns', 'num_rows', 'sample_rows']);
    assert.deepEqual([sales.num_rows, sales.num_columns, events.num_rows, events.num_columns, fx.num_rows], [1_000_000, 12, 10_000_000, 6, 8]);
    assert.deepEqual(sales.column_headers, ['order_id', 'order_date', 'region', 'country', 'customer', 'product', 'category', 'quantity', 'unit_price', 'discount', 'revenue', 'returned']);
    assert.deepEqual(sales.sample_rows, []);
    assert.match(sales.data_frame_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((await server.json('GET', base)).body[0].data_frame_id, sales.data_frame_id, 'ids are stable');

    const three = (await server.json('GET', `${base}?num_samples=3`)).body;
    assert.equal(three[0].sample_rows.length, 3);
    assert.equal(three[0].sample_rows[0].length, 12);
    const all = (await server.json('GET', `${base}?num_samples=-1`)).body;
    assert.equal(all[2].sample_rows.length, 8);
    assert.equal(all[0].sample_rows.length, 1000, 'capped for the generated frames');
    assert.equal((await server.json('GET', `${base}?num_samples=-2`)).status, 400);
  });

  test('a slice: offset, limit and column_names give typed row objects, the same on every call', async () => {
    const slice = await server.json('GET', `${base}/sales_1m?offset=10&limit=5&column_names=order_id,order_date,quantity,unit_price,returned,customer`);
    assert.equal(slice.status, 200);
    assert.equal(slice.body.length, 5);
    assert.deepEqual(Object.keys(slice.body[0]), ['order_id', 'order_date', 'quantity', 'unit_price', 'returned', 'customer']);
    assert.deepEqual(
      slice.body.map((/** @type {any} */ r) => r.order_id),
      [100011, 100012, 100013, 100014, 100015],
    );
    for (const row of slice.body) {
      assert.match(row.order_date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(Number.isInteger(row.quantity) && row.quantity >= 1);
      assert.equal(Math.round(row.unit_price * 100) / 100, row.unit_price);
      assert.ok(row.returned === null || typeof row.returned === 'boolean');
    }
    assert.deepEqual((await server.json('GET', `${base}/sales_1m?offset=10&limit=5&column_names=order_id,order_date,quantity,unit_price,returned,customer`)).body, slice.body);
    const end = (await server.json('GET', `${base}/events_10m?offset=9999998&limit=10`)).body;
    assert.deepEqual(
      end.map((/** @type {any} */ r) => r.event_id),
      [9_999_999, 10_000_000],
    );
    assert.deepEqual((await server.json('GET', `${base}/events_10m?offset=20000000&limit=10`)).body, []);
    assert.equal((await server.json('GET', `${base}/fx_rates`)).body.length, 8, 'no limit: the whole (small) frame');
  });

  test('order_by sorts the whole frame (nulls last both ways), including slices at the far end', async () => {
    const desc = (await server.json('GET', `${base}/sales_1m?order_by=-revenue&limit=50&column_names=order_id,quantity,revenue`)).body;
    const revenues = desc.map((/** @type {any} */ r) => r.revenue);
    assert.deepEqual(revenues, [...revenues].sort((a, b) => b - a));
    const top = desc[0].revenue;
    const asc = (await server.json('GET', `${base}/sales_1m?order_by=revenue&offset=999990&limit=10&column_names=revenue`)).body;
    assert.equal(asc.at(-1).revenue, top, 'the last ascending row is the first descending one');

    const discountAsc = (await server.json('GET', `${base}/sales_1m?order_by=discount&offset=999995&limit=5&column_names=discount`)).body;
    const discountDesc = (await server.json('GET', `${base}/sales_1m?order_by=-discount&offset=999995&limit=5&column_names=discount`)).body;
    assert.deepEqual(discountAsc, Array(5).fill({ discount: null }));
    assert.deepEqual(discountDesc, Array(5).fill({ discount: null }));
    assert.equal((await server.json('GET', `${base}/sales_1m?order_by=-discount&limit=1&column_names=discount`)).body[0].discount, 0.25);

    const customers = (await server.json('GET', `${base}/sales_1m?order_by=customer&offset=500000&limit=200&column_names=customer,order_id`)).body;
    for (let i = 1; i < customers.length; i++) {
      assert.ok(customers[i - 1].customer <= customers[i].customer);
      if (customers[i - 1].customer === customers[i].customer) assert.ok(customers[i - 1].order_id < customers[i].order_id, 'ties keep row order');
    }
  });

  test('errors: unknown frame 404, unknown column 400, parquet 400, bad paging 400, slice too big 400', async () => {
    const cases = [
      [`${base}/nope`, 404, 'not_found'],
      [`${base}/sales_1m?limit=5&column_names=order_id,bogus`, 400, 'bad_request'],
      [`${base}/sales_1m?limit=5&order_by=-bogus`, 400, 'bad_request'],
      [`${base}/sales_1m?limit=5&output_format=parquet`, 400, 'bad_request'],
      [`${base}/sales_1m?limit=5&offset=-1`, 400, 'bad_request'],
      [`${base}/sales_1m?limit=ten`, 400, 'bad_request'],
      [`${base}/sales_1m`, 400, 'bad_request'],
      [`${AGENTS}/conversations/00000000-0000-4000-8000-000000000000/data-frames/sales_1m`, 404, 'not_found'],
    ];
    for (const [path, status, code] of /** @type {[string, number, string][]} */ (cases)) {
      const answer = await server.json('GET', path);
      assert.equal(answer.status, status, path);
      assert.equal(answer.body.error.code, code, path);
    }
    const parquet = await server.json('GET', `${base}/sales_1m?limit=5&output_format=parquet`);
    assert.match(parquet.body.error.message, /only output_format=json/);
    const column = await server.json('GET', `${base}/sales_1m?limit=5&column_names=bogus`);
    assert.match(column.body.error.message, /bogus/);
  });
});

test('parseCsv: quotes, doubled quotes, CRLF, blank lines and a BOM', () => {
  assert.deepEqual(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n\n1,\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['1', ''],
  ]);
  assert.deepEqual(parseCsv('a\n""\n'), [['a'], ['']]);
  assert.throws(() => parseCsv('a\n"open'));
});

test('csvFrame infers column types and makes headers unique as pandas does', () => {
  const frame = csvFrame({ cacheKey: 't', name: 't', fileRef: 't.csv', text: 'id,,id,when,flag,big\n1,a,2.5,2026-01-01T10:00:00Z,True,9007199254740993\n-2,b,3,2026-01-02 08:00,false,1\n' });
  assert.ok(frame);
  assert.deepEqual(
    frame.columns.map((c) => [c.name, c.type]),
    [
      ['id', 'integer'],
      ['Unnamed: 1', 'string'],
      ['id.1', 'number'],
      ['when', 'datetime'],
      ['flag', 'boolean'],
      ['big', 'number'],
    ],
  );
  assert.equal(csvFrame({ cacheKey: 't', name: 't', fileRef: 't.csv', text: '' }), null);
});

test('frameNameForFile: file stem, letters digits and underscores, unique', () => {
  assert.equal(frameNameForFile('Q1 Orders (final).csv', new Set()), 'q1_orders_final');
  assert.equal(frameNameForFile('sales_1m.csv', new Set(['sales_1m'])), 'sales_1m_2');
  assert.equal(frameNameForFile('….csv', new Set()), 'data');
});

test('sortedRowOrder: stable, nulls last in both directions, two-pass keys', () => {
  const small = tableFrame({ cacheKey: 's', name: 's', description: '', headers: ['v'], types: ['integer'], rows: [[3], [null], [1], [3], [2]] });
  assert.deepEqual([...sortedRowOrder(small.columns[0], 5, false)], [2, 4, 0, 3, 1]);
  assert.deepEqual([...sortedRowOrder(small.columns[0], 5, true)], [0, 3, 4, 2, 1]);
  const [, events] = builtInFrames(1);
  const userId = events.columns.find((c) => c.name === 'user_id');
  assert.ok(userId && userId.keyBound > 0xffff, 'user_id needs the second radix pass');
  const order = sortedRowOrder(userId, 50_000, false);
  for (let i = 1; i < order.length; i++) {
    const a = /** @type {number} */ (userId.keyAt(order[i - 1]));
    const b = /** @type {number} */ (userId.keyAt(order[i]));
    assert.ok(a < b || (a === b && order[i - 1] < order[i]));
  }
});
