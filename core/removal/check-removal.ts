// The synchronous checks of a removal request (R1–R4), shared by the API's POST removal, the
// removal preview and — through the same rule functions — the workflow's own steps.
import { checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { RemovalInProgressError } from '../errors.ts';
import type { RemovalRequest, User } from '../model/index.ts';
import type { Ownership, RemovalReader } from '../ports.ts';
import type { ReassignmentPlan } from '../rules/reassignment-plan.ts';
import { buildReassignmentPlan } from './plan-reassignment.ts';

/** The account and the user a removal request is about, read once. */
export async function loadRemovalTarget(store: RemovalReader, caller: User, userId: string) {
  const [account, found] = await Promise.all([
    store.getAccount(caller.accountId),
    store.getUser(caller.accountId, userId),
  ]);
  return { account, found };
}

/** R1–R3 and R10's one-pending-removal guard on what was read; throws the refusal. */
export function assertRemovable(caller: User, { account, found }: Awaited<ReturnType<typeof loadRemovalTarget>>): User {
  const target = checkMayManageUser({ account, caller, target: found, action: 'remove' });
  const pending = target.status === 'REMOVING' ? target.removalId : target.pendingRemovalId;
  if (pending) throw new RemovalInProgressError(pending);
  return target;
}

export async function checkRemovalAllowed(store: RemovalReader, caller: User, userId: string) {
  return { target: assertRemovable(caller, await loadRemovalTarget(store, caller, userId)) };
}

/** R4/R5: the plan the workflow would make now for these targets. */
export async function planFor(
  store: RemovalReader,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
): Promise<{ plan: ReassignmentPlan; ownership: Ownership }> {
  const ownership = await store.listOwnership(request.accountId, request.userId);
  return { plan: await buildReassignmentPlan(store, request, ownership), ownership };
}
