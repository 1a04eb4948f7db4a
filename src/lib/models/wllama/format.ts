/** Words and numbers the wllama panel shows. */
import type { LoadProgress } from './source';
import type { ThreadPlan } from './threads';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]!}`;
}

/** The load step in words, with the download's share when known. */
export function progressText(p: LoadProgress | undefined): string {
  if (p === undefined) return 'Reading the file…';
  switch (p.phase) {
    case 'download':
      return p.total === undefined
        ? `Downloading… ${formatBytes(p.loaded)}`
        : `Downloading… ${Math.floor((100 * p.loaded) / p.total)}% (${formatBytes(p.loaded)} of ${formatBytes(p.total)})`;
    case 'check':
      return 'Checking that the file is a GGUF model…';
    case 'hash':
      return 'Computing the SHA-256 of the file…';
    case 'start':
      return 'Starting llama.cpp and loading the weights…';
  }
}

export function threadsLabel(plan: ThreadPlan): string {
  return plan.multiThreaded ? `Multi-threaded, ${plan.threads} threads` : 'Single-threaded';
}
