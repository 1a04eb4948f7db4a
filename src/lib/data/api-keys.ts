/**
 * API keys stay in this browser (localStorage), filed by the origin of the server they belong
 * to, so a key is only ever sent to that server. They never go into runs, exports or URLs.
 */
const PREFIX = 'cqbench.apiKey:';

function originOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl).origin;
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
