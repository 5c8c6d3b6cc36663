// Port checks for the local services: a busy port is reported before anything starts.
import { createServer } from 'node:net';
import { StartupError } from './startup-error.ts';

export const LOCALHOST = '127.0.0.1';

/** Resolves when the port can be bound on 127.0.0.1; a StartupError names the env var otherwise. */
export function assertPortFree(port: number, envVar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new StartupError(`Port ${port} is already in use: stop what uses it or set ${envVar} to another port.`)),
    );
    probe.listen(port, LOCALHOST, () => probe.close(() => resolve()));
  });
}

/** A free ephemeral port (for the one-shot demo and the tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOCALHOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
