// Bundles the CLI (src/cli/main.ts and everything it imports, dependencies included) into one
// file, dist/cqbench.mjs, so that a command starts without compiling TypeScript first. Run by
// `npm ci` (prepare) and by `npm run build`.
import { chmodSync } from 'node:fs';
import { build } from 'vite';

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      // The entry's `#!/usr/bin/env node` line is kept, so the file runs as the `cqbench` bin.
      output: { entryFileNames: 'cqbench.mjs', format: 'es' }
    }
  },
  // Everything in one file: resolving packages from node_modules at start-up is what costs time.
  ssr: { noExternal: true, target: 'node' }
});
chmodSync('dist/cqbench.mjs', 0o755);
