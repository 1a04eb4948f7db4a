/** A usage mistake or unreadable input: printed as one line on stderr, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export interface FlagSpec {
  /** Flags that take a value (`--dataset FILE` or `--dataset=FILE`). */
  values: readonly string[];
  /** Flags that are on or off (`--json`). */
  switches: readonly string[];
  /** Flags that take a value and may be given more than once (`--file A --file B`). */
  lists?: readonly string[];
}

export interface ParsedArgs {
  values: Map<string, string>;
  switches: Set<string>;
  /** The values of each `lists` flag, in the order given (absent when not given). */
  lists: Map<string, string[]>;
}

/**
 * Parses `--name value`, `--name=value` and `--switch`; anything else is an error naming the
 * flag. (Node's `util.parseArgs` would take `--out --json` as an output named "--json" and
 * keep the last of a repeated flag silently; this parser refuses both.)
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const lists = new Map<string, string[]>();
  const takesValue = (name: string): boolean =>
    spec.values.includes(name) || (spec.lists?.includes(name) ?? false);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new CliError(`${command}: unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (spec.switches.includes(name)) {
      if (eq >= 0) throw new CliError(`${command}: --${name} takes no value`);
      switches.add(name);
    } else if (takesValue(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
        throw new CliError(`${command}: --${name} needs a value`);
      if (spec.lists?.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
      else if (values.has(name)) throw new CliError(`${command}: --${name} given twice`);
      else values.set(name, value);
    } else {
      const known = [...spec.values, ...(spec.lists ?? []), ...spec.switches].map((f) => `--${f}`).join(', ');
      throw new CliError(`${command}: unknown flag --${name} (known: ${known})`);
    }
  }
  return { values, switches, lists };
}

export function required(args: ParsedArgs, name: string, command: string): string {
  const value = args.values.get(name);
  if (value === undefined) throw new CliError(`${command}: --${name} is required`);
  return value;
}

export function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  flag: string,
  command: string
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${command}: --${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
}

/**
 * A number flag, checked: undefined when absent, else the number, or a CliError naming the
 * flag, the rule and what was given. The one reader of number flags for every command.
 */
export function numberFlag(
  args: ParsedArgs,
  name: string,
  check: (n: number) => boolean,
  what: string,
  command: string
): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new CliError(`${command}: --${name} must be ${what}, got "${raw}"`);
  return n;
}

export const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

/** Flags of every command that asks a model: how long to wait, how often to try, how much to read. */
export const TIMING_FLAGS = [
  'timeout-ms',
  'max-attempts',
  'retry-base-ms',
  'retry-max-ms',
  'max-reply-bytes'
] as const;

/** `--max-reply-bytes`: the reply size cap; the task's default (256 KB, 1 MB for extraction) when absent. */
export function replyCapFlag(args: ParsedArgs, command: string): number | undefined {
  return numberFlag(args, 'max-reply-bytes', positiveInt, 'a positive integer', command);
}

export interface Timing {
  timeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxReplyBytes?: number;
}

/** The runner's timing options from TIMING_FLAGS; the runner's defaults where absent. */
export function timingFlags(args: ParsedArgs, command: string): Timing {
  const timeoutMs = numberFlag(args, 'timeout-ms', positiveInt, 'a positive integer', command);
  const maxAttempts = numberFlag(args, 'max-attempts', positiveInt, 'a positive integer', command);
  const baseDelayMs = numberFlag(args, 'retry-base-ms', (n) => n >= 0, 'a number ≥ 0', command);
  const maxDelayMs = numberFlag(args, 'retry-max-ms', (n) => n >= 0, 'a number ≥ 0', command);
  const maxReplyBytes = replyCapFlag(args, command);
  return {
    ...(maxReplyBytes === undefined ? {} : { maxReplyBytes }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
    ...(maxDelayMs === undefined ? {} : { maxDelayMs })
  };
}
