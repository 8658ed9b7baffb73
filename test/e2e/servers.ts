import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

// Small HTTP servers for the privacy, offline, base-path and webhook tests, all on 127.0.0.1.

export interface Running {
  origin: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/**
 * A proxy that Chromium sends every request through (loopback included): it records each request's
 * origin and forwards only those to `allowed` origins. Everything the browser asks for, from the page,
 * its workers, its service worker or Chromium itself, passes here.
 */
export async function startRecordingProxy(): Promise<Running & { seen: string[]; allow(origin: string): void }> {
  const seen: string[] = [];
  const allowed = new Set<string>();
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    seen.push(`${req.method} ${target.href}`);
    if (!allowed.has(target.origin)) {
      res.writeHead(403).end('blocked by the test proxy');
      return;
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  // https:// and wss:// come as CONNECT: recorded, never tunnelled.
  server.on('connect', (req: IncomingMessage, socket) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  const origin = await listen(server);
  return { origin, seen, allow: (o) => allowed.add(o), close: closer(server) };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv',
  '.map': 'application/json',
};

/**
 * Serves a built folder under `base` (such as `/relearn/`) as a plain static host does: files by path,
 * `index.html` for the folder, 404 for anything else, no extra headers. Records every path asked for.
 */
export async function startStaticHost(dir: string, base: string): Promise<Running & { paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    paths.push(path);
    const inside = path.startsWith(base) ? normalize(path.slice(base.length)) : null;
    if (inside === null || inside.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    const file = join(dir, inside === '.' || inside === '' ? 'index.html' : inside);
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  const origin = await listen(server);
  return { origin, paths, close: closer(server) };
}

export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  origin: string | undefined;
  body: string;
}

/** A webhook receiver on another port (another origin): records every request and answers CORS for `pageOrigin`. */
export async function startWebhookReceiver(pageOrigin: string): Promise<Running & { received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], origin: req.headers.origin, body: Buffer.concat(chunks).toString('utf8') });
      const cors = { 'Access-Control-Allow-Origin': pageOrigin, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type' };
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, cors).end();
    });
  });
  const origin = await listen(server);
  return { origin, received, close: closer(server) };
}

/** The folder the e2e build went to (RELEARN_DIST, else dist/). */
export function builtPageDir(): string {
  return join(fileURLToPath(new URL('../..', import.meta.url)), process.env.RELEARN_DIST ?? 'dist');
}
