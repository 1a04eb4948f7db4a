// Copies the built index.html to 404.html for static hosts that serve 404.html for unknown paths
// (GitHub Pages), in the folder the build wrote to: the one svelte.config.js gives the adapter.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir } from '../svelte.config.js';

copyFileSync(join(buildDir, 'index.html'), join(buildDir, '404.html'));
