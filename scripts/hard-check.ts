/**
 * Validation of the hard split by checkers who see the gold values (language-model instances,
 * "model checker A" and "model checker B"), in the annotation workspace's own files, kept in
 * `datasets/stories/hard/validation/`:
 *
 * - `tsx scripts/hard-check.ts project [--out FILE]`: the annotation project (all 90 stories, the
 *   three checks, both checkers on every item). Run it again after stories are rewritten: labels
 *   given on an earlier text then no longer count.
 * - `tsx scripts/hard-check.ts sheet CATEGORY > SHEET.md`: what a checker reads: each story, its
 *   gold values numbered, the three checks and the exact JSON shape of the answers.
 * - `tsx scripts/hard-check.ts import CATEGORY CHECKER ANSWERS.json`: a checker's answers for one
 *   category into that checker's results file (quotes located in the text; all or nothing).
 * - `tsx scripts/hard-check.ts report`: agreement per check, and every value a checker marked
 *   not incorporated, contradicted or too explicit.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHECK_KINDS } from '../src/lib/core/checks/check-templates';
import { buildProject, assignmentFile, resultsFile } from '../src/lib/core/annotation/project';
import { answersToLabels, ANSWER_VERDICTS } from '../src/lib/core/annotation/checker-answers';
import {
  HARD_VALIDATION_DIR,
  HARD_VALIDATION_PROJECT_ID,
  HARD_VALIDATION_SEED,
  MODEL_CHECKERS,
  PROJECT_FILE_NAME,
  readProjectFile,
  readResultsFile,
  resultsFileName,
  withResults
} from '../src/lib/core/annotation/hard-validation';
import { projectAgreement } from '../src/lib/core/annotation/project-report';
import { labelledItems } from '../src/lib/core/annotation/adjudication';
import { HARD_DATASET_ID } from '../src/lib/core/dataset/hard-split';
import { POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { readPool } from '../src/lib/core/formats/pool';
import { parseOptionList } from '../src/lib/core/formats/values';
import { hardCategoryFileSchema, type HardStory } from '../src/lib/core/schema/story';
import {
  SHIPPED_CATEGORIES,
  shippedCategorySchema,
  type ShippedCategory
} from '../src/lib/core/schema/value';
import { sha256Hex } from '../src/lib/core/text/sha256';
import { formatValue } from '../src/lib/core/formats/values';
import type { AnnotationProject } from '../src/lib/core/annotation/project';
import type { ResultsFile } from '../src/lib/core/annotation/schema';
import type { FigureWithInterval } from '../src/lib/core/agreement/report';

const USAGE = `usage: tsx scripts/hard-check.ts project [--out FILE]
       tsx scripts/hard-check.ts sheet CATEGORY [--stories ID,ID]
       tsx scripts/hard-check.ts import CATEGORY CHECKER ANSWERS.json [--stories ID,ID]   (CHECKER: A, B or "model checker A")
       tsx scripts/hard-check.ts report
  --stories: only these stories of the category (those rewritten since the last check); the other
  stories' labels stay as they are, and labels made on an earlier text no longer count.`;

/** `--stories ID,ID`: the stories to check or import, all of the category when absent. */
function storyFilter(args: readonly string[], cat: ShippedCategory): (id: string) => boolean {
  const at = args.indexOf('--stories');
  if (at < 0) return () => true;
  const ids = new Set((args[at + 1] ?? fail('--stories needs story ids')).split(','));
  const known = new Set(hardStories(cat).map((s) => s.id));
  const unknown = [...ids].filter((id) => !known.has(id));
  if (unknown.length > 0) fail(`--stories: ${unknown.join(', ')} not in ${cat}`);
  return (id) => ids.has(id);
}

const projectPath = join(HARD_VALIDATION_DIR, PROJECT_FILE_NAME);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function hardStories(category: ShippedCategory): HardStory[] {
  const file = `datasets/stories/hard/${category}.json`;
  const parsed = hardCategoryFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) fail(`${file}: not a hard-split file (${parsed.error.issues[0]?.message ?? ''})`);
  return parsed.data.stories;
}

/** Writes through a temporary file, so an interrupted write never leaves half a file. */
function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(data, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
}

function loadProject(): AnnotationProject {
  if (!existsSync(projectPath)) fail(`${projectPath} does not exist yet: run "project" first`);
  return readProjectFile(projectPath, readFileSync(projectPath, 'utf8'));
}

function checkerName(arg: string | undefined): string {
  const name = arg === undefined ? '' : /^[ab]$/i.test(arg) ? `model checker ${arg.toUpperCase()}` : arg;
  const known: readonly string[] = MODEL_CHECKERS;
  if (!known.includes(name))
    fail(`the checker is one of ${MODEL_CHECKERS.join(', ')} (or A, B), not "${arg ?? ''}"`);
  return name;
}

function category(arg: string | undefined): ShippedCategory {
  const parsed = shippedCategorySchema.safeParse(arg);
  if (!parsed.success) fail(`the category is one of ${SHIPPED_CATEGORIES.join(', ')}, not "${arg ?? ''}"`);
  return parsed.data;
}

async function writeProject(out: string): Promise<void> {
  const pool = SHIPPED_CATEGORIES.flatMap((c) =>
    hardStories(c).map((story, index) => ({
      storyId: story.id,
      category: c,
      index,
      text: story.text,
      values: story.values.map((v) => ({
        statement: v.statement,
        attitude: v.attitude,
        ...(v.character === undefined ? {} : { character: v.character })
      }))
    }))
  );
  const project = await buildProject(
    {
      name: 'Hard split: validation by two model checkers',
      dataset: HARD_DATASET_ID,
      checks: [...CHECK_KINDS],
      annotators: [...MODEL_CHECKERS],
      overlap: { kind: 'all', perStory: MODEL_CHECKERS.length },
      count: pool.length,
      seed: HARD_VALIDATION_SEED
    },
    pool,
    new Date(),
    HARD_VALIDATION_PROJECT_ID
  );
  // Story order as in the files, so the project reads like the split.
  const order = new Map(pool.map((s, i) => [s.storyId, i]));
  project.stories.sort((a, b) => order.get(a.storyId)! - order.get(b.storyId)!);
  for (const ids of Object.values(project.assignments)) ids.sort((a, b) => order.get(a)! - order.get(b)!);
  writeJson(out, project);
  console.log(
    `${out}: ${project.stories.length} stories, checks ${project.checks.join(', ')}, checkers ${project.annotators.join(', ')}`
  );
}

async function writeSheet(cat: ShippedCategory, only: (id: string) => boolean): Promise<void> {
  const stories = hardStories(cat).filter((s) => only(s.id));
  // Each statement's options, so a checker weighs the gold against the grades that exist.
  const poolFile = `datasets/values/${POOL_OF_CATEGORY[cat]}`;
  const pool = readPool(poolFile, readFileSync(poolFile, 'utf8'));
  const options = new Map(
    pool.map((e) => [
      e.q_content,
      parseOptionList(e.option)
        .map((o) => o.trim())
        .filter((o) => o !== '')
    ])
  );
  const lines: string[] = [
    `# Hard split, ${cat}: checking the gold values`,
    '',
    'You see each story and the values it was written to show (the gold). For every value, judge three checks and back each verdict with quotes copied word for word from the story.',
    '',
    '- **incorporation**: does something a character says or does let a careful reader infer this attitude towards this statement, better than any other of the statement\'s options (listed with each value)? `"yes"` or `"no"`. Quote where it shows (no quote needed for "no"). A grade that is not among the options cannot be the better reading.',
    '- **consistency**: does everything the characters who should hold the value say and do agree with it? `"yes"`, or `"no"` with `"character"`: the name of the character who contradicts it, and the contradicting speech or action as the quote. For "yes", quote what agrees with it.',
    '- **implicitness**: does the value stay implicit, shown through anecdotes, choices and examples, never stated outright or in the statement\'s own phrasing? `"yes"`, or `"too explicit"` with the line that states it as the quote. For "yes", quote a line through which it shows.',
    '',
    'Answer with one JSON object, story id to a list with one entry per value (numbered as below):',
    '',
    '```json',
    JSON.stringify(
      {
        [stories[0]?.id ?? `hard-${cat}-01`]: [
          {
            value: 1,
            incorporation: { verdict: 'yes', quotes: ['words copied from the story'], note: 'optional' },
            consistency: { verdict: 'no', character: 'Name', quotes: ['the contradicting words'] },
            implicitness: { verdict: 'too explicit', quotes: ['the line that states it'] }
          }
        ]
      },
      null,
      1
    ),
    '```',
    '',
    `Verdicts: ${CHECK_KINDS.map((c) => `${c} ${ANSWER_VERDICTS[c].map((v) => `"${v}"`).join(' or ')}`).join('; ')}. A quote that is not in the story refuses the whole file.`,
    ''
  ];
  for (const story of stories) {
    lines.push(
      `## ${story.id}`,
      '',
      `Text hash: ${await sha256Hex(story.text)}`,
      '',
      '~~~~text',
      story.text,
      '~~~~',
      ''
    );
    lines.push('Gold values:', '');
    story.values.forEach((v, i) => {
      const who = v.character === undefined ? '' : `; held by ${v.character}`;
      const choices = (options.get(v.statement) ?? []).map((o) => `"${o}"`).join(', ');
      lines.push(`${i + 1}. statement: ${v.statement}; attitude: ${v.attitude}${who}; options: ${choices}`);
    });
    lines.push('');
  }
  console.log(lines.join('\n'));
}

function loadResults(checker: string): ResultsFile | undefined {
  const path = join(HARD_VALIDATION_DIR, resultsFileName(checker));
  return existsSync(path) ? readResultsFile(path, readFileSync(path, 'utf8')) : undefined;
}

async function importAnswers(
  cat: ShippedCategory,
  checker: string,
  answersPath: string,
  only: (id: string) => boolean
): Promise<void> {
  const project = loadProject();
  const assignment = assignmentFile(project, checker);
  const stories = assignment.stories.filter((s) => s.category === cat && only(s.storyId));
  const current = new Map(
    await Promise.all(hardStories(cat).map(async (s) => [s.id, await sha256Hex(s.text)] as const))
  );
  const changed = stories.filter((s) => current.get(s.storyId) !== s.textHash).map((s) => s.storyId);
  if (changed.length > 0)
    fail(
      `nothing imported: ${changed.join(', ')} changed since ${projectPath} was written; run "project" again and check the new text`
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(answersPath, 'utf8'));
  } catch (e) {
    fail(`nothing imported: ${answersPath} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const outcome = answersToLabels(stories, raw);
  if (!outcome.ok) fail(`nothing imported from ${answersPath}:\n  ${outcome.errors.join('\n  ')}`);
  const earlier = loadResults(checker);
  if (earlier !== undefined && earlier.projectId !== project.id)
    fail(
      `nothing imported: the results file of ${checker} belongs to another project (${earlier.projectId})`
    );
  // These stories' labels replace the earlier ones; other stories stay.
  const ids = new Set(stories.map((s) => s.storyId));
  const kept = (earlier?.labels ?? []).filter((l) => !ids.has(l.storyId));
  const out = join(HARD_VALIDATION_DIR, resultsFileName(checker));
  writeJson(out, resultsFile(assignment, [...kept, ...outcome.labels]));
  console.log(
    `${out}: ${outcome.labels.length} labels for ${cat} (${stories.length} stories), ${kept.length} labels of other stories kept`
  );
}

function three(f: FigureWithInterval): string {
  if (!f.figure.defined) return `undefined (${f.figure.reason})`;
  const interval =
    f.interval === undefined ? '' : ` [${f.interval.low.toFixed(3)}–${f.interval.high.toFixed(3)}]`;
  return `${f.figure.value.toFixed(3)}${interval}`;
}

async function report(): Promise<void> {
  const results = MODEL_CHECKERS.flatMap((c) => loadResults(c) ?? []);
  const { project, stale } = withResults(loadProject(), results);
  console.log(
    `${project.name} (${project.id}); checkers: ${results.map((r) => r.annotator).join(', ') || 'none yet'}`
  );
  if (stale > 0) console.log(`${stale} labels were given on an earlier text of their story and do not count`);
  const current = new Map(
    await Promise.all(
      SHIPPED_CATEGORIES.flatMap((c) => hardStories(c)).map(
        async (s) => [s.id, await sha256Hex(s.text)] as const
      )
    )
  );
  const changed = project.stories.filter((s) => current.get(s.storyId) !== s.textHash).map((s) => s.storyId);
  if (changed.length > 0)
    console.log(
      `${changed.length} stories changed since ${projectPath} was written (run "project" again): ${changed.join(', ')}`
    );
  console.log('95% intervals resample stories.\n');
  for (const { check, stage, report: r } of projectAgreement(project)) {
    if (stage !== 'blind') continue; // The checkers see no model verdicts: blind and final are the same.
    const pair = r.pairs[0];
    console.log(
      `${check}: ${r.n} values labelled by both, pass share ${(r.prevalence.get('pass') ?? 0).toFixed(3)}`
    );
    console.log(`  percent agreement ${three(r.raw)}`);
    console.log(
      `  Cohen's κ ${pair === undefined ? 'undefined (no value labelled by both)' : pair.kappa.defined ? pair.kappa.value.toFixed(3) : `undefined (${pair.kappa.reason})`}`
    );
    console.log(`  Krippendorff's α ${three(r.alpha)}`);
  }
  const stories = new Map(project.stories.map((s) => [s.storyId, s]));
  const flagged = labelledItems(project).flatMap((item) =>
    item.labels
      .filter((l) => l.label.verdict === 'fail')
      .map((l) => {
        const value = stories.get(item.storyId)?.values[item.valueIndex];
        const what = {
          incorporation: 'not incorporated',
          consistency: 'contradicted',
          implicitness: 'too explicit'
        }[item.check];
        const by = l.label.character === undefined ? '' : ` by ${l.label.character}`;
        const quotes = l.label.evidence.map((e) => `"${e.quote}"`).join(' / ');
        return `- ${item.storyId} value ${item.valueIndex + 1} (${value ? formatValue(value) : '?'}): ${what}${by}, says ${l.annotator}${quotes ? `: ${quotes}` : ''}${l.label.note ? ` (${l.label.note})` : ''}`;
      })
  );
  console.log(`\nValues a checker marked not incorporated, contradicted or too explicit: ${flagged.length}`);
  for (const line of flagged) console.log(line);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'project') {
  const at = args.indexOf('--out');
  await writeProject(at >= 0 ? (args[at + 1] ?? fail('--out needs a file')) : projectPath);
} else if (command === 'sheet') await writeSheet(category(args[0]), storyFilter(args, category(args[0])));
else if (command === 'import') {
  if (args[2] === undefined) fail(USAGE);
  const cat = category(args[0]);
  await importAnswers(cat, checkerName(args[1]), args[2], storyFilter(args, cat));
} else if (command === 'report') await report();
else fail(USAGE);
