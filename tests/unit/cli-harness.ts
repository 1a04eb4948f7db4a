/**
 * Two ways for tests to call the CLI: in-process through `main()` (fast: no process to start,
 * no TypeScript to compile), and as a real process for what only a process shows (a kill with
 * SIGKILL, the exit code the shell sees).
 */
import { spawn } from 'node:child_process';
import { main } from '../../src/cli/cli';

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Keys the CLI would read from the environment; tests run without any. */
const CLEARED_ENV = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY'];

/**
 * Runs one CLI call in this process with `env` set for its duration (the tests of one file run
 * one after another, so no other call sees it). Output is collected as the terminal would get it.
 */
export async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out: string[] = [];
  let err = '';
  const touched = [...CLEARED_ENV, ...Object.keys(env)];
  const saved = new Map(touched.map((key) => [key, process.env[key]]));
  for (const key of CLEARED_ENV) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, env);
  try {
    const code = await main(args, {
      out: (t) => out.push(t),
      err: (t) => (err += `${t}\n`),
      progress: (t) => (err += t),
      tty: false
    });
    return { code, out: out.join('\n'), err };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

/** The CLI as a separate process (under tsx, so it runs the source as it is now). */
export function spawnCli(args: readonly string[]): { done: Promise<CliResult>; kill: () => void } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CLEARED_ENV) Reflect.deleteProperty(env, key);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    done: new Promise((resolve) => {
      child.on('close', (code) => {
        resolve({ code, out, err });
      });
    }),
    kill: () => {
      child.kill('SIGKILL');
    }
  };
}
