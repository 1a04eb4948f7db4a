// Serves the built app (build/) on 127.0.0.1 the way a static host should: files as they are,
// page routes (paths without a file extension) fall back to index.html (the SPA entry), and a
// missing asset is a 404. It also sends the cross-origin isolation headers, which in-browser
// inference needs for multi-threaded WebAssembly, and the app's security headers.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CSP_DIRECTIVES, HEADER_ONLY_DIRECTIVES, policyText } from './csp.mjs';

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

const SECURITY_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY'
};

/** The policy for files without their own (scripts, workers, data): the app's, as a header. */
const BASE_POLICY = policyText({ ...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES });
const FRAME_ANCESTORS = policyText(HEADER_ONLY_DIRECTIVES);

/**
 * A built page carries its policy in a <meta> tag with the hashes of its own inline script;
 * the header repeats it (a page must pass both) and adds what only a header can say.
 */
function pagePolicy(html) {
  const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
  return meta
    ? `${meta[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"')}; ${FRAME_ANCESTORS}`
    : BASE_POLICY;
}

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

/** A page route the SPA handles, as opposed to an asset that is simply missing. */
function isPageRoute(urlPath) {
  if (urlPath.startsWith('/_app/')) return false;
  const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  return !last.includes('.') || last.endsWith('.html');
}

function plain(res, status, text, headers = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': BASE_POLICY,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8'
  });
  res.end(text);
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  let url;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    plain(res, 400, 'bad request\n');
    return;
  }
  const found = fileAt(url.pathname);
  if (found === undefined && !isPageRoute(url.pathname)) {
    plain(res, 404, 'not found\n');
    return;
  }
  const path = found ?? join(root, 'index.html');
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Cache-Control': path.includes(`${sep}_app${sep}immutable${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache'
  };
  if (extname(path) === '.html') {
    let html;
    try {
      html = readFileSync(path, 'utf8');
    } catch {
      plain(res, 500, 'cannot read file\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Security-Policy': pagePolicy(html),
      'Content-Length': Buffer.byteLength(html)
    });
    res.end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Security-Policy': BASE_POLICY,
    'Content-Length': statSync(path).size
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => {
      res.destroy();
    })
    .pipe(res);
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`CQ-Bench is being served at http://${host}:${actual}/`);
});
