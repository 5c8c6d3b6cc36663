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

/**
 * The credentials offboard's own SDK clients use locally (adapters/clients.ts): only their access
 * key id is looked at, by the local bus's policy, as AWS looks at a caller's principal.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The local stand-in for the one trusted HR integration the bus policy names (HrEventSenderArns). */
export const LOCAL_HR_SENDER_CREDENTIALS = { accessKeyId: 'local-hr-integration', secretAccessKey: 'local' };
/** The local stand-in for the telephony platform's principal (PlatformEventSenderArns). */
export const LOCAL_PLATFORM_SENDER_CREDENTIALS = { accessKeyId: 'local-telephony-platform', secretAccessKey: 'local' };

/**
 * Polls `answers` until a started child process serves, failing at once if it exits and after
 * `timeoutMs` otherwise; `name` and `endpoint` word the StartupError.
 */
export async function waitUntilServing(options: {
  name: string;
  endpoint: string;
  answers: () => Promise<boolean>;
  exitCode: () => number | null;
  timeoutMs?: number;
  intervalMs?: number;
}): Promise<void> {
  const { name, endpoint, answers, exitCode, timeoutMs = 30_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new StartupError(`${name} exited early (code ${exitCode()}).`);
    if (await answers().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new StartupError(`${name} did not answer on ${endpoint} within ${timeoutMs / 1000}s.`);
}
