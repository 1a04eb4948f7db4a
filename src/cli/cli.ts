/** The CLI's commands and their dispatch, separate from the entry point so tests can call it. */
import { CliError } from './args';
import { scoreCommand, SCORE_USAGE, type CommandIO } from './commands/score';
import { exportCommand, EXPORT_USAGE } from './commands/export';
import { importCommand, IMPORT_USAGE } from './commands/import';
import { runCommand, RUN_USAGE } from './commands/run';
import { judgeCommand, JUDGE_USAGE } from './commands/judge';
import { FormatError } from '../lib/core/format-error';

const USAGE = `usage: npm run --silent cqbench -- <command> [flags]

commands:
  ${SCORE_USAGE}
      score a release results file (results_*.json) against its dataset file
      (dataset_setting1_*.json for attitude, dataset_setting2_*.json for selection)
  ${EXPORT_USAGE}
      write the shipped benchmark as the release's three files per category
  ${IMPORT_USAGE}
      check a user's release files (all or nothing) and keep them as a separate dataset
      under datasets/imported/NAME
  ${RUN_USAGE}
      ask a model every item, appending each response to RUN.jsonl as it arrives;
      the key comes from --api-key or the provider's variable (OPENAI_API_KEY, ...);
      --resume continues a stopped or killed run without asking answered items (or the
      received calls of unfinished ones) again; a value-extraction run without --judge-* flags
      asks the model only, and the judge command judges it later
  score --run RUN.jsonl [--judging ID] [--json]
      score a run file with the same rules and output as above; a value-extraction run is
      scored by a judging (the first complete one unless --judging names one)
  ${JUDGE_USAGE}
      judge a value-extraction run again (another judge, or k samples for self-consistency)
      as a new judging in the same file, without asking the model again
  help
      this text`;

type Command = (argv: readonly string[], io: CommandIO) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  score: scoreCommand,
  export: exportCommand,
  import: importCommand,
  run: runCommand,
  judge: judgeCommand,
  help: (_argv, io) => {
    io.out(USAGE);
    return 0;
  }
};

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    io.err(
      name === undefined ? USAGE : `unknown command "${name}" (try: ${Object.keys(COMMANDS).join(', ')})`
    );
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof CliError || e instanceof FormatError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
