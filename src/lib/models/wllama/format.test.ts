import { describe, expect, it } from 'vitest';
import { formatBytes, progressText, threadsLabel } from './format';

describe('panel wording', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(547_968)).toBe('535.1 KB');
    expect(formatBytes(4.5 * 2 ** 30)).toBe('4.5 GB');
  });

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
