// SCIM tokens, created, listed and revoked by an account's admins (R1): an identity provider's
// bearer for /scim/v2 of this account only. The secret is returned once; only its hash is kept.
import { assertAdmin } from '../access/caller-access.ts';
import { NotFoundError } from '../errors.ts';
import type { User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { newScimToken, type ScimToken } from '../tokens/scim-token.ts';

export type ScimTokenView = Pick<ScimToken, 'tokenId' | 'name' | 'status' | 'createdAt' | 'createdBy'> & {
  revokedAt: string | null;
};

const view = (t: ScimToken): ScimTokenView => ({
  tokenId: t.tokenId,
  name: t.name,
  status: t.status,
  createdAt: t.createdAt,
  createdBy: t.createdBy,
  revokedAt: t.revokedAt ?? null,
});

export async function createScimToken(
  { tokens, clock }: AdminDeps,
  caller: User,
  name: string,
): Promise<{ tokenId: string; token: string }> {
  assertAdmin(caller, 'create SCIM tokens');
  const now = clock.now();
  const { secret, hash, record } = newScimToken({
    accountId: caller.accountId,
    name,
    createdBy: caller.userId,
    now,
  });
  await tokens.saveScimToken(record, hash, {
    id: `scim-token.${record.tokenId}.created`,
    accountId: caller.accountId,
    at: now.toISOString(),
    actor: { type: 'USER', id: caller.userId },
    action: 'SCIM_TOKEN_CREATED',
    details: { tokenId: record.tokenId, name },
  });
  return { tokenId: record.tokenId, token: secret };
}

export async function listScimTokens({ tokens }: AdminDeps, caller: User): Promise<ScimTokenView[]> {
  assertAdmin(caller, 'see SCIM tokens');
  return (await tokens.listScimTokens(caller.accountId)).map(view);
}

export async function revokeScimToken({ tokens, clock }: AdminDeps, caller: User, tokenId: string): Promise<void> {
  assertAdmin(caller, 'revoke SCIM tokens');
  const at = clock.now().toISOString();
  const outcome = await tokens.revokeScimToken({
    accountId: caller.accountId,
    tokenId,
    revokedAt: at,
    audit: {
      id: `scim-token.${tokenId}.revoked`,
      accountId: caller.accountId,
      at,
      actor: { type: 'USER', id: caller.userId },
      action: 'SCIM_TOKEN_REVOKED',
      details: { tokenId },
    },
  });
  if (outcome === 'not-found') throw new NotFoundError('No such SCIM token in this account');
}
