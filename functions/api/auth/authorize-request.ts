// The authorizer's decision for one request: authenticate the bearer, find the account it acts
// in (the path's, or for /v1/me the caller's own; a SCIM or HR token's own), and check the caller's
// current status (R6) — for an integration token, its creator's (R14). No result is cached: a
// deactivated user, and every token they created, is refused on the very next call.
import { checkCallerAccess } from '#core/access/caller-access.ts';
import { NotAllowedError, ProblemError, UnauthenticatedError } from '#core/errors.ts';
import type { Clock, UserStore } from '#core/ports.ts';
import { IdSchema } from '#core/model/index.ts';
import { tokenRefusalError, whyTokenCannotAct, type AccountTokenKind } from '#core/tokens/integration-token.ts';
import { authenticate, type AuthenticateDeps } from './authenticate.ts';
import { denial, type Verdict } from './verdict.ts';

export interface AuthorizeDeps extends AuthenticateDeps {
  users: Pick<UserStore, 'findAccountsOfUser' | 'getUser'>;
  clock: Clock;
}

/** Which door a request came in by: the dashboard API, SCIM, the HR webhook or the platform's call records — each takes its own bearers. */
export type Door = 'api' | 'scim' | 'hr' | 'platform';

const DOOR_OF_KIND: Record<AccountTokenKind, Exclude<Door, 'api'>> = { SCIM: 'scim', HR: 'hr', PLATFORM: 'platform' };
const KIND_OF_DOOR: Record<Exclude<Door, 'api'>, AccountTokenKind> = { scim: 'SCIM', hr: 'HR', platform: 'PLATFORM' };
const DOOR_NAMES: Record<Door, string> = {
  api: '/v1',
  scim: '/scim/v2',
  hr: 'the HR webhook (/hr/v1/events)',
  platform: 'the call records endpoint (/platform/v1/calls)',
};

export async function authorizeRequest(
  request: { authorization: string | undefined; accountId: string | undefined; door?: Door },
  deps: AuthorizeDeps,
): Promise<Verdict> {
  const door = request.door ?? 'api';
  try {
    // Input limits before anything is read: an accountId outside the id form never reaches the table.
    if (request.accountId !== undefined && !IdSchema.safeParse(request.accountId).success)
      return { verdict: 'invalid', detail: 'The accountId in the path is not a valid id' };
    const identity = await authenticate(request.authorization, deps);
    // A SCIM token works on /scim/v2 only, an HR token on the HR webhook only, and they take nothing else.
    if (identity.kind === 'account-token') {
      const { token } = identity;
      const kind = token.kind as AccountTokenKind;
      if (DOOR_OF_KIND[kind] !== door)
        throw new UnauthenticatedError(`A ${kind} token works only on ${DOOR_NAMES[DOOR_OF_KIND[kind]]}`);
      const refusal = whyTokenCannotAct(
        token,
        await deps.users.getUser(token.accountId, token.createdBy),
        deps.clock.now(),
      );
      if (refusal) throw tokenRefusalError(refusal);
      return {
        verdict: 'account-token',
        kind,
        accountId: token.accountId,
        tokenId: token.tokenId,
        createdBy: token.createdBy,
      };
    }
    if (door !== 'api') throw new UnauthenticatedError(`Send Authorization: Bearer <${KIND_OF_DOOR[door]} token>`);
    let accountId = request.accountId;
    if (!accountId) {
      if (identity.kind === 'api-token') accountId = identity.token.accountId;
      else {
        const accounts = await deps.users.findAccountsOfUser(identity.userId);
        if (accounts.length !== 1) throw new UnauthenticatedError('The token does not identify one user');
        accountId = accounts[0];
      }
    }
    if (!accountId) throw new NotAllowedError('No account');
    const caller = checkCallerAccess(
      identity,
      accountId,
      await deps.users.getUser(accountId, identity.userId),
      deps.clock.now(),
    );
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
