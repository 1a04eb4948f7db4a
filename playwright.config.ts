import { defineConfig } from '@playwright/test';

// E2E_PORT lets a machine where 4317 is taken run the suite.
const PORT = Number(process.env.E2E_PORT ?? 4317);

/** Flags that let Debian's headless Chromium run on a machine without GPU or internet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off'
  },
  projects: [
    { name: 'default', testIgnore: 'webgpu.test.ts' },
    {
      // Chromium's software WebGPU adapter (SwiftShader), which has no shader-f16.
      name: 'webgpu',
      testMatch: 'webgpu.test.ts',
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu']
        }
      }
    }
  ],
  webServer: {
    // The e2e tests run against the built app served as a static host would serve it.
    command: `node scripts/serve.mjs ${process.env.BUILD_DIR ?? 'build'}`,
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000
  }
});
