// An integration API token for the caller: the secret is returned once and stored only as a hash.
import { newApiToken, tokenGenerationOf } from '../tokens/api-token.ts';
import type { User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';

export async function createApiToken(
  { tokens, clock }: AdminDeps,
  caller: User,
  name: string,
): Promise<{ tokenId: string; token: string }> {
  const { secret, record, hash } = newApiToken({
    accountId: caller.accountId,
    userId: caller.userId,
    name,
    generation: tokenGenerationOf(caller),
    now: clock.now(),
  });
  await tokens.saveApiToken(record, hash);
  return { tokenId: record.tokenId, token: secret };
}
