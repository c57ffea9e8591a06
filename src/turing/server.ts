/** The Turing test's HTTP server on 127.0.0.1: the page, new sessions, images and answers. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { turingPage } from './page';
import { SubmissionError, type TuringSessions } from './session';

/** Bodies larger than this are refused: an answer is a few dozen bytes. */
const MAX_BODY_BYTES = 4096;

export interface TuringServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startTuringServer(sessions: TuringSessions, o: { port: number; title: string }): Promise<TuringServer> {
  const page = turingPage(o.title);
  const server = http.createServer((req, res) => {
    handle(sessions, page, req, res).catch((err: Error) => send(res, 500, { error: err.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(sessions: TuringSessions, page: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const image = /^\/api\/sessions\/([\w-]+)\/images\/(\d+)\.png$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page);
  } else if (req.method === 'POST' && url.pathname === '/api/sessions') {
    try {
      send(res, 201, sessions.create());
    } catch (err) {
      if (!(err instanceof SubmissionError)) throw err;
      send(res, 429, { error: err.message });
    }
  } else if (req.method === 'GET' && image) {
    const png = sessions.image(image[1], Number(image[2]));
    if (!png) return send(res, 404, { error: 'no such image' });
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    res.end(png);
  } else if (req.method === 'POST' && url.pathname === '/api/answers') {
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    let parsed: { session?: unknown; index?: unknown; answer?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
      if (typeof parsed !== 'object' || parsed === null) throw new SyntaxError('not an object');
    } catch {
      return send(res, 400, { error: 'body must be a JSON object {"session", "index", "answer"}' });
    }
    try {
      send(res, 200, sessions.answer(parsed.session, parsed.index, parsed.answer));
    } catch (err) {
      if (!(err instanceof SubmissionError)) throw err;
      send(res, 400, { error: err.message });
    }
  } else {
    send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The request body as text, or undefined when it is too large. */
async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
