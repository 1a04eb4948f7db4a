// `npm test`: every check a change must pass, in order, then one plain closing line
// "N passed, N failed" that counts unit and end-to-end tests together.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['types and Svelte', 'npm', ['run', '--silent', 'check']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  [
    'unit tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=reports/unit.json']
  ],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['end-to-end tests', 'npx', ['playwright', 'test']]
];

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });
const failedSteps = [];
for (const [label, command, args] of steps) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(label);
  // Without a build there is nothing for the browser tests to open.
  if (label === 'build' && result.status !== 0) break;
}

function counts(file, read) {
  if (!existsSync(file)) return { passed: 0, failed: 0, missing: true };
  return read(JSON.parse(readFileSync(file, 'utf8')));
}
const unit = counts('reports/unit.json', (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests
}));
const e2e = counts('reports/e2e.json', (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected
}));
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;

console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed${unit.missing ? ' (no report)' : ''}`);
console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed${e2e.missing ? ' (no report)' : ''}`);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 || unit.missing || e2e.missing ? 1 : 0);
