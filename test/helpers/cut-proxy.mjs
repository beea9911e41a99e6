// A loopback HTTP proxy that forwards every request to a target server and, when asked, cuts the response
// off after a number of body bytes: the way a stream dies when a network drops mid-reply. Tests use it to
// prove that a client resumes without gaps or duplicated text.
import http from 'node:http';

/**
 * @param {{ target: string, cutAfterBytes?: number | null, cutOnlyStreams?: boolean, gatewayCors?: boolean }} options
 *   `cutAfterBytes`: cut each matching response after this many body bytes (null = never).
 *   `cutOnlyStreams`: cut only `text/event-stream` responses (default true), so re-reads still work.
 *   `gatewayCors`: while the target is unreachable, answer like a gateway that handles CORS itself (API
 *   gateways often do): preflights pass, and the 502 is readable by the page as a status. Without it (the
 *   default), the 502 has no CORS headers and a page on another origin sees only a failed fetch.
 * @returns {Promise<{ url: string, setCut(bytes: number | null): void, cutCount(): number, close(): Promise<void> }>}
 */
export async function startCutProxy({ target, cutAfterBytes = null, cutOnlyStreams = true, gatewayCors = false }) {
  const targetUrl = new URL(target);
  let cutAfter = cutAfterBytes;
  let cuts = 0;
  const sockets = new Set();

  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        const isStream = String(upstreamRes.headers['content-type'] ?? '').includes('text/event-stream');
        const limit = cutAfter !== null && (isStream || !cutOnlyStreams) ? cutAfter : null;
        let sent = 0;
        upstreamRes.on('data', (chunk) => {
          if (limit === null) {
            res.write(chunk);
            return;
          }
          const room = limit - sent;
          if (room > 0) res.write(room >= chunk.length ? chunk : chunk.subarray(0, room));
          sent += chunk.length;
          if (sent >= limit) {
            cuts += 1;
            upstreamRes.destroy();
            // Destroy the socket without finishing the chunked body: the client sees a dropped connection.
            res.socket?.destroy();
          }
        });
        upstreamRes.on('end', () => res.end());
        upstreamRes.on('error', () => res.socket?.destroy());
      },
    );
    upstream.on('error', () => {
      const origin = req.headers.origin;
      const cors = gatewayCors && origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
      if (gatewayCors && req.method === 'OPTIONS' && !res.headersSent) {
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': String(req.headers['access-control-request-method'] ?? 'GET'),
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
        });
        res.end();
        return;
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify({ detail: 'cut proxy: upstream unreachable' }));
    });
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    setCut(bytes) {
      cutAfter = bytes;
    },
    cutCount: () => cuts,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}
