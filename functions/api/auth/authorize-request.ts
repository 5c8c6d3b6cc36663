// The authorizer's decision for one request: authenticate the bearer, find the account it acts
// in (the path's, or for /v1/me the caller's own), and check the caller's current status (R6).
// No result is cached: a deactivated user is refused on the very next call.
import { checkCallerAccess } from '#core/access/caller-access.ts';
import { NotAllowedError, ProblemError, UnauthenticatedError } from '#core/errors.ts';
import type { UserStore } from '#core/ports.ts';
import { IdSchema } from '#core/model/index.ts';
import { authenticate, type AuthenticateDeps } from './authenticate.ts';
import { denial, type Verdict } from './verdict.ts';

export interface AuthorizeDeps extends AuthenticateDeps {
  users: Pick<UserStore, 'findAccountsOfUser' | 'getUser'>;
}

export async function authorizeRequest(
  request: { authorization: string | undefined; accountId: string | undefined; scim?: boolean },
  deps: AuthorizeDeps,
): Promise<Verdict> {
  try {
    // Input limits before anything is read: an accountId outside the id form never reaches the table.
    if (request.accountId !== undefined && !IdSchema.safeParse(request.accountId).success)
      return { verdict: 'invalid', detail: 'The accountId in the path is not a valid id' };
    const identity = await authenticate(request.authorization, deps);
    // /scim/v2 takes SCIM tokens only, and SCIM tokens work nowhere else (docs/scim.md).
    if (identity.kind === 'scim-token') {
      if (!request.scim) throw new UnauthenticatedError('A SCIM token works only on /scim/v2');
      if (identity.token.status !== 'ACTIVE') throw new UnauthenticatedError('This SCIM token was revoked');
      return { verdict: 'scim', accountId: identity.token.accountId, tokenId: identity.token.tokenId };
    }
    if (request.scim) throw new UnauthenticatedError('Send Authorization: Bearer <SCIM token>');
    let accountId = request.accountId;
    if (!accountId) {
      if (identity.kind === 'api-token') accountId = identity.accountId;
      else {
        const accounts = await deps.users.findAccountsOfUser(identity.userId);
        if (accounts.length !== 1) throw new UnauthenticatedError('The token does not identify one user');
        accountId = accounts[0];
      }
    }
    if (!accountId) throw new NotAllowedError('No account');
    const caller = checkCallerAccess(identity, accountId, await deps.users.getUser(accountId, identity.userId));
    // The caller's rotations stay out: the API never needs them, and the context stays small.
    const { memberOf: _rotations, ...callerInContext } = caller;
    return {
      verdict: 'allow',
      userId: identity.userId,
      accountId,
      via: identity.kind,
      caller: JSON.stringify(callerInContext),
    };
  } catch (error) {
    if (error instanceof ProblemError) return denial(error);
    throw error;
  }
}
