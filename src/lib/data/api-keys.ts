/**
 * API keys stay in this browser (localStorage), filed by the origin of the server they belong
 * to, so a key is only ever sent to that server. They never go into runs, exports or URLs.
 */
const PREFIX = 'cqbench.apiKey:';

/** The origin (scheme, host and port) a key is filed under; undefined for an unreadable URL. */
export function originOf(baseUrl: string): string | undefined {
  try {
    const origin = new URL(baseUrl).origin;
    // Non-hierarchical URLs (`data:`, `about:`) have the opaque origin "null": no server.
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function loadApiKey(baseUrl: string): string | undefined {
  const origin = originOf(baseUrl);
  return origin === undefined ? undefined : (localStorage.getItem(PREFIX + origin) ?? undefined);
}

export function saveApiKey(baseUrl: string, key: string): void {
  const origin = originOf(baseUrl);
  if (origin === undefined) return;
  if (key.trim() === '') localStorage.removeItem(PREFIX + origin);
  else localStorage.setItem(PREFIX + origin, key.trim());
}
