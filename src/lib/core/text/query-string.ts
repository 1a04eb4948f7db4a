/**
 * The query string of an address with some parameters changed (null removes one), built
 * without mutating anything so pages can derive links from the current address.
 */
export function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
  const kept = [...current].filter(([key]) => !(key in changes));
  const added = Object.entries(changes).flatMap(([key, value]): [string, string][] =>
    value === null ? [] : [[key, value]]
  );
  return new URLSearchParams([...kept, ...added]).toString();
}
