/**
 * The fake OpenAI-compatible server in a process of its own, for runner.bench.ts: forked with
 * an IPC channel, it sends `{ url }` once listening, answers `'cpu'` with its CPU time so far
 * (milliseconds), and closes on `'close'`. A real server never shares the client's thread, so
 * this is how the client's own cost per request shows without the server's mixed in.
 */
import { startOpenAIServer } from '../tests/servers/openai-server';

const latencyMs = Number(process.argv[2]);
const answer = process.argv[3] ?? '';
const server = await startOpenAIServer({ answer: () => answer, latencyMs });

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpuMs: cpuMs() });
  if (message === 'close') {
    void server.close().finally(() => {
      process.disconnect();
    });
  }
});
process.send?.({ url: server.url });
