/**
 * scripts/serve.mjs as a static host must behave, probed with raw HTTP over a socket: malformed
 * request targets are a 400 (not a crash), a missing asset is a 404 (not the SPA page), only
 * GET and HEAD are served, and every answer carries the security headers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'cqbench-serve-'));
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='";
let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="content-security-policy" content="${POLICY}"></head><body>app</body></html>`
  );
  mkdirSync(join(root, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(root, '_app', 'immutable', 'start.js'), 'export {};\n');
  port = await freePort();
  server = spawn(process.execPath, ['scripts/serve.mjs', root], {
    env: { ...process.env, PORT: String(port) }
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', () => {
      resolve();
    });
    server.on('exit', (code) => {
      reject(new Error(`the server exited with ${String(code)}`));
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(free);
      });
    });
  });
}

afterAll(() => {
  server.kill();
  rmSync(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Sends one request exactly as written and reads the reply until the server closes. */
function raw(requestLine: string, extra = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      // Written, not ended: the server closes the connection after its reply (Connection: close).
      socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`);
    });
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      const [status, ...lines] = head.split('\r\n');
      const headers = new Map(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()])
      );
      resolve({ status: Number(status?.split(' ')[1]), headers, body });
    });
  });
}

describe('scripts/serve.mjs', () => {
  it.each([['GET //[ HTTP/1.1'], ['GET http://[ HTTP/1.1']])(
    'answers "%s" with 400 and keeps serving',
    async (line) => {
      expect((await raw(line)).status).toBe(400);
      expect((await raw('GET / HTTP/1.1')).status).toBe(200);
    }
  );

  it('answers a missing asset with 404, and a page route with the app', async () => {
    const missing = await raw('GET /_app/immutable/nothere.js HTTP/1.1');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).not.toContain('text/html');
    expect((await raw('GET /favicon-missing.png HTTP/1.1')).status).toBe(404);
    const page = await raw('GET /datasets/social/3 HTTP/1.1');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('app');
    const asset = await raw('GET /_app/immutable/start.js HTTP/1.1');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers other methods with 405 and Allow, and HEAD without a body', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await raw(`${method} / HTTP/1.1`, 'Content-Length: 0\r\n');
      expect(r.status, method).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
    }
    const head = await raw('HEAD / HTTP/1.1');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('sends the security headers, the page’s own policy and frame-ancestors', async () => {
    const page = await raw('GET / HTTP/1.1');
    expect(page.headers.get('content-security-policy')).toBe(`${POLICY}; frame-ancestors 'none'`);
    for (const r of [
      page,
      await raw('GET /_app/immutable/start.js HTTP/1.1'),
      await raw('GET /x.js HTTP/1.1')
    ]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
