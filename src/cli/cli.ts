/** The CLI's commands and their dispatch, separate from the entry point so tests can call it. */
import { CliError } from './args';
import { printable } from './printable';
import type { CommandIO } from './commands/score';
import {
  ANNOTATIONS_USAGE,
  CHECK_USAGE,
  DIFFICULTY_USAGE,
  GENERATE_USAGE,
  GENERATE_FINISH_USAGE,
  GENERATE_TEMPLATES_USAGE,
  EXPORT_USAGE,
  IMPORT_USAGE,
  JUDGE_USAGE,
  RUN_USAGE,
  SCORE_USAGE,
  SUITE_USAGE
} from './usage';
import { FormatError } from '../lib/core/format-error';
import { ModelError } from '../lib/core/ports';

type CommandRun = (argv: readonly string[], io: CommandIO) => number | Promise<number>;

interface Command {
  /**
   * Loads the command's code only when it is called: one command's modules (the runner, the
   * providers, the scorers) are most of the CLI, and `--help` or `score` should not load the rest.
   */
  load: () => Promise<CommandRun>;
  /** Usage lines and what the command does. */
  help: string;
}

const COMMANDS: Record<string, Command> = {
  score: {
    load: async () => (await import('./commands/score')).scoreCommand,
    help: `  ${SCORE_USAGE}
      score a release results file (results_*.json) against its dataset file
      (dataset_setting1_*.json for attitude, dataset_setting2_*.json for selection)
  score --run RUN.jsonl [--judging ID] [--json]
      score a run file with the same rules and output as above; a value-extraction run is
      scored by a judging (the first complete one unless --judging names one)`
  },
  export: {
    load: async () => (await import('./commands/export')).exportCommand,
    help: `  ${EXPORT_USAGE}
      write the shipped benchmark as the release's three files per category: the standard
      split into DIR, the hard split into DIR/hard (both unless --split names one)`
  },
  import: {
    load: async () => (await import('./commands/import')).importCommand,
    help: `  ${IMPORT_USAGE}
      check a user's release files (all or nothing) and keep them as a separate dataset
      under datasets/imported/NAME; --file may be given once per file`
  },
  run: {
    load: async () => (await import('./commands/run')).runCommand,
    help: `  ${RUN_USAGE}
      ask a model every item, appending each response to RUN.jsonl as it arrives;
      the key comes from --api-key or the provider's variable (OPENAI_API_KEY, ...);
      --resume continues a stopped or killed run without asking answered items (or the
      received calls of unfinished ones) again; a value-extraction run without --judge-* flags
      asks the model only, and the judge command judges it later; with a CATEGORY or all,
      --split hard runs the hard split's stories (standard by default)`
  },
  suite: {
    load: async () => (await import('./commands/suite')).suiteCommand,
    help: `  ${SUITE_USAGE}
      run every task in every prompt setting (plain|reasoning - 0|1 shots) for one model,
      one run after another, into DIR/<task>-<setting>.jsonl (e.g. attitude-reasoning-one-shot.jsonl),
      then print a table of the runs; --resume skips finished runs and continues the interrupted
      one; extraction needs --judge-* flags and runs zero-shot only`
  },
  judge: {
    load: async () => (await import('./commands/judge')).judgeCommand,
    help: `  ${JUDGE_USAGE}
      judge a value-extraction run again (another judge, or k samples for self-consistency)
      as a new judging in the same file, without asking the model again`
  },
  check: {
    load: async () => (await import('./commands/check')).checkCommand,
    help: `  ${CHECK_USAGE}
      run the quality checks (is each value in the story, does anyone contradict it, is it
      stated outright) with a model, k samples per story and check (3 by default), appending
      each reply to CHECKS.jsonl as it arrives; --resume asks only what is missing; then the
      pass rates per check and category (score --run CHECKS.jsonl [--json] shows them again)`
  },
  generate: {
    load: async () => (await import('./commands/generate')).generateCommand,
    help: `  ${GENERATE_USAGE}
      build stories by the construction recipe: values and scene drawn by the seed from the
      category's pool or --pool's (5 statements a story, or --values-per-story; multiple: N
      characters, 3 or 4 by default, each holding an attitude on 3 statements, never all
      agreeing; the scenes of --scenes, all seven by default), a story written by the writer
      model, then up to R rounds (2 by default) of the three checks by the checking model (the
      writer's unless --validator-* flags name another), each followed by its fix, the
      mechanical rules after every rewrite, and a last check; every reply is appended to
      GEN.jsonl as it arrives (--resume asks only what is missing); prints an upper bound on the
      calls first, each model's tokens as it goes (and the cost, with --writer-prices and
      --checker-prices per million tokens), then each story's outcome: passed, or kept with its
      failing checks named;
      --templates replaces the default prompts (a JSON file; what it leaves out keeps the
      default) and the construction file records them
  ${GENERATE_FINISH_USAGE}
      rebuild the stories of a finished GEN.jsonl (no model is asked) and write them into the
      new folder DIR, all or nothing: the release's files (dataset_C_original.json, setting 1
      and 2) and the dataset card README.md (models, draw, recipe, each check's outcomes)
  ${GENERATE_TEMPLATES_USAGE}
      print the default prompts as a templates file, the starting point for --templates`
  },
  difficulty: {
    load: async () => (await import('./commands/difficulty')).difficultyCommand,
    help: `  ${DIFFICULTY_USAGE}
      each story's solve rate by blind reader runs of one dataset (strict attitude accuracy over
      its statements, value-selection F1 with the release's scorer; unanswered or failed items
      are not counted), the distribution, and the stories every reader solved perfectly (too
      explicit) or none got any of (unsolved); --dataset names the dataset the runs must share
      (as run files record it: shipped, hard or a release file's path); --out writes it all as JSON`
  },
  annotations: {
    load: async () => (await import('./commands/annotations')).annotationsCommand,
    help: `  ${ANNOTATIONS_USAGE}
      agreement of annotators' results files of one project (raw, Fleiss' κ, Krippendorff's α,
      Gwet's AC1 with 95% intervals over stories, Cohen's κ per pair, labels changed after the
      reveal): the figures the app's project page shows once the files are imported`
  }
};

const USAGE = `usage: cqbench <command> [flags]    (from a checkout: npm run --silent cqbench -- <command> [flags])
       cqbench <command> --help     one command's usage

commands:
${Object.values(COMMANDS)
  .map((c) => c.help)
  .join('\n')}
  help, --help, -h
      this text`;

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';

/**
 * Runs one CLI call and returns its exit code: 0 done, 1 stopped, 2 bad input (one line on
 * stderr, no stack trace). Never exits the process, so tests call it in-process.
 */
export async function main(argv: readonly string[], rawIo: CommandIO): Promise<number> {
  // Anything printed may quote a run or dataset file: never let it drive the terminal.
  const io: CommandIO = {
    ...rawIo,
    out: (text) => {
      rawIo.out(printable(text));
    },
    err: (text) => {
      rawIo.err(printable(text));
    }
  };
  const [name, ...rest] = argv;
  if (name === 'help' || (name !== undefined && isHelp(name))) {
    io.out(USAGE);
    return 0;
  }
  // Own keys only: `constructor` or `__proto__` are not commands.
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(
      name === undefined
        ? USAGE
        : `error: unknown command "${name}" (try: ${Object.keys(COMMANDS).join(', ')}, or --help)`
    );
    return 2;
  }
  if (rest.some(isHelp)) {
    io.out(`usage:\n${command.help}`);
    return 0;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (e) {
    // A model that cannot be set up (no key, unknown preset) is bad input too: say so in one line.
    // A core refusal (UserError) is told by name: its module loads zod, which the CLI's start skips.
    const refusal = e instanceof Error && e.name === 'UserError';
    if (e instanceof CliError || e instanceof FormatError || e instanceof ModelError || refusal) {
      io.err(`error: ${e instanceof ModelError ? `${name}: ` : ''}${e.message}`);
      return 2;
    }
    throw e;
  }
}
