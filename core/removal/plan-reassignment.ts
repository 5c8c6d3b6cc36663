// Step 3: decide a target for every owned resource and every rotation left empty (R4/R5), refuse
// what cannot be resolved, and store the plan as transaction-sized batches for the Map state.
import { assertPlanIsComplete, namedTargets, planReassignment } from '../rules/reassignment-plan.ts';
import type { MembershipFacts, ReassignmentPlan } from '../rules/reassignment-plan.ts';
import type { PlanBatch, RemovalRequest } from '../model/index.ts';
import type { Ownership, RemovalReader } from '../ports.ts';
import { toBatches } from './batching.ts';
import type { RemovalDeps } from './deps.ts';

/** Gathers the facts R4/R5 need and plans. Shared by the workflow and the removal preview. */
export async function buildReassignmentPlan(
  store: RemovalReader,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
  ownership: Ownership,
): Promise<ReassignmentPlan> {
  const { accountId, userId } = request;
  const membersByResource = await Promise.all(
    ownership.memberships.map(async (resource) => ({
      resource,
      others: (await store.listMembers(accountId, resource)).filter((id) => id !== userId),
    })),
  );
  const users = await store.getUsers(accountId, [
    ...new Set([...namedTargets(request), ...membersByResource.flatMap((m) => m.others)]),
  ]);
  const memberships: MembershipFacts[] = membersByResource.map(({ resource, others }) => ({
    resource,
    otherActiveMembers: others.filter((id) => users.get(id)?.status === 'ACTIVE'),
  }));
  return planReassignment({
    accountId,
    userId,
    owned: ownership.owned,
    memberships,
    reassignTo: request.reassignTo,
    reassignments: request.reassignments,
    users,
  });
}

export interface PlannedBatches {
  batches: { batchKey: string }[];
}

export async function planRemovalReassignment(
  { store, clock }: RemovalDeps,
  input: { request: RemovalRequest; ownership: Ownership; planId: string },
): Promise<PlannedBatches> {
  const { request, ownership, planId } = input;
  const plan = await buildReassignmentPlan(store, request, ownership);
  assertPlanIsComplete(plan);

  const plannedAt = clock.now().toISOString();
  const memberships = plan.memberships.map(({ lastActiveMember: _, ...change }) => change);
  const batches: PlanBatch[] = toBatches(plan.ownership, memberships).map((batch, index) => ({
    removalId: request.removalId,
    accountId: request.accountId,
    userId: request.userId,
    requestedBy: request.requestedBy,
    // Plan ids are unique per execution and scan round, so a redrive never reuses an applied batch.
    batchKey: `${planId}#${String(index).padStart(4, '0')}`,
    plannedAt,
    ...batch,
  }));
  await store.savePlan(batches);
  return { batches: batches.map(({ batchKey }) => ({ batchKey })) };
}
