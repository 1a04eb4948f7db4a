/** Words and numbers the wllama panel shows. */
import { formatBytes } from '$lib/core/text/format-bytes';
import type { LoadProgress } from './source';
import type { ThreadPlan } from './threads';

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
