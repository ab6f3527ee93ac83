import { createServer } from 'node:net';

/**
 * A loopback port free right now: the system picks it, and it is released at once for the caller's server to
 * take (a tiny race that the tests on one machine do not run into).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}
