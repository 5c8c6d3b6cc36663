// The local identity provider's front door: forwards everything to cognito-local and adds what
// Cognito does and the emulator does not, so the local runtime fails where AWS fails:
// - a disabled identity gets no tokens ("User is disabled."), whatever the flow (password,
//   new-password challenge, refresh token, the hosted UI's code exchange);
// - AdminUserGlobalSignOut revokes the identity's refresh tokens (the emulator lacks the call);
// - people sign in with their email as an alias of the username (the pool's AliasAttributes);
// - an invitation without a temporary password gets one, as Cognito generates it, and the
//   "email" lands in a local mailbox (`GET /local/invitations`) instead of an inbox;
// - signing in with the temporary password checks it (the emulator takes any password there);
// - AdminCreateUser with MessageAction RESEND sends a new temporary password to an invited identity
//   that has not signed in yet (the emulator refuses the action), and refuses one that has;
// - with Cognito's default sender (the stack without SesIdentity) at most 50 emails leave per UTC
//   day, after which the call fails with LimitExceededException, as in AWS; an SES sender has no
//   such limit here.
// It can also play an outage (`outage(n)`: the next n API calls answer 500), for tests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import { assertPortFree, LOCALHOST } from '../ports.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const SIGN_IN_OPERATIONS = new Set([
  'InitiateAuth',
  'AdminInitiateAuth',
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
]);

/** What the invitation email would have said. */
export interface LocalInvitation {
  userPoolId: string;
  username: string;
  email?: string;
  temporaryPassword: string;
  sentAt: string;
}

/** Who sends the pool's emails: Cognito's default sender (a daily limit) or SES (the SesIdentity parameter). */
export type EmailSender = 'cognito-default' | 'ses';

/** Cognito's default sender's daily quota of emails (Cognito's quotas page: 50 per day). */
export const COGNITO_DEFAULT_EMAILS_PER_DAY = 50;

/** A simulated outage: how many calls it still fails; `end()` ends it at once. */
export interface Outage {
  remaining(): number;
  end(): void;
}

export interface CognitoBridge {
  url: string;
  /** Points the bridge at the emulator (the emulator's tokens must name the bridge, so it starts first). */
  connect(upstreamUrl: string): void;
  invitations(): LocalInvitation[];
  /** The next `calls` API calls fail with InternalErrorException, as during a Cognito outage. */
  outage(calls: number): Outage;
  stop(): Promise<void>;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** A temporary password that meets any pool policy offboard deploys (upper, lower, digit, symbol). */
const temporaryPassword = () => `Tmp-${randomBytes(6).toString('base64url')}a7Z!`;

export async function startCognitoBridge(
  port: number,
  emailSender: EmailSender = 'cognito-default',
): Promise<CognitoBridge> {
  if (port !== 0) await assertPortFree(port, 'OFFBOARD_COGNITO_PORT');
  let upstreamUrl = '';
  let failing = 0;
  const invitations: LocalInvitation[] = [];
  /** Before an email goes out: Cognito's default sender refuses past its daily quota. */
  const assertMaySend = () => {
    if (emailSender !== 'cognito-default') return;
    const today = new Date().toISOString().slice(0, 10);
    const sentToday = invitations.filter((i) => i.sentAt.startsWith(today)).length;
    if (sentToday >= COGNITO_DEFAULT_EMAILS_PER_DAY)
      throw new CognitoError(
        'LimitExceededException',
        'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.',
      );
  };
  const recordInvitation = (userPoolId: string, username: string, email: string | undefined, password: string) =>
    invitations.push({
      userPoolId,
      username,
      ...(email ? { email } : {}),
      temporaryPassword: password,
      sentAt: new Date().toISOString(),
    });
  /** Refresh tokens handed out, per identity, so a global sign-out can revoke them. */
  const refreshTokens = new Map<string, { clientId: string; token: string }[]>();

  const forward = async (path: string, method: string, headers: Record<string, string>, body?: Buffer) => {
    const response = await fetch(`${upstreamUrl}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body && body.length > 0 ? { body } : {}),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      location: response.headers.get('location'),
      body: await response.text(),
    };
  };

  // The emulator's answers are the Cognito JSON protocol's: each caller reads the fields it needs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Cognito JSON protocol edge
  const call = async (operation: string, input: unknown): Promise<any> => {
    const response = await forward('/', 'POST', jsonHeaders(operation), Buffer.from(JSON.stringify(input)));
    const body = response.body ? JSON.parse(response.body) : {};
    if (response.status >= 300) throw new CognitoError(errorType(body), body.message ?? '', response.status);
    return body;
  };

  /**
   * The username an email alias stands for (the email itself when no identity has it), whatever
   * its case: the deployed pool is case-insensitive (UsernameConfiguration), the emulator is not.
   */
  const resolveAlias = async (name: string | undefined): Promise<string | undefined> => {
    if (!name?.includes('@')) return name;
    const wanted = name.toLowerCase();
    const { UserPools = [] } = await call('ListUserPools', { MaxResults: 60 });
    for (const pool of UserPools) {
      const { Users = [] } = await call('ListUsers', { UserPoolId: pool.Id });
      const user = Users.find((u: { Attributes?: { Name: string; Value: string }[] }) =>
        u.Attributes?.some((a) => a.Name === 'email' && a.Value.toLowerCase() === wanted),
      );
      if (user) return user.Username;
    }
    return name;
  };

  /** Refuses tokens for a disabled identity (Cognito checks this on every flow); remembers refresh tokens. */
  const admitTokens = async (tokens: { idToken?: string; refreshToken?: string }) => {
    if (!tokens.idToken) return;
    const claims = decodeJwt(tokens.idToken);
    const username = String(claims['cognito:username']);
    const userPoolId = String(claims.iss).split('/').pop()!;
    const clientId = String(claims.aud);
    const identity = await call('AdminGetUser', { UserPoolId: userPoolId, Username: username });
    const key = `${userPoolId}/${username}`;
    if (!identity.Enabled) {
      if (tokens.refreshToken) await call('RevokeToken', { ClientId: clientId, Token: tokens.refreshToken });
      throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    }
    if (tokens.refreshToken) {
      refreshTokens.set(key, [...(refreshTokens.get(key) ?? []), { clientId, token: tokens.refreshToken }]);
    }
  };

  /** The temporary password issued to each invited identity (by username), until a new one is chosen. */
  const temporaryPasswords = new Map<string, string>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Cognito JSON protocol edge
  const operations: Record<string, (input: any) => Promise<unknown>> = {
    async AdminUserGlobalSignOut(input) {
      await call('AdminGetUser', input);
      const key = `${input.UserPoolId}/${input.Username}`;
      for (const { clientId, token } of refreshTokens.get(key) ?? []) {
        await call('RevokeToken', { ClientId: clientId, Token: token }).catch(() => undefined);
      }
      refreshTokens.delete(key);
      return {};
    },
    async AdminCreateUser(input) {
      if (input.MessageAction === 'RESEND') return resend(input);
      const invite = input.MessageAction !== 'SUPPRESS';
      if (invite) assertMaySend();
      const password = input.TemporaryPassword ?? temporaryPassword();
      const output = await call('AdminCreateUser', { ...input, TemporaryPassword: password });
      temporaryPasswords.set(input.Username, password);
      if (invite) {
        const email = (input.UserAttributes ?? []).find((a: { Name: string }) => a.Name === 'email')?.Value;
        recordInvitation(input.UserPoolId, input.Username, email, password);
      }
      return output;
    },
  };
  /** RESEND: a new temporary password to an identity still waiting for its first sign-in. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Cognito JSON protocol edge
  const resend = async (input: any) => {
    const identity = await call('AdminGetUser', { UserPoolId: input.UserPoolId, Username: input.Username });
    if (identity.UserStatus !== 'FORCE_CHANGE_PASSWORD')
      throw new CognitoError(
        'UnsupportedUserStateException',
        `Resend not possible. ${input.Username} status is not FORCE_CHANGE_PASSWORD.`,
      );
    assertMaySend();
    const password = input.TemporaryPassword ?? temporaryPassword();
    await call('AdminSetUserPassword', {
      UserPoolId: input.UserPoolId,
      Username: input.Username,
      Password: password,
      Permanent: false,
    });
    temporaryPasswords.set(input.Username, password);
    const attributes: { Name: string; Value: string }[] = identity.UserAttributes ?? [];
    recordInvitation(input.UserPoolId, input.Username, attributes.find((a) => a.Name === 'email')?.Value, password);
    return { User: { Username: input.Username, Attributes: attributes, UserStatus: 'FORCE_CHANGE_PASSWORD' } };
  };
  for (const operation of SIGN_IN_OPERATIONS) {
    operations[operation] = async (input) => {
      const aliased = { ...input };
      if (input.AuthParameters?.USERNAME) {
        aliased.AuthParameters = {
          ...input.AuthParameters,
          USERNAME: await resolveAlias(input.AuthParameters.USERNAME),
        };
      }
      if (input.ChallengeResponses?.USERNAME) {
        aliased.ChallengeResponses = {
          ...input.ChallengeResponses,
          USERNAME: await resolveAlias(input.ChallengeResponses.USERNAME),
        };
      }
      const username = aliased.AuthParameters?.USERNAME ?? aliased.ChallengeResponses?.USERNAME;
      // Cognito checks an invited identity's temporary password; the emulator takes any.
      const issued = username ? temporaryPasswords.get(username) : undefined;
      const password = aliased.AuthParameters?.PASSWORD;
      if (issued !== undefined && password !== undefined && password !== issued)
        throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      const output = await call(operation, aliased);
      // Once a new password is chosen, the temporary one is spent.
      if (aliased.ChallengeName === 'NEW_PASSWORD_REQUIRED' && output.AuthenticationResult && username)
        temporaryPasswords.delete(username);
      const result = output.AuthenticationResult;
      if (result) await admitTokens({ idToken: result.IdToken, refreshToken: result.RefreshToken });
      return output;
    };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${LOCALHOST}`);
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method === 'GET' && url.pathname === '/local/invitations') {
      return reply(res, 200, 'application/json', JSON.stringify(invitations));
    }
    if (target.startsWith(TARGET_PREFIX)) {
      const operation = target.slice(TARGET_PREFIX.length);
      const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.1');
      try {
        if (failing > 0) {
          failing--;
          throw new CognitoError('InternalErrorException', 'The identity provider is unavailable (local outage)', 500);
        }
        const own = operations[operation];
        if (own) return reply(res, 200, contentType, JSON.stringify(await own(JSON.parse(body.toString() || '{}'))));
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        return reply(res, error.status, contentType, JSON.stringify({ __type: error.type, message: error.message }), {
          'x-amzn-errortype': error.type,
        });
      }
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    if (req.method === 'POST' && url.pathname === '/oauth2/authorize') {
      // The hosted UI's sign-in form: the email alias works there too.
      const form = new URLSearchParams(body.toString());
      const username = await resolveAlias(form.get('username') ?? undefined);
      if (username) form.set('username', username);
      const upstream = await forward(url.pathname + url.search, 'POST', headers, Buffer.from(form.toString()));
      return reply(res, upstream.status, upstream.contentType, upstream.body, {
        ...(upstream.location ? { location: upstream.location } : {}),
      });
    }
    // The token endpoint answers browsers on other origins (a console exchanging its code), as
    // Cognito's does; the emulator's answer loses that header on its way through here.
    const cors = url.pathname === '/oauth2/token' ? { 'access-control-allow-origin': '*' } : {};
    if (req.method === 'OPTIONS' && url.pathname === '/oauth2/token') {
      return reply(res, 204, 'text/plain', '', {
        ...cors,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, authorization',
      });
    }
    const upstream = await forward(url.pathname + url.search, req.method ?? 'GET', headers, body);
    if (req.method === 'POST' && url.pathname === '/oauth2/token' && upstream.status === 200) {
      const tokens = JSON.parse(upstream.body);
      try {
        await admitTokens({ idToken: tokens.id_token, refreshToken: tokens.refresh_token });
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        return reply(
          res,
          400,
          'application/json',
          JSON.stringify({ error: 'invalid_grant', error_description: error.message }),
          cors,
        );
      }
    }
    reply(res, upstream.status, upstream.contentType, upstream.body, {
      ...cors,
      ...(upstream.location ? { location: upstream.location } : {}),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) =>
      reply(res, 500, 'application/json', JSON.stringify({ __type: 'InternalErrorException', message: String(error) })),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, LOCALHOST, resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${LOCALHOST}:${boundPort}`,
    connect: (url) => void (upstreamUrl = url),
    invitations: () => [...invitations],
    outage: (calls) => {
      failing = calls;
      return { remaining: () => failing, end: () => void (failing = 0) };
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const jsonHeaders = (operation: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `${TARGET_PREFIX}${operation}`,
});

/** cognito-local's error type, with the `CognitoLocal#` style prefixes some servers add removed. */
const errorType = (body: { __type?: string; code?: string }) =>
  String(body.__type ?? body.code ?? 'InternalErrorException')
    .split('#')
    .pop()!;

function reply(res: ServerResponse, status: number, contentType: string, body: string, headers = {}) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}
