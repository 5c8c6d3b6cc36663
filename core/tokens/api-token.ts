// Integration API tokens: opaque, shown once, stored only as a SHA-256 hash (docs/api.md).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';

export const API_TOKEN_PREFIX = 'obt_';

/** A token's stored record (never the secret); parsed at the DynamoDB edge. */
export const ApiTokenSchema = z.object({
  tokenId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  name: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  /** The owner's token generation when issued: the token is valid only while it is still current (R6). */
  generation: z.number().int(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** The owner's current token generation (R6). */
export const tokenGenerationOf = (user: { tokenGeneration?: number }): number => user.tokenGeneration ?? 0;

export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token: the secret to show once, and the record to store (which never holds the secret). */
export function newApiToken(args: { accountId: string; userId: string; name: string; generation: number; now: Date }): {
  secret: string;
  record: ApiToken;
  hash: string;
} {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    secret,
    hash: hashApiToken(secret),
    record: {
      tokenId: randomUUID(),
      accountId: args.accountId,
      userId: args.userId,
      name: args.name,
      status: 'ACTIVE',
      generation: args.generation,
      createdAt: args.now.toISOString(),
    },
  };
}
