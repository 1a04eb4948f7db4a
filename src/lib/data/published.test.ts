import { describe, expect, it } from 'vitest';
import { readIndex } from './published';

function host(files: Record<string, string>): typeof fetch {
  return (input) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const body = files[path];
    return Promise.resolve(
      body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 })
    );
  };
}

describe('readIndex', () => {
  it('reads the listed bundles under the base path', async () => {
    const index = JSON.stringify({ bundles: [{ file: 'a.json', note: 'a baseline' }, { file: 'b.json' }] });
    expect(await readIndex(host({ '/sub/leaderboard/index.json': index }), '/sub')).toEqual({
      bundles: [{ file: 'a.json', note: 'a baseline' }, { file: 'b.json' }]
    });
  });

  it('treats a missing index, or a host answering with the app page, as nothing published', async () => {
    expect(await readIndex(host({}), '')).toEqual({ bundles: [] });
    expect(await readIndex(host({ '/leaderboard/index.json': '<!doctype html><html>' }), '')).toEqual({
      bundles: []
    });
  });

  it('names the fault of a malformed index, and refuses paths that leave the folder', async () => {
    expect(await readIndex(host({ '/leaderboard/index.json': '{"bundles": [' }), '')).toMatch(
      /^leaderboard\/index.json: not valid JSON/
    );
    const escape = JSON.stringify({ bundles: [{ file: '../secret.json' }] });
    expect(await readIndex(host({ '/leaderboard/index.json': escape }), '')).toMatch(/bundles\.0\.file/);
  });
});
