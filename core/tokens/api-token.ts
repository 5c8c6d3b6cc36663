// Integration API tokens: opaque, shown once, stored only as a SHA-256 hash (API.md §Identity).
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const API_TOKEN_PREFIX = 'obt_';

export interface ApiToken {
  tokenId: string;
  accountId: string;
  userId: string;
  name: string;
  status: 'ACTIVE' | 'REVOKED';
  createdAt: string;
  revokedAt?: string;
}

export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token: the secret to show once, and the record to store (which never holds the secret). */
export function newApiToken(args: { accountId: string; userId: string; name: string; now: Date }): {
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
      createdAt: args.now.toISOString(),
    },
  };
}
