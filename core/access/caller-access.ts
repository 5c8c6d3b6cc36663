// R1 and R6 at the door: who is calling, and whether they may call at all. Identity comes from a
// verified token; status and role always come from the table, on every call.
import { AccessRevokedError, NotAllowedError } from '../errors.ts';
import type { User } from '../model/index.ts';
import { tokenRefusalError, whyTokenCannotAct, type IntegrationToken } from '../tokens/integration-token.ts';

/** A verified bearer: a sign-in JWT (`sub` = userId) or an integration API token (acting as its creator). */
export type Identity = { kind: 'jwt'; userId: string } | { kind: 'api-token'; userId: string; token: IntegrationToken };

/**
 * The caller as a user of the path's account. 403 NOT_ALLOWED when not a user of it (tenant
 * isolation); 401 ACCESS_REVOKED when INACTIVE, REMOVING or REMOVED, or the API token was revoked
 * or stopped (R14); 401 UNAUTHENTICATED when the API token expired.
 */
export function checkCallerAccess(identity: Identity, accountId: string, caller: User | undefined, now: Date): User {
  if (identity.kind === 'api-token' && identity.token.accountId !== accountId) {
    throw new NotAllowedError('This API token belongs to another account');
  }
  if (!caller || caller.accountId !== accountId) throw new NotAllowedError('You are not a user of this account');
  if (identity.kind === 'api-token') {
    const refusal = whyTokenCannotAct(identity.token, caller, now);
    // A caller no longer ACTIVE hears why below, in the words every bearer gets.
    if (refusal && (refusal.code === 'UNAUTHENTICATED' || caller.status === 'ACTIVE')) throw tokenRefusalError(refusal);
  }
  if (caller.status !== 'ACTIVE') throw new AccessRevokedError(`Your access ended: your user is ${caller.status}`);
  if (caller.pendingRemovalId && caller.accessEndedBy === caller.pendingRemovalId)
    throw new AccessRevokedError('Your access ended: your user is being removed');
  return caller;
}

/** R1 for account administration: an ACTIVE admin or the owner. */
export function assertAdmin(caller: User, what: string): void {
  if (caller.role !== 'ADMIN' && caller.role !== 'OWNER')
    throw new NotAllowedError(`Only an admin or the account owner may ${what}`);
}
