/**
 * BASELINE ONLY: the machine's limit for this work. A bare `node:http` server (no framework)
 * answering the benchmarked routes with the same in-process work as the service
 * (`baseline-work.ts`): read and parse the JSON body, check it, move the counters, answer JSON.
 * Started by `limit.bench.ts` as `PORT=<port> node -r ts-node/register/transpile-only <this file>`.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Answer, confirm, createItem, getItem, reserve } from './baseline-work';

const BODY_LIMIT_BYTES = 16 * 1024;

function send(res: ServerResponse, { status, body }: Answer): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function withJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (body: unknown) => Answer,
) {
  if (!req.headers['content-type']?.startsWith('application/json')) {
    return send(res, { status: 415, body: { success: false, code: 'UNSUPPORTED_MEDIA_TYPE' } });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > BODY_LIMIT_BYTES) {
      return send(res, { status: 413, body: { success: false, code: 'PAYLOAD_TOO_LARGE' } });
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, { status: 400, body: { success: false, code: 'MALFORMED_JSON' } });
    }
    send(res, handle(body));
  });
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/inventory/')) {
    return send(res, getItem(decodeURIComponent(url.slice('/inventory/'.length))));
  }
  if (req.method === 'GET' && url === '/health') {
    return send(res, { status: 200, body: { success: true, data: { status: 'ok' } } });
  }
  if (req.method === 'POST' && url === '/inventory/reserve') return withJsonBody(req, res, reserve);
  if (req.method === 'POST' && url === '/checkout/confirm') return withJsonBody(req, res, confirm);
  if (req.method === 'POST' && url === '/inventory') return withJsonBody(req, res, createItem);
  send(res, { status: 404, body: { success: false, code: 'ROUTE_NOT_FOUND' } });
});
// Node's defaults, as the service's Fastify server keeps them (keep-alive on).
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
