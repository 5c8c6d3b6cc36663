// SCIM tokens: an identity provider's bearer for /scim/v2 of one account (docs/scim.md). Opaque,
// shown once, stored only as a SHA-256 hash; valid nowhere else, and acting as {type: SCIM, id: tokenId}.
import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { hashApiToken } from './api-token.ts';

export const SCIM_TOKEN_PREFIX = 'obscim_';

export const ScimTokenSchema = z.object({
  tokenId: z.string(),
  accountId: z.string(),
  name: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type ScimToken = z.infer<typeof ScimTokenSchema>;

export const isScimTokenSecret = (bearer: string) => bearer.startsWith(SCIM_TOKEN_PREFIX);

export function newScimToken(args: { accountId: string; name: string; createdBy: string; now: Date }) {
  const secret = `${SCIM_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: ScimToken = {
    tokenId: randomUUID(),
    accountId: args.accountId,
    name: args.name,
    status: 'ACTIVE',
    createdBy: args.createdBy,
    createdAt: args.now.toISOString(),
  };
  return { secret, hash: hashApiToken(secret), record };
}
