import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: every route falls back to 200.html, so any static host serves it.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
    version: { name: process.env.npm_package_version ?? 'dev' }
  },
  compilerOptions: { runes: true }
};

export default config;
