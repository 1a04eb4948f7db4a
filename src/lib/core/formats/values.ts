import type { PoolEntry, Value } from '../schema/value';

/**
 * The release's turning of a pool's `option` text into the list of attitudes, quirks kept:
 * remove every digit, split on `.`, drop the first `""` and the first `" "`, keep the rest
 * untrimmed. `" 2. agree 3. Disagree "` gives `[" agree ", " Disagree "]`.
 */
export function parseOptionList(option: string): string[] {
  const parts = option.replace(/[0-9]/g, '').split('.');
  const empty = parts.indexOf('');
  if (empty >= 0) parts.splice(empty, 1);
  const space = parts.indexOf(' ');
  if (space >= 0) parts.splice(space, 1);
  return parts;
}

/** The attitudes a value may take: the option list trimmed, blank entries left out. */
export function attitudesOf(entry: PoolEntry): string[] {
  return parseOptionList(entry.option)
    .map((o) => o.trim())
    .filter((o) => o !== '');
}

/** `statement--attitude`, or `Name:statement--attitude` when the value has a character. */
export function formatValue(value: Value): string {
  const core = `${value.statement}--${value.attitude.trim()}`;
  return value.character === undefined ? core : `${value.character}:${core}`;
}

/**
 * Reads `statement--attitude` (or `Name:statement--attitude` when `withCharacter`, the
 * multiple-character category's form; statements may contain `:` themselves, so the name is
 * only split off when asked). Returns undefined when there is no `--`.
 */
export function parseValue(text: string, withCharacter = false): Value | undefined {
  let rest = text;
  let character: string | undefined;
  if (withCharacter) {
    const colon = rest.indexOf(':');
    if (colon <= 0) return undefined;
    character = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  const dashes = rest.indexOf('--');
  if (dashes <= 0) return undefined;
  const statement = rest.slice(0, dashes);
  const attitude = rest.slice(dashes + 2).trim();
  if (attitude === '') return undefined;
  return character === undefined ? { statement, attitude } : { statement, attitude, character };
}
