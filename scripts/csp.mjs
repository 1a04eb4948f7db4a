// The app's Content-Security-Policy, in one place: svelte.config.js puts it in every built page
// as a <meta> tag (with hashes of SvelteKit's inline bootstrap script), and scripts/serve.mjs
// sends it as a header, where `frame-ancestors` (ignored in a <meta>) also applies.

/** @type {import('@sveltejs/kit').CspDirectives} */
export const CSP_DIRECTIVES = {
  'default-src': ['self'],
  // WebAssembly for in-browser models (wllama, WebLLM) needs 'wasm-unsafe-eval'.
  'script-src': ['self', 'wasm-unsafe-eval'],
  'worker-src': ['self', 'blob:'],
  // Svelte and Chart.js set style attributes at run time.
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:', 'blob:'],
  'font-src': ['self', 'data:'],
  // Users type the servers they run models on (any host, plain HTTP for local servers), and
  // download models from hosts of their choosing.
  'connect-src': ['*', 'http:', 'https:', 'ws:', 'wss:', 'blob:', 'data:'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self']
};

/** Only a header can forbid framing (clickjacking); a <meta> policy ignores it. */
export const HEADER_ONLY_DIRECTIVES = { 'frame-ancestors': ['none'] };

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'wasm-unsafe-eval']);

/** The policy as a header value. */
export function policyText(directives) {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources.map((s) => (KEYWORDS.has(s) ? `'${s}'` : s))].join(' '))
    .join('; ');
}
