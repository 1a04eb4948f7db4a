/**
 * Pins the scorer's golden figures (src/lib/core/analysis/fixtures/scorer-golden.json) under the
 * current SCORER_VERSION. Refuses when the figures moved but the version did not: a scoring
 * change must bump the version, so bundles scored before it read as rescored, not as edited.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { SCORER_VERSION } from '../src/lib/core/analysis/aggregate';
import {
  figureDifferences,
  GOLDEN_FILE,
  goldenSchema,
  scorerGoldenFigures,
  type Golden
} from '../src/lib/core/analysis/fixtures/scorer-golden';

const figures = await scorerGoldenFigures();
// The first pin has nothing to compare with.
const pinned: Golden = existsSync(GOLDEN_FILE)
  ? goldenSchema.parse(JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')))
  : { scorerVersion: '(none)', figures: {} };
const differences = figureDifferences(pinned.figures, figures);
if (pinned.scorerVersion === SCORER_VERSION) {
  if (differences.length === 0) {
    console.log(`${GOLDEN_FILE}: already pinned under ${SCORER_VERSION}; nothing to do.`);
    process.exit(0);
  }
  console.error(
    `${String(differences.length)} figures differ from those pinned under ${SCORER_VERSION}: bump SCORER_VERSION in src/lib/core/analysis/aggregate.ts first.`
  );
  process.exit(1);
}
const golden: Golden = { scorerVersion: SCORER_VERSION, figures };
// Written as `npm run lint` wants it.
const options = { ...(await resolveConfig(GOLDEN_FILE)), filepath: GOLDEN_FILE };
writeFileSync(GOLDEN_FILE, await format(JSON.stringify(golden), options));
console.log(
  `${GOLDEN_FILE}: pinned under ${SCORER_VERSION} (was ${pinned.scorerVersion}; ${String(differences.length)} figures changed).`
);
