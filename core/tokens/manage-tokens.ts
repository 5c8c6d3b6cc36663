// Creating, listing and revoking integration tokens (API, SCIM, HR). SCIM and HR tokens act for the
// account, so only its admins and owner manage them (R1); an API token acts as the user who created
// it, so anyone may create their own, and admins see and revoke everyone's. Every creation and
// revocation is audited; the secret is returned once and only its hash is kept.
import { assertAdmin } from '../access/caller-access.ts';
import { NotFoundError, ValidationFailedError } from '../errors.ts';
import type { User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import {
  latestApiTokenExpiry,
  newIntegrationToken,
  TOKEN_KINDS,
  tokenView,
  whyTokenCannotAct,
  type IntegrationToken,
  type TokenKind,
  type TokenView,
} from './integration-token.ts';

const isAdmin = (user: User) => user.role === 'ADMIN' || user.role === 'OWNER';
const label: Record<TokenKind, string> = {
  API: 'API tokens',
  SCIM: 'SCIM tokens',
  HR: 'HR tokens',
  PLATFORM: 'platform tokens',
};

export async function createToken(
  { tokens, clock }: AdminDeps,
  caller: User,
  kind: TokenKind,
  input: { name: string; expiresAt?: string | undefined },
): Promise<{ tokenId: string; token: string; expiresAt: string | null }> {
  if (kind !== 'API') assertAdmin(caller, `create ${label[kind]}`);
  const now = clock.now();
  if (input.expiresAt !== undefined) {
    const at = new Date(input.expiresAt);
    if (at <= now || at > latestApiTokenExpiry(now))
      throw new ValidationFailedError('expiresAt must be in the future and at most a year ahead', [
        { path: 'body.expiresAt', message: 'in the future, at most 365 days ahead' },
      ]);
  }
  const { secret, hash, record } = newIntegrationToken({
    kind,
    name: input.name,
    creator: caller,
    now,
    expiresAt: input.expiresAt && new Date(input.expiresAt).toISOString(),
  });
  await tokens.saveToken(record, hash, {
    id: `token.${record.tokenId}.created`,
    accountId: caller.accountId,
    at: record.createdAt,
    actor: { type: 'USER', id: caller.userId },
    action: `${kind}_TOKEN_CREATED`,
    details: { kind, tokenId: record.tokenId, name: record.name, expiresAt: record.expiresAt },
  });
  return { tokenId: record.tokenId, token: secret, expiresAt: record.expiresAt ?? null };
}

/** SCIM/HR: admins. API: admins see every user's tokens, anyone else their own. Newest first. */
export async function listTokens({ tokens }: AdminDeps, caller: User, kind: TokenKind): Promise<TokenView[]> {
  if (kind !== 'API') assertAdmin(caller, `see ${label[kind]}`);
  const all = await tokens.listTokens(caller.accountId, kind);
  return all.filter((t) => isAdmin(caller) || t.createdBy === caller.userId).map(tokenView);
}

export async function revokeToken(
  { tokens, clock }: AdminDeps,
  caller: User,
  kind: TokenKind,
  tokenId: string,
): Promise<void> {
  if (kind !== 'API') assertAdmin(caller, `revoke ${label[kind]}`);
  const token = await tokens.getToken(caller.accountId, kind, tokenId);
  // Someone else's API token is not a member's to see: the same 404 as no token at all.
  if (!token || (!isAdmin(caller) && token.createdBy !== caller.userId))
    throw new NotFoundError(`No such ${kind} token in this account`);
  const at = clock.now().toISOString();
  await tokens.revokeToken({
    token,
    revokedAt: at,
    audit: {
      id: `token.${tokenId}.revoked`,
      accountId: caller.accountId,
      at,
      actor: { type: 'USER', id: caller.userId },
      action: `${kind}_TOKEN_REVOKED`,
      details: { kind, tokenId, name: token.name, createdBy: token.createdBy },
    },
  });
}

/**
 * The integration tokens that stop when this user leaves (R14): those they created that act now.
 * The removal preview lists them, so an admin can set up new ones before the integrations stop.
 */
export async function tokensThatWouldStop(
  { tokens, clock }: Pick<AdminDeps, 'tokens' | 'clock'>,
  user: User,
): Promise<{ kind: TokenKind; tokenId: string; name: string }[]> {
  const now = clock.now();
  const lists = await Promise.all(TOKEN_KINDS.map((kind) => tokens.listTokens(user.accountId, kind)));
  return lists
    .flat()
    .filter((t: IntegrationToken) => t.createdBy === user.userId && !whyTokenCannotAct(t, user, now))
    .map((t) => ({ kind: t.kind, tokenId: t.tokenId, name: t.name }));
}
