// The `cognito-local` emulator (npm) as a child process: it keeps its data in `.cognito/` of its
// working directory, so each run gets a fresh temporary directory (and a fresh pool), as DynamoDB
// Local runs in memory. Only the bridge (cognito-bridge.ts) talks to it; nobody else sees its port.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, LOCALHOST, waitUntilServing } from '../ports.ts';
import { StartupError } from '../startup-error.ts';

const require = createRequire(import.meta.url);

export interface CognitoLocal {
  /** Where the emulator itself answers (the bridge forwards here). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts cognito-local; its tokens name `issuerDomain` (the bridge's public URL) as their issuer,
 * so a verifier fetches the keys from the URL it trusts.
 */
export async function startCognitoLocal(issuerDomain: string, timeoutMs = 30_000): Promise<CognitoLocal> {
  const directory = await mkdtemp(join(tmpdir(), 'offboard-cognito-'));
  const port = await freePort();
  await mkdir(join(directory, '.cognito'));
  await writeFile(
    join(directory, '.cognito', 'config.json'),
    JSON.stringify({
      TokenConfig: { IssuerDomain: issuerDomain },
      // Offboard's pool signs people in by username (the userId) or by their email as an alias;
      // cognito-local's default would make the email the username.
      UserPoolDefaults: { UsernameAttributes: [] },
      ServerConfig: { port, hostname: LOCALHOST },
    }),
  );
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: directory,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://${LOCALHOST}:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilServing({
      name: 'The Cognito emulator',
      endpoint: url,
      answers: async () =>
        (
          await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
            },
            body: JSON.stringify({ MaxResults: 1 }),
          })
        ).ok,
      exitCode: () => child.exitCode,
      timeoutMs,
    });
  } catch (error) {
    await stop();
    throw new StartupError(`${(error as Error).message}\n${output.trim()}`);
  }
  return { url, stop };
}
