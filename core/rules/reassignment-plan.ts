// R4 and R5: who takes over each owned resource, and who takes the user's place in a rotation it
// would otherwise leave empty. Pure: the removal-preview and the workflow use this same function.
import type { MembershipChange, OwnershipChange, ReassignmentRequest, ResourceRef, User } from '../model/index.ts';
import { resourceKey } from '../model/index.ts';
import { mayReceive } from '../resources/receivers.ts';
import { InvalidReassignmentTargetError, ResourceNotOwnedError, ResourcesNeedReassignmentError } from '../errors.ts';

export interface MembershipFacts {
  resource: ResourceRef;
  /** Other members of the rotation that are ACTIVE (the user being removed excluded). */
  otherActiveMembers: string[];
}

export interface ReassignmentInput {
  accountId: string;
  userId: string;
  owned: ResourceRef[];
  memberships: MembershipFacts[];
  reassignTo?: string | undefined;
  reassignments?: ReassignmentRequest[] | undefined;
  /** Every user named as a target, as loaded from the table (except those in `checkedTargets`). */
  users: Map<string, User>;
  /**
   * Targets already found valid when the removal started, not read again: every batch's
   * transaction re-checks that its targets are still ACTIVE when it commits.
   */
  checkedTargets?: readonly string[];
}

export interface ReassignmentPlan {
  ownership: OwnershipChange[];
  memberships: (MembershipChange & { lastActiveMember: boolean })[];
  /** Owned resources, or rotations the user is the last active member of, with no target (R4/R5). */
  unresolved: ResourceRef[];
  /** Named targets that are not ACTIVE users of the account, or are the user being removed. */
  invalidTargets: string[];
}

/** Target ids named by a request, in the order named. */
export const namedTargets = (input: Pick<ReassignmentInput, 'reassignTo' | 'reassignments'>): string[] => [
  ...new Set([
    ...(input.reassignTo ? [input.reassignTo] : []),
    ...(input.reassignments ?? []).flatMap((r) => (r.toUserId === null ? [] : [r.toUserId])),
  ]),
];

/** R4/R12: named targets that may not receive (not ACTIVE users of the account, being removed), or the user itself. */
export function findInvalidTargets(
  input: Pick<ReassignmentInput, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
  users: ReadonlyMap<string, User>,
): string[] {
  return namedTargets(input).filter((id) => id === input.userId || !mayReceive(users.get(id), input.accountId));
}

export function planReassignment(input: ReassignmentInput): ReassignmentPlan {
  const perResource = new Map(
    (input.reassignments ?? []).map((r) => [`${r.resourceType}#${r.resourceId}`, r.toUserId]),
  );
  // null: the number pool (a per-resource choice for phone numbers only).
  const targetFor = (ref: ResourceRef): string | null | undefined =>
    perResource.has(resourceKey(ref)) ? perResource.get(resourceKey(ref)) : input.reassignTo;

  const checked = new Set(input.checkedTargets);
  const invalidTargets = findInvalidTargets(input, input.users).filter((id) => !checked.has(id));

  const unresolved: ResourceRef[] = [];
  const ownership: OwnershipChange[] = [];
  for (const resource of input.owned) {
    const toUserId = targetFor(resource);
    if (toUserId !== undefined) ownership.push({ ...resource, toUserId });
    else unresolved.push(resource);
  }

  const memberships = input.memberships.map(({ resource, otherActiveMembers }) => {
    const witnessId = otherActiveMembers[0];
    if (witnessId) return { ...resource, witnessId, lastActiveMember: false };
    // R5: the rotation would be left with nobody to take calls; the target takes the user's place.
    const replacedBy = targetFor(resource) ?? undefined;
    if (!replacedBy) unresolved.push(resource);
    return { ...resource, ...(replacedBy ? { replacedBy } : {}), lastActiveMember: true };
  });

  return { ownership, memberships, unresolved, invalidTargets };
}

/**
 * R4 for what a request names: each per-resource reassignment must be for a resource the user owns
 * or a rotation it is the last active member of (where its target takes the user's place). Checked
 * when an admin asks (request, decision), not by the workflow, where a resource that moved on since
 * is simply no longer the user's to hand over.
 */
export function assertReassignmentsNameHoldings(
  reassignments: readonly ReassignmentRequest[] | undefined,
  plan: ReassignmentPlan,
): void {
  const held = new Set([
    ...plan.ownership.map((o) => resourceKey(o)),
    ...plan.memberships.filter((m) => m.lastActiveMember).map((m) => resourceKey(m)),
    ...plan.unresolved.map((r) => resourceKey(r)),
  ]);
  const notHeld = (reassignments ?? []).filter((r) => !held.has(`${r.resourceType}#${r.resourceId}`));
  if (notHeld.length > 0)
    throw new ResourceNotOwnedError(notHeld.map(({ resourceType, resourceId }) => ({ resourceType, resourceId })));
}

/** What an admin's request or decision must pass: it names only what the user holds, and the plan can run. */
export function assertAdminPlanCanRun(
  reassignments: readonly ReassignmentRequest[] | undefined,
  plan: ReassignmentPlan,
) {
  assertReassignmentsNameHoldings(reassignments, plan);
  assertPlanIsComplete(plan);
}

/** Refuses a plan that cannot run: invalid targets first (they make the rest moot), then gaps. */
export function assertPlanIsComplete(plan: ReassignmentPlan): void {
  if (plan.invalidTargets.length > 0) throw new InvalidReassignmentTargetError(plan.invalidTargets);
  if (plan.unresolved.length > 0) throw new ResourcesNeedReassignmentError(plan.unresolved);
}
