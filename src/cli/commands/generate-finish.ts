import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { datasetHash } from '../../lib/core/dataset/hash';
import { CliError } from '../args';
import { readConstructionFile } from '../construction-file';
import { releaseFileTexts } from '../release-file-texts';
import type { CommandIO } from './score';
import { shippedPool } from '../construction-flags';
import { poolFor } from '../../lib/core/construction/imported-pool';
import { buildReleaseFiles } from '../../lib/core/dataset/build';
import { buildStory } from '../../lib/core/construction/build-story';
import {
  buildOptionsOf,
  constructionPlans,
  templateProblem
} from '../../lib/core/construction/construction-file';
import { builtOutcomes, builtStories, constructionCard } from '../../lib/core/construction/built-dataset';

/**
 * `generate --finish GEN.jsonl --out DIR`: rebuilds the stories from the construction file's
 * replies (no model is asked), and writes the release's files of the built stories and the
 * dataset card (README.md) into DIR, all or nothing: into a folder beside DIR, renamed into
 * place once every file is written.
 */
export async function finishConstruction(file: string, out: string, io: CommandIO): Promise<number> {
  if (!existsSync(file)) throw new CliError(`generate --finish: no such file: ${file}`);
  if (existsSync(out) && !isEmptyFolder(out))
    throw new CliError(
      `generate --finish: ${out} already exists and is not an empty folder; choose another --out`
    );
  const construction = await readConstructionFile(file);
  const { config } = construction;
  const problem = await templateProblem(config);
  if (problem !== undefined) throw new CliError(`generate --finish: ${file} cannot be rebuilt: ${problem}`);
  // The construction's own pool when it imported one: the setting-2 options come from it too.
  const pool = poolFor(config.pool, config.pool === undefined ? shippedPool(config.category) : []);
  const plans = constructionPlans(config, pool);
  const replies = new Map(construction.results.map((r) => [r.itemKey, r.output]));
  const states = plans.map((plan) => buildStory(plan, replies, buildOptionsOf(config)));
  const unfinished = states.filter((s) => s.outcome === undefined).length;
  if (unfinished > 0)
    throw new CliError(
      `generate --finish: ${file} has ${unfinished} unfinished ${unfinished === 1 ? 'story' : 'stories'} of ${plans.length}; run the same generate command with --resume to finish ${unfinished === 1 ? 'it' : 'them'} first`
    );
  const stories = builtStories(plans, states);
  if (stories.length === 0)
    throw new CliError(
      `generate --finish: no story of ${file} has a text (every one stopped); nothing to write`
    );
  const release = buildReleaseFiles(stories, pool);
  const files = releaseFileTexts(config.category, release);
  const sha256 = await datasetHash({ [config.category]: release });
  files.push({ name: 'README.md', text: constructionCard(config, plans, states, { sha256 }) });
  writeFolderAtomically(out, files);
  const outcomes = builtOutcomes(plans, states);
  const count = (status: string): number => outcomes.filter((o) => o.status === status).length;
  io.err(
    `wrote ${stories.length} stories (${count('passed')} passed every check, ${count('failed')} with failing checks named on the card${count('stopped') > 0 ? `; ${count('stopped')} stopped, left out` : ''}) and the dataset card to ${out}`
  );
  return 0;
}

function isEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/** Writes every file into a folder beside `out`, then renames it to `out`: a reader sees all or nothing. */
function writeFolderAtomically(out: string, files: readonly { name: string; text: string }[]): void {
  const target = resolve(out);
  const temp = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    for (const { name, text } of files) writeFileSync(join(temp, name), text);
    // An empty folder given as --out is replaced; a non-empty one was refused above.
    if (existsSync(target)) rmdirSync(target);
    renameSync(temp, target);
  } catch (e) {
    try {
      rmSync(temp, { recursive: true, force: true });
    } catch {
      // Nothing was made if the folder cannot even be reached.
    }
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CliError(`generate --finish: cannot write ${out}: ${reason}; nothing was written`);
  }
}
