/**
 * Every command's usage line, apart from the commands themselves: `--help` and the command list
 * print these without loading any command's code, so the CLI answers at once.
 */

export const TIMING_USAGE =
  '[--timeout-ms MS] [--max-attempts N] [--retry-base-ms MS] [--retry-max-ms MS] [--max-reply-bytes N]';

/** The flags of the model a run asks, without the judge's. */
export const MODEL_USAGE = '--provider PRESET|random|majority [--base-url URL] --model NAME [--api-key KEY]';
export const SAMPLING_USAGE =
  '[--system-prompt TEXT] [--temperature T] [--top-p P] [--max-tokens N] [--seed N] [--concurrency N] ' +
  `${TIMING_USAGE} [--no-stream]`;

/** The judge flags as usage texts show them. */
export const JUDGE_USAGE_FLAGS =
  '--judge-provider PRESET --judge-model NAME [--judge-base-url URL] [--judge-api-key KEY] ' +
  '[--judge-samples K] [--judge-temperature T] [--judge-max-tokens N]';

export const SCORE_USAGE =
  'score --task attitude|selection --dataset FILE --predictions FILE [--reasoning] [--strict] [--json]';
export const EXPORT_USAGE = 'export --format release --out DIR [--split standard|hard] [--category CATEGORY]';
export const IMPORT_USAGE = 'import --name NAME (--from DIR | --file FILE [--file FILE ...]) [--store DIR]';
export const RUN_USAGE =
  `run ${MODEL_USAGE} --task attitude|selection|extraction --dataset FILE|CATEGORY|all [--split standard|hard] ` +
  `[--reasoning] [--shots 0|1] ${SAMPLING_USAGE} --out RUN.jsonl [--resume] [${JUDGE_USAGE_FLAGS}]`;
export const SUITE_USAGE =
  `suite ${MODEL_USAGE} --tasks attitude,selection[,extraction] ` +
  '--settings plain-0,plain-1,reasoning-0,reasoning-1 --out DIR [--dataset shipped|FOLDER] [--split standard|hard] ' +
  `[--category C[,C...]] ${SAMPLING_USAGE} [--resume] [${JUDGE_USAGE_FLAGS}]`;
export const JUDGE_USAGE = `judge --run RUN.jsonl ${JUDGE_USAGE_FLAGS} [--concurrency N] ${TIMING_USAGE} [--no-stream] [--resume]`;
export const CHECK_USAGE =
  'check --provider PRESET [--base-url URL] --model NAME [--api-key KEY] --dataset CATEGORY|all|FILE [--split standard|hard] ' +
  '[--category CATEGORY] [--checks incorporation,consistency,implicitness] [--samples K] ' +
  `[--temperature T] [--top-p P] [--max-tokens N] [--seed N] [--concurrency N] ${TIMING_USAGE} [--no-stream] ` +
  '--out CHECKS.jsonl [--resume]';
export const GENERATE_USAGE =
  'generate --category CATEGORY [--characters N] [--pool FILE.jsonl] [--values-per-story N] [--scenes SCENE,SCENE...] ' +
  '--count N [--seed TEXT] --provider PRESET [--base-url URL] --model NAME [--api-key KEY] ' +
  '[--validator-provider PRESET --validator-model NAME [--validator-base-url URL] [--validator-api-key KEY]] ' +
  '[--writer-prices IN,OUT] [--checker-prices IN,OUT] ' +
  `[--rounds R] [--min-words N] [--temperature T] [--top-p P] [--max-tokens N] [--concurrency N] ${TIMING_USAGE} ` +
  '[--templates TEMPLATES.json] [--no-stream] --out GEN.jsonl [--resume]';
export const GENERATE_FINISH_USAGE = 'generate --finish GEN.jsonl --out DIR';
export const GENERATE_TEMPLATES_USAGE = 'generate --default-templates';
export const ANNOTATIONS_USAGE = 'annotations agreement RESULTS.json [RESULTS.json ...] [--json]';
export const DIFFICULTY_USAGE =
  'difficulty --run RUN.jsonl [--run RUN.jsonl ...] [--dataset ID] [--out FLAGS.json] [--json]';
