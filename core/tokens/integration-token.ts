// Integration tokens (docs/api.md, "Tokens"): opaque bearers for systems that are not a person — an
// API token (acts as its creator, with the creator's current role), a SCIM token (an identity
// provider, /scim/v2 only), an HR token (an HR system, the HR webhook only) and a platform token (the
// telephony platform's call records, POST /platform/v1/calls only). Each is shown once
// and stored only as a SHA-256 hash of its secret; the secret's prefix says its kind. R14: a token
// acts only while its creator may — `whyTokenCannotAct`, checked on every use.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { AccessRevokedError, UnauthenticatedError, type ProblemError } from '../errors.ts';
import type { User } from '../model/index.ts';
import { TOKEN_KINDS, type TokenKind } from './token-kinds.ts';

export { TOKEN_KINDS, type AccountTokenKind, type TokenKind } from './token-kinds.ts';

/** The secret's prefix names its kind, so the authorizer knows where a bearer may act before any read. */
const PREFIXES: Record<TokenKind, string> = { API: 'obt_', SCIM: 'obscim_', HR: 'obhr_', PLATFORM: 'obpf_' };

export const DEFAULT_API_TOKEN_DAYS = 90;
export const MAX_API_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A token's stored record (never the secret); parsed at the DynamoDB edge. */
export const IntegrationTokenSchema = z.object({
  kind: z.enum(TOKEN_KINDS),
  tokenId: z.string(),
  accountId: z.string(),
  name: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  /** The user who created it: the token acts only while this user may (R14). */
  createdBy: z.string(),
  /** The creator's token generation when issued: a removal moves it on and the token stops for good (R6). */
  generation: z.number().int(),
  createdAt: z.string(),
  /** API tokens end at this time (default 90 days, at most a year). */
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type IntegrationToken = z.infer<typeof IntegrationTokenSchema>;

/** What a list shows of a token: never its secret (none is stored) nor its hash. */
export interface TokenView {
  kind: TokenKind;
  tokenId: string;
  name: string;
  status: 'ACTIVE' | 'REVOKED';
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const tokenView = (t: IntegrationToken): TokenView => ({
  kind: t.kind,
  tokenId: t.tokenId,
  name: t.name,
  status: t.status,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt ?? null,
  revokedAt: t.revokedAt ?? null,
});

/** The kind a bearer claims by its prefix; undefined for anything else (a JWT). */
export const kindOfSecret = (bearer: string): TokenKind | undefined =>
  TOKEN_KINDS.find((kind) => bearer.startsWith(PREFIXES[kind]));

/** The owner's current token generation (R6). */
export const tokenGenerationOf = (user: { tokenGeneration?: number }): number => user.tokenGeneration ?? 0;

export const hashTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new token: the secret to show once, the record to store (which never holds it) and its hash. */
export function newIntegrationToken(args: {
  kind: TokenKind;
  name: string;
  creator: User;
  now: Date;
  expiresAt?: string | undefined;
}): { secret: string; hash: string; record: IntegrationToken } {
  const secret = `${PREFIXES[args.kind]}${randomBytes(32).toString('base64url')}`;
  const record: IntegrationToken = {
    kind: args.kind,
    tokenId: randomUUID(),
    accountId: args.creator.accountId,
    name: args.name,
    status: 'ACTIVE',
    createdBy: args.creator.userId,
    generation: tokenGenerationOf(args.creator),
    createdAt: args.now.toISOString(),
    ...(args.kind === 'API'
      ? { expiresAt: args.expiresAt ?? new Date(args.now.getTime() + DEFAULT_API_TOKEN_DAYS * DAY_MS).toISOString() }
      : {}),
  };
  return { secret, hash: hashTokenSecret(secret), record };
}

/** The latest expiry an API token created now may have. */
export const latestApiTokenExpiry = (now: Date): Date => new Date(now.getTime() + MAX_API_TOKEN_DAYS * DAY_MS);

/** Why a token cannot act: an expired one is not a credential any more (401 UNAUTHENTICATED); otherwise its access ended (401 ACCESS_REVOKED). */
export interface TokenRefusal {
  code: 'UNAUTHENTICATED' | 'ACCESS_REVOKED';
  detail: string;
}

/**
 * R14: why this token cannot act now, or undefined when it can. It acts only while it is ACTIVE and
 * unexpired and its creator is an ACTIVE user of its account, not being removed, at the generation
 * the token was issued at (a removal moves it on for good); a SCIM or HR token also needs its
 * creator to be an admin or the owner still — it acts for the account, not as a person.
 */
export function whyTokenCannotAct(
  token: IntegrationToken,
  creator: User | undefined,
  now: Date,
): TokenRefusal | undefined {
  const what = `This ${token.kind} token`;
  const revoked = (detail: string): TokenRefusal => ({ code: 'ACCESS_REVOKED', detail });
  if (token.status !== 'ACTIVE') return revoked(`${what} was revoked`);
  // API tokens issued before expiry existed carry none: they end rather than live on unlisted.
  if (token.kind === 'API' && (!token.expiresAt || token.expiresAt <= now.toISOString()))
    return { code: 'UNAUTHENTICATED', detail: `${what} expired: create a new one` };
  if (!creator || creator.accountId !== token.accountId)
    return revoked(`${what} stopped: the user who created it is no longer a user of the account`);
  const beingRemoved = Boolean(creator.pendingRemovalId && creator.accessEndedBy === creator.pendingRemovalId);
  if (creator.status !== 'ACTIVE' || beingRemoved)
    return revoked(`${what} stopped: the user who created it is ${beingRemoved ? 'being removed' : creator.status}`);
  if (token.generation !== tokenGenerationOf(creator)) return revoked(`${what} was revoked`);
  if (token.kind !== 'API' && creator.role !== 'ADMIN' && creator.role !== 'OWNER')
    return revoked(`${what} stopped: the user who created it is no longer an admin`);
  return undefined;
}

/** The problem a refusal answers: 401 UNAUTHENTICATED (expired) or 401 ACCESS_REVOKED. */
export const tokenRefusalError = (refusal: TokenRefusal): ProblemError =>
  refusal.code === 'UNAUTHENTICATED'
    ? new UnauthenticatedError(refusal.detail)
    : new AccessRevokedError(refusal.detail);
