/**
 * The prediction of a value-extraction output: the text after its `[Final answer]:` heading,
 * as the release reads it. The last heading counts, so a heading quoted in a model's thinking
 * does not hide the real one; markdown around the heading (`**[Final answer]:**`) is allowed.
 * An output without the heading, or with nothing after it, has no prediction.
 */
export function extractPrediction(output: string | null): string | null {
  if (output === null) return null;
  const headings = [...output.matchAll(/\[final answer\]/gi)];
  const last = headings.at(-1);
  if (last === undefined) return null;
  const rest = output.slice(last.index + last[0].length).replace(/^[\s*_:#]*/, '');
  const text = rest.trim();
  return text === '' ? null : text;
}
