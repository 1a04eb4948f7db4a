import { DEFAULT_SAMPLING } from '../schema/run';
import type { CheckRunConfig } from '../schema/check-run';

/** A check run's configuration for tests: the shipped social stories, three checks, 3 samples. */
export function checkRunConfigFixture(overrides: Partial<CheckRunConfig> = {}): CheckRunConfig {
  return {
    kind: 'check',
    dataset: { id: 'shipped', name: 'shipped benchmark (social)', sha256: 'a'.repeat(64) },
    categories: ['social'],
    checks: ['incorporation', 'consistency', 'implicitness'],
    samples: 3,
    templateHash: 'b'.repeat(64),
    model: { provider: 'openai', model: 'checker', baseUrl: 'http://127.0.0.1:1/v1' },
    sampling: DEFAULT_SAMPLING,
    concurrency: 2,
    environment: { appVersion: '0.1.0' },
    createdAt: '2026-12-06T02:00:00.000Z',
    ...overrides
  };
}
