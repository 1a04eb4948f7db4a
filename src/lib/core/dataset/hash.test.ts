import { describe, expect, it } from 'vitest';
import { datasetHash } from './hash';
import { sha256Hex } from '../text/sha256';

describe('content hashes', () => {
  it('sha256Hex matches the known digest of "abc"', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('a dataset hash changes with any item and not with the order categories were read in', async () => {
    const a = { story: 's', options: ['x'], values: ['x'] };
    const base = await datasetHash({ social: { setting2: [a] }, ethical: {} });
    expect(await datasetHash({ ethical: {}, social: { setting2: [a] } })).toBe(base);
    expect(await datasetHash({ social: { setting2: [{ ...a, values: [] }] }, ethical: {} })).not.toBe(base);
  });
});
