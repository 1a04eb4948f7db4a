#!/usr/bin/env node
/** `npm run cqbench -- <command>`: the CQ-Bench core from the terminal. */
import { main } from './cli';
import type { CommandIO } from './commands/score';

const io: CommandIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY
};
process.exitCode = await main(process.argv.slice(2), io);
