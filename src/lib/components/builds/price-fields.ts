import type { ConstructionPrices } from '$lib/data/constructions';

/** The four price fields of a construction as the form holds them (empty: null). */
export interface PriceFieldValues {
  writerIn: number | null;
  writerOut: number | null;
  checkerIn: number | null;
  checkerOut: number | null;
}

export const NO_PRICES: PriceFieldValues = {
  writerIn: null,
  writerOut: null,
  checkerIn: null,
  checkerOut: null
};

/** The fields as prices per model, or what is wrong with them: each model priced in full, or not at all. */
export function pricesOf(fields: PriceFieldValues): ConstructionPrices | string {
  const prices: ConstructionPrices = {};
  for (const [role, input, output] of [
    ['writer', fields.writerIn, fields.writerOut],
    ['checker', fields.checkerIn, fields.checkerOut]
  ] as const) {
    // A cleared number field reads as null or as an empty string, depending on the browser.
    const given = (n: number | null): n is number => typeof n === 'number';
    if (!given(input) && !given(output)) continue;
    if (!given(input) || !given(output)) return `Give the ${role}'s input and output prices, or neither.`;
    if (input < 0 || output < 0) return 'Prices must be 0 or more.';
    prices[role] = { inputPerMillion: input, outputPerMillion: output };
  }
  return prices;
}

/** The fields showing prices already entered. */
export function fieldsOf(prices: ConstructionPrices | undefined): PriceFieldValues {
  return {
    writerIn: prices?.writer?.inputPerMillion ?? null,
    writerOut: prices?.writer?.outputPerMillion ?? null,
    checkerIn: prices?.checker?.inputPerMillion ?? null,
    checkerOut: prices?.checker?.outputPerMillion ?? null
  };
}
