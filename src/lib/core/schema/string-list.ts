import { z } from 'zod';

/**
 * A JSON array of strings, checked in one pass and returned as parsed. `z.array(z.string())`
 * builds a result per element, which is most of the time spent reading large release files
 * (16,000 answers, an option list per question); this accepts and refuses exactly what it
 * does, with the same issue (code, path to the bad element, message).
 */
export function stringList(): z.ZodType<string[]> {
  return z.custom<string[]>().check((ctx) => {
    const value: unknown = ctx.value;
    if (!Array.isArray(value)) {
      ctx.issues.push({ code: 'invalid_type', expected: 'array', input: value });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (typeof element !== 'string') {
        ctx.issues.push({ code: 'invalid_type', expected: 'string', input: element, path: [i] });
      }
    }
  });
}
