// The authorizer's verdict, passed to the API handler in the request context. HTTP APIs cannot
// shape an authorizer's denial, so the authorizer lets every request through with its verdict
// and the handler turns a denial into the RFC 9457 problem of docs/api.md before anything else runs.
import { AccessRevokedError, NotAllowedError, ProblemError, UnauthenticatedError } from '#core/errors.ts';
import type { AccountTokenKind } from '#core/tokens/integration-token.ts';

export type Verdict =
  | {
      verdict: 'allow';
      userId: string;
      accountId: string;
      via: 'jwt' | 'api-token';
      /**
       * The caller's user item as the authorizer read it for this request, as JSON: an authorizer's
       * context holds only top-level strings, numbers and booleans. The handler takes it from here
       * rather than reading it again.
       */
      caller: string;
    }
  /**
   * A SCIM token on /scim/v2, or an HR token on the HR webhook: the account it is bound to (never
   * one the request names), its id, and the admin who created it (whose status no token changes).
   */
  | { verdict: 'account-token'; kind: AccountTokenKind; accountId: string; tokenId: string; createdBy: string }
  | { verdict: 'deny'; code: 'UNAUTHENTICATED' | 'ACCESS_REVOKED' | 'NOT_ALLOWED'; detail: string }
  /** The path's accountId is not an id at all: refused (400) before the authorizer read anything. */
  | { verdict: 'invalid'; detail: string };

export const denial = (error: ProblemError): Verdict => ({
  verdict: 'deny',
  code: error.code as 'UNAUTHENTICATED' | 'ACCESS_REVOKED' | 'NOT_ALLOWED',
  detail: error.message,
});

/** The problem a denial stands for. */
export function denialError(verdict: Extract<Verdict, { verdict: 'deny' }>): ProblemError {
  if (verdict.code === 'ACCESS_REVOKED') return new AccessRevokedError(verdict.detail);
  if (verdict.code === 'NOT_ALLOWED') return new NotAllowedError(verdict.detail);
  return new UnauthenticatedError(verdict.detail);
}
