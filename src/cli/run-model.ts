import { CliError } from './args';
import {
  apiKeyFromEnv,
  BASELINE_CHOICES,
  baselineChoice,
  createBaseline,
  createModelFromPreset,
  findPreset,
  PROVIDER_PRESETS
} from '../lib/models/registry';
import { replyCapFor } from '../lib/core/runner/reply-cap';
import type { ChatModel } from '../lib/core/ports';
import type { RunDataset, RunnableTask } from '../lib/core/dataset/run-dataset';

export interface ModelFlags {
  provider: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  concurrency?: number;
  stream: boolean;
  seed?: number;
  /** The reply size cap; by default the task's (a judge's replies are short). */
  maxReplyBytes?: number;
}

/**
 * The model a CLI run asks: a provider preset (`openai`, `groq`, `ollama`, `anthropic`, ...,
 * with `--base-url` to point it at any server speaking that protocol) or a baseline. The key
 * comes from `--api-key` or the preset's environment variable and goes only to that provider.
 */
export function modelFromFlags(
  flags: ModelFlags,
  dataset: RunDataset,
  task: RunnableTask,
  /** Which flags the messages name: the judged model's (`--provider`) or the judge's (`--judge-provider`). */
  role: { command: string; prefix: '' | 'judge-' } = { command: 'run', prefix: '' }
): ChatModel {
  const { command, prefix } = role;
  const baseline = baselineChoice(flags.provider, flags.seed);
  if (baseline !== undefined) {
    if (task === 'extraction' || prefix === 'judge-')
      throw new CliError(
        `${command}: baselines choose among given options; they cannot ${prefix === '' ? 'run value extraction' : 'judge'}`
      );
    return createBaseline(baseline, { dataset, task });
  }
  const preset = findPreset(flags.provider);
  if (preset === undefined) {
    const known = [...PROVIDER_PRESETS.map((p) => p.id), ...BASELINE_CHOICES.map((b) => b.id)].join(', ');
    throw new CliError(`${command}: unknown --${prefix}provider "${flags.provider}" (known: ${known})`);
  }
  if (flags.model === undefined)
    throw new CliError(`${command}: --${prefix}model is required for --${prefix}provider ${flags.provider}`);
  const apiKey = flags.apiKey ?? apiKeyFromEnv(preset, process.env);
  return createModelFromPreset(preset.id, {
    model: flags.model,
    stream: flags.stream,
    maxReplyBytes: flags.maxReplyBytes ?? replyCapFor(prefix === 'judge-' ? 'attitude' : task),
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
    ...(apiKey === undefined ? {} : { apiKey })
  });
}
