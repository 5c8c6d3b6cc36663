// R1–R3: who may remove, deactivate or activate whom. Every input comes from the table (never
// from a token), so a demoted or deactivated admin loses the power on their very next request.
import { CannotRemoveSelfError, NotAllowedError, NotFoundError, OwnerMustTransferError } from '../errors.ts';
import type { Account, User } from '../model/index.ts';

export type UserAction = 'remove' | 'deactivate' | 'activate';

export interface ManageUserCheck {
  account: Account | undefined;
  /** The caller, loaded from the table by account and id; undefined when not a user of it. */
  caller: User | undefined;
  /** The user acted on; undefined or REMOVED means not found. */
  target: User | undefined;
  action: UserAction;
}

/**
 * Throws the problem that refuses the action, in the order an admin would want to hear it;
 * returns the target when the action is allowed.
 */
export function checkMayManageUser({ account, caller, target, action }: ManageUserCheck): User {
  // R1: only an ACTIVE admin or owner of the same account.
  if (!account || !caller || caller.accountId !== account.accountId) {
    throw new NotAllowedError('You are not a user of this account');
  }
  if (caller.status !== 'ACTIVE' || (caller.role !== 'ADMIN' && caller.role !== 'OWNER')) {
    throw new NotAllowedError(`Only an active admin or the account owner may ${action} users`);
  }
  if (!target || target.accountId !== account.accountId || target.status === 'REMOVED') {
    throw new NotFoundError('No such user in this account');
  }
  // R3: the lock-out guard.
  if (target.userId === caller.userId) {
    throw new CannotRemoveSelfError(`You cannot ${action} yourself`);
  }
  // R2: the owner leaves only after handing the account over (activation never concerns the owner).
  if (action !== 'activate' && target.userId === account.ownerId) {
    throw new OwnerMustTransferError(
      `${target.displayName} owns the account: transfer ownership to another active admin first`,
    );
  }
  return target;
}

/**
 * Integrations (the HR system, an identity provider over SCIM) have no user caller: only the target
 * checks apply — found in the account, and R2 (the owner is neither removed nor deactivated).
 */
export function checkIntegrationMayManage(
  account: Account | undefined,
  target: User | undefined,
  action: UserAction,
): User {
  if (!account || !target || target.accountId !== account.accountId || target.status === 'REMOVED') {
    throw new NotFoundError('No such user in this account');
  }
  if (action !== 'activate' && target.userId === account.ownerId) {
    throw new OwnerMustTransferError(
      `${target.displayName} owns the account: transfer ownership to another active admin first`,
    );
  }
  return target;
}

/** HR-system removals: the integration's checks. */
export const checkHrMayRemove = (account: Account | undefined, target: User | undefined): User =>
  checkIntegrationMayManage(account, target, 'remove');
