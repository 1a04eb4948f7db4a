/** What the browser benches share: the built app served on a free port. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves `build/` with scripts/serve.mjs, as the e2e tests do; resolves once it listens. */
export async function serveBuild(dir = process.env.BUILD_DIR ?? 'build'): Promise<Served> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`no build in ${dir}/: run npm run build first`);
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/serve.mjs', dir], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the static server exited (${String(code)})`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('being served')) resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => {
          resolve();
        });
        child.kill();
      })
  };
}
