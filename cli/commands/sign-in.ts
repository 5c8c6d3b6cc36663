// `offboard sign-in`: an ID token for the person at the terminal, through the user pool's hosted UI
// (authorization code + PKCE, the dashboard's own flow), before any dashboard exists: it prints the
// sign-in URL, waits for the hosted UI to send the browser back to http://localhost:PORT/callback,
// exchanges the code and prints the ID token for `Authorization: Bearer`. The hosted UI asks for a
// new password and MFA enrolment on a first sign-in, as it will for the dashboard.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { callbackUrl, DEFAULT_CALLBACK_PORT } from '../sign-in-callback.ts';
import { stackOutputs } from './bootstrap.ts';

const USAGE = `usage: offboard sign-in [--stack OffboardStateless] [--region REGION] [--port ${DEFAULT_CALLBACK_PORT}]
       offboard sign-in --hosted-ui URL --client-id ID [--port ${DEFAULT_CALLBACK_PORT}]   (e.g. the local emulator)
The app client must allow ${callbackUrl(DEFAULT_CALLBACK_PORT)} (the stack's CallbackUrls parameter).`;

export interface HostedUiSignIn {
  /** Where to send the person: the hosted UI's authorize URL for this attempt. */
  authorizeUrl: string;
  /** Resolves with the tokens once the browser came back and the code was exchanged. */
  tokens: Promise<{ idToken: string; refreshToken?: string }>;
  close(): void;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** Starts one sign-in: a callback server on localhost:port, and the PKCE pair and state it checks. */
export async function startHostedUiSignIn(options: {
  hostedUi: string;
  clientId: string;
  port: number;
}): Promise<HostedUiSignIn> {
  const { hostedUi, clientId, port } = options;
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const redirectUri = callbackUrl(port);
  const authorize = new URL('/oauth2/authorize', hostedUi);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  let settle!: { resolve: (t: { idToken: string; refreshToken?: string }) => void; reject: (e: Error) => void };
  const tokens = new Promise<{ idToken: string; refreshToken?: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The browser may come back before anyone awaits the outcome: a refusal is not "unhandled".
  tokens.catch(() => undefined);
  const servers: Server[] = [];
  const close = () => servers.forEach((s) => s.close());

  const handler = async (url: URL): Promise<[number, string]> => {
    if (url.pathname !== '/callback') return [404, 'Not found'];
    if (url.searchParams.get('state') !== state) return [400, 'This sign-in is not the one this command started.'];
    const error = url.searchParams.get('error');
    if (error) {
      settle.reject(new Error(`The hosted UI refused: ${error} ${url.searchParams.get('error_description') ?? ''}`));
      return [400, 'Sign-in failed: see the terminal.'];
    }
    const response = await fetch(new URL('/oauth2/token', hostedUi), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: url.searchParams.get('code') ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const body = (await response.json()) as Record<string, string>;
    if (!response.ok || !body.id_token) {
      settle.reject(
        new Error(`The code exchange failed: ${body.error ?? response.status} ${body.error_description ?? ''}`),
      );
      return [400, 'Sign-in failed: see the terminal.'];
    }
    settle.resolve({ idToken: body.id_token, ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}) });
    return [200, 'Signed in: you can close this tab and go back to the terminal.'];
  };

  // `localhost` may resolve to either loopback address in the browser: listen on both.
  for (const host of ['127.0.0.1', '::1']) {
    const server = createServer((req, res) => {
      handler(new URL(req.url ?? '/', redirectUri)).then(
        ([status, text]) => {
          res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(text);
        },
        (error: Error) => {
          settle.reject(error);
          res.writeHead(500).end();
        },
      );
    });
    const listening = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        host === '::1' && error.code === 'EADDRNOTAVAIL' ? resolve(false) : reject(error),
      );
      server.listen(port, host, () => resolve(true));
    });
    if (listening) servers.push(server);
  }
  return { authorizeUrl: authorize.toString(), tokens, close };
}

export async function signIn(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      stack: { type: 'string', default: 'OffboardStateless' },
      region: { type: 'string' },
      port: { type: 'string', default: String(DEFAULT_CALLBACK_PORT) },
      'hosted-ui': { type: 'string' },
      'client-id': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`offboard sign-in: --port must be a port number\n${USAGE}\n`);
    return 2;
  }
  let hostedUi = values['hosted-ui'];
  let clientId = values['client-id'];
  if (!hostedUi || !clientId) {
    const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) {
      process.stderr.write(`offboard sign-in: pass --region (or --hosted-ui and --client-id)\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`reading the outputs of stack ${values.stack} in ${region} … `);
    const outputs = await stackOutputs(new CloudFormationClient({ region }), values.stack);
    hostedUi ??= outputs.HostedUiUrl;
    clientId ??= outputs.UserPoolClientId;
    if (!hostedUi || !clientId) {
      process.stderr.write(
        `\noffboard sign-in: stack ${values.stack} has no hosted UI (an existing pool?): pass --hosted-ui and --client-id\n`,
      );
      return 1;
    }
    process.stderr.write('ok\n');
  }
  const attempt = await startHostedUiSignIn({ hostedUi, clientId, port });
  process.stderr.write(
    `Open this URL in a browser and sign in (waiting for it to come back to ${callbackUrl(port)}):\n\n  ${attempt.authorizeUrl}\n\n`,
  );
  try {
    const { idToken } = await attempt.tokens;
    process.stderr.write('Signed in. The ID token (valid 1 h) follows; use it as `Authorization: Bearer <token>`.\n');
    process.stdout.write(`${idToken}\n`);
    return 0;
  } finally {
    attempt.close();
  }
}
