import type { WllamaLogger } from '@wllama/wllama';

const KEEP = 200;

/**
 * Keeps llama.cpp's recent warnings and errors, the only account of why a load or a request
 * failed. They go to the console at debug level only: a failure is reported in the panel.
 */
export class EngineLog {
  private lines: string[] = [];
  private seen = 0;

  readonly logger: WllamaLogger = {
    debug: () => undefined,
    log: () => undefined,
    warn: (...args: unknown[]) => {
      this.keep('warn', args);
    },
    error: (...args: unknown[]) => {
      this.keep('error', args);
    }
  };

  private keep(level: string, args: unknown[]): void {
    const line = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    console.debug(`[llama.cpp ${level}]`, line);
    this.lines.push(line);
    this.seen++;
    if (this.lines.length > KEEP) this.lines.splice(0, this.lines.length - KEEP);
  }

  /** A position to read from later with `since`. */
  mark(): number {
    return this.seen;
  }

  /** The lines logged after `mark` (as many as are kept). */
  since(mark: number): string[] {
    const fresh = this.seen - mark;
    return fresh <= 0 ? [] : this.lines.slice(-Math.min(fresh, this.lines.length));
  }
}
