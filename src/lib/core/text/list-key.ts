/** A key per distinct list of strings: length-prefixed, so no two lists share one whatever they hold. */
export function listKey(list: readonly string[]): string {
  let key = '';
  for (const s of list) key += `${s.length}:${s}`;
  return key;
}

/**
 * One array per distinct list content: parsed files give every question its own option list,
 * though few distinct lists exist; shared, they let the scorer's caches find a list by identity.
 */
export class ListInterner {
  readonly #lists = new Map<string, readonly string[]>();

  intern(list: readonly string[]): readonly string[] {
    const key = listKey(list);
    const known = this.#lists.get(key);
    if (known !== undefined) return known;
    this.#lists.set(key, list);
    return list;
  }
}
