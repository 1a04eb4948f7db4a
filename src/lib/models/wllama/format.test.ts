import { describe, expect, it } from 'vitest';
import { progressText, threadsLabel } from './format';

describe('panel wording', () => {
  it('describes each load step, with the download share when the size is known', () => {
    expect(progressText({ phase: 'download', loaded: 512, total: 2048 })).toBe(
      'Downloading… 25% (512 B of 2.0 KB)'
    );
    expect(progressText({ phase: 'download', loaded: 2048, total: undefined })).toBe('Downloading… 2.0 KB');
    expect(progressText({ phase: 'hash' })).toMatch(/SHA-256/);
  });

  it('labels the thread mode', () => {
    expect(threadsLabel({ multiThreaded: true, threads: 4, reason: '' })).toBe('Multi-threaded, 4 threads');
    expect(threadsLabel({ multiThreaded: false, threads: 1, reason: '' })).toBe('Single-threaded');
  });
});
