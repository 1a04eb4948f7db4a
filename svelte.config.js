import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './scripts/csp.mjs';

/** Where the static build goes: BUILD_DIR, so two builds of one checkout can run side by side. */
export const buildDir = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: every route is served by index.html. Static hosts need to send it for
    // unknown paths (most have a setting; GitHub Pages uses the 404.html copy the build makes).
    adapter: adapter({ pages: buildDir, assets: buildDir, fallback: 'index.html', strict: true }),
    // A second build directory lets two builds of one checkout run side by side.
    outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
    // Set BASE_PATH=/repo-name to host the app under a sub-path. Absolute asset paths, because the
    // prerendered leaderboard page may be reached both as /leaderboard and /leaderboard/.
    paths: { base: process.env.BASE_PATH ?? '', relative: false },
    version: { name: process.env.npm_package_version ?? 'dev' },
    // The Content-Security-Policy (scripts/csp.mjs) as a <meta> tag in every built page, so hosts
    // that send no headers still apply it, with hashes of SvelteKit's inline bootstrap script.
    csp: {
      mode: 'hash',
      directives: CSP_DIRECTIVES
    }
  },
  compilerOptions: { runes: true }
};

export default config;
