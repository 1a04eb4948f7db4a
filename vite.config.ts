import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { webllmPrebuiltModels } from './scripts/vite-webllm-models.js';

export default defineConfig({
  plugins: [sveltekit(), webllmPrebuiltModels()],
  // ES module workers: the analysis worker shares chunks with the app and loads them lazily.
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node'
  }
});
