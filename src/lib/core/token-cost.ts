import { z } from 'zod';

/** Prices per million tokens, as a provider lists them (in whatever currency the user reads them). */
export const tokenPricesSchema = z.strictObject({
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0)
});
export type TokenPrices = z.infer<typeof tokenPricesSchema>;

/** Tokens sent and received, counted or estimated. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/** The cost of the tokens at the given prices (per million tokens). */
export function costOf(tokens: TokenCounts, prices: TokenPrices): number {
  return (
    (tokens.inputTokens * prices.inputPerMillion + tokens.outputTokens * prices.outputPerMillion) / 1_000_000
  );
}
