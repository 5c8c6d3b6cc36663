// The synchronous checks of a removal request (R1–R4), shared by the API's POST removal, the
// removal preview and — through the same rule functions — the workflow's own steps.
import { checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { InvalidReassignmentTargetError, RemovalInProgressError } from '../errors.ts';
import { assertRemovalFitsOneRun } from '../rules/removal-size.ts';
import { assertAdminPlanCanRun, findInvalidTargets, namedTargets } from '../rules/reassignment-plan.ts';
import { rotationsOf, type Account, type RemovalRequest, type User } from '../model/index.ts';
import type { Ownership, Stores } from '../ports.ts';
import type { ReassignmentPlan } from '../rules/reassignment-plan.ts';
import { buildReassignmentPlan } from './plan-reassignment.ts';

/** The account, the user a removal request is about and the targets it names: one read. */
export async function loadRemovalTarget(
  stores: Stores,
  caller: User,
  userId: string,
  targetIds: readonly string[] = [],
) {
  const { account, users } = await stores.removals.getRemovalContext({
    accountId: caller.accountId,
    userIds: [userId, ...targetIds],
  });
  return { account, found: users.get(userId), users };
}

/** R1–R3, R10's one-pending-removal guard and the size one run can carry, on what was read; throws the refusal. */
export function assertRemovable(caller: User, { account, found }: Awaited<ReturnType<typeof loadRemovalTarget>>): User {
  const target = checkMayManageUser({ account, caller, target: found, action: 'remove' });
  const pending = target.status === 'REMOVING' ? target.removalId : target.pendingRemovalId;
  if (pending) throw new RemovalInProgressError(pending);
  assertRemovalFitsOneRun(target);
  return target;
}

/**
 * R1–R5 for an admin's request, before anything is written. Where a default target covers
 * everything (no per-resource reassignments), or the user holds nothing (its counters, kept in the
 * transactions that change them), the targets read with the user are the whole check; otherwise
 * the plan is made as the workflow would make it (the owner index), so a refusal lists what blocks.
 */
export async function checkRemovalAllowed(
  stores: Stores,
  caller: User,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
): Promise<{ target: User; account: Account }> {
  const loaded = await loadRemovalTarget(stores, caller, request.userId, namedTargets(request));
  const target = assertRemovable(caller, loaded);
  const account = loaded.account as Account; // assertRemovable refuses (403) without it
  const holdsNothing = (target.ownedCount ?? 0) === 0 && (target.memberCount ?? 0) === 0;
  if (!request.reassignments && (request.reassignTo || holdsNothing)) {
    const invalid = findInvalidTargets(request, loaded.users);
    if (invalid.length > 0) throw new InvalidReassignmentTargetError(invalid);
    return { target, account };
  }
  assertAdminPlanCanRun(request.reassignments, (await planFor(stores, request, loaded.users)).plan);
  return { target, account };
}

/** R4/R5: the plan the workflow would make now for these targets (`known`: users already read). */
export async function planFor(
  stores: Stores,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
  known: ReadonlyMap<string, User> = new Map(),
): Promise<{ plan: ReassignmentPlan; ownership: Ownership }> {
  // The user's rotations from its item when already read (its memberOf), else listOwnership reads it.
  const user = known.get(request.userId);
  const ownership = await stores.plans.listOwnership(request.accountId, request.userId, user && rotationsOf(user));
  return { plan: await buildReassignmentPlan(stores, request, ownership, [], known), ownership };
}
