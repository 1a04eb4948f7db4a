import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const buildDir = process.env.BUILD_DIR ?? 'build';

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
    version: { name: process.env.npm_package_version ?? 'dev' }
  },
  compilerOptions: { runes: true }
};

export default config;
