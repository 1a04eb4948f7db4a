import { createServer } from 'node:net';

/** A loopback port nothing listens on: bound, then closed, so a call to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the probe has no TCP address');
  await new Promise<void>((resolve, reject) => {
    server.close((e) => {
      if (e) reject(e);
      else resolve();
    });
  });
  return address.port;
}
