// Copies the built index.html to 404.html for static hosts that serve 404.html for unknown paths
// (GitHub Pages), in the folder the build wrote to (BUILD_DIR, as svelte.config.js reads it).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BUILD_DIR ?? 'build';
copyFileSync(join(dir, 'index.html'), join(dir, '404.html'));
