// Serves the built app (build/) on 127.0.0.1 the way a static host would: files as they are,
// every other path falls back to index.html (the SPA entry). It also sends the cross-origin
// isolation headers, which in-browser inference needs for multi-threaded WebAssembly.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'build');
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.gguf': 'application/octet-stream'
};

function fileAt(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  // Stay inside the build folder (a sibling folder whose name starts the same is outside).
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory()) return fileAt(join(urlPath, 'index.html'));
  } catch {
    return undefined;
  }
  return undefined;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = fileAt(url.pathname) ?? join(root, 'index.html');
  res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader(
    'Cache-Control',
    path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache'
  );
  createReadStream(path)
    .on('error', () => {
      res.statusCode = 500;
      res.end('cannot read file');
    })
    .pipe(res);
});

server.listen(port, host, () => {
  console.log(`CQ-Bench is being served at http://${host}:${port}/`);
});
