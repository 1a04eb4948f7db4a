import { numberFlag, type ParsedArgs } from './args';
import { SAMPLING_RULES, type Sampling } from '../lib/core/schema/run';

/**
 * The sampling from `--temperature`, `--top-p`, `--max-tokens` and `--seed` (with `prefix`,
 * the judge's `--judge-temperature`, ...), each checked against the run schema's limits;
 * `defaults` where a flag is absent.
 */
export function samplingFlags(
  args: ParsedArgs,
  command: string,
  defaults: Readonly<Sampling>,
  prefix: '' | 'judge-' = ''
): Sampling {
  const read = (flag: string, rule: (typeof SAMPLING_RULES)[keyof typeof SAMPLING_RULES]) =>
    numberFlag(args, `${prefix}${flag}`, rule.accepts, rule.describe, command);
  const seed = read('seed', SAMPLING_RULES.seed) ?? defaults.seed;
  return {
    temperature: read('temperature', SAMPLING_RULES.temperature) ?? defaults.temperature,
    topP: read('top-p', SAMPLING_RULES.topP) ?? defaults.topP,
    maxTokens: read('max-tokens', SAMPLING_RULES.maxTokens) ?? defaults.maxTokens,
    ...(seed === undefined ? {} : { seed })
  };
}
