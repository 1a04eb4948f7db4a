import type { z } from 'zod';

/**
 * A number setting's limits as a form or a flag checks and states them, read from the zod
 * schema that validates the stored value: the limits are written once, in the schema, and
 * every message that names them says what the schema accepts.
 */
export interface NumberRule {
  accepts: (n: number) => boolean;
  /** "a number from 0 to 2", "a number above 0 and at most 1", "a whole number, at least 1". */
  describe: string;
}

export function numberRule(schema: z.ZodNumber): NumberRule {
  // `safeint`, `int32`, `uint32`: the integer formats zod gives `.int()` and its kin.
  const whole = schema.format?.includes('int') ?? false;
  // A whole number's own range (the safe integers) is no limit worth stating.
  const low = whole && schema.minValue === Number.MIN_SAFE_INTEGER ? undefined : finite(schema.minValue);
  const high = whole && schema.maxValue === Number.MAX_SAFE_INTEGER ? undefined : finite(schema.maxValue);
  const accepts = (n: number): boolean => Number.isFinite(n) && schema.safeParse(n).success;
  const kind = whole ? 'a whole number' : 'a number';
  let describe = kind;
  if (low !== undefined) {
    const lowIncluded = accepts(low);
    // A whole number above 0 is one of at least 1: say it the way a reader counts.
    const lowest = !lowIncluded && whole ? low + 1 : low;
    const included = lowIncluded || whole;
    if (high === undefined) describe = included ? `${kind}, at least ${lowest}` : `${kind} above ${low}`;
    else
      describe = included ? `${kind} from ${lowest} to ${high}` : `${kind} above ${low} and at most ${high}`;
  } else if (high !== undefined) describe = `${kind}, at most ${high}`;
  return { accepts, describe };
}

function finite(n: number | null | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
