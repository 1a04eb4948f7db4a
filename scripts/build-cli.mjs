// Bundles the CLI (src/cli/main.ts and everything it imports, dependencies included) into
// dist/cqbench.mjs and the chunks it loads per command, so that a command starts without
// compiling TypeScript first. Run by `npm ci` (prepare) and by `npm run build`.
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
      // Each command's code is its own chunk, loaded when the command runs (see src/cli/cli.ts).
      output: { entryFileNames: 'cqbench.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', format: 'es' }
    }
  },
  // Dependencies bundled in: resolving packages from node_modules at start-up is what costs time.
  ssr: { noExternal: true, target: 'node' }
});
chmodSync('dist/cqbench.mjs', 0o755);
