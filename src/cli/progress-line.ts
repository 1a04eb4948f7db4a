import type { RunProgress } from '../lib/core/runner/runner';

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** One line a person can read at a glance while a run goes. */
export function progressLine(p: RunProgress): string {
  const eta = p.etaMs === null ? '' : `, ${clock(p.etaMs)} left`;
  const retries = p.retries > 0 ? `, ${p.retries} retries` : '';
  const reused = p.cachedPromptTokens > 0 ? `, ${p.cachedPromptTokens} prompt tokens reused` : '';
  return (
    `${p.done}/${p.total} done (${p.answered} answered, ${p.failed} failed${p.resumed > 0 ? `, ${p.resumed} from before` : ''})` +
    `, ${p.itemsPerSecond.toFixed(1)} items/s${eta}, tokens ${p.promptTokens}+${p.completionTokens}${reused}${retries}`
  );
}

/**
 * Writes progress to stderr: redrawn in place on a terminal, every few seconds otherwise. A
 * run's progress reads as `progressLine`; another kind of progress brings its own line.
 */
export class ProgressPrinter<P = RunProgress> {
  private last = 0;
  private readonly line: (p: P) => string;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly now: () => number = Date.now,
    // A run's line unless told otherwise: P is RunProgress whenever `line` is left out.
    line?: (p: P) => string
  ) {
    this.line = line ?? (progressLine as unknown as (p: P) => string);
  }

  update(p: P): void {
    const t = this.now();
    if (t - this.last < (this.tty ? 250 : 5000)) return;
    this.last = t;
    this.write(this.tty ? `\r\x1b[K${this.line(p)}` : `${this.line(p)}\n`);
  }

  finish(p: P): void {
    this.write(this.tty ? `\r\x1b[K${this.line(p)}\n` : `${this.line(p)}\n`);
  }
}
