// Step 2: scan what the user owns and where it takes calls (Query on the owner index), decide a
// target for every owned resource and every rotation left empty (R4/R5), refuse what cannot be
// resolved, and hand the Map state transaction-sized batches. Scan and plan are one step so the
// scan's result — as large as what the user owns — never has to travel in the workflow's state.
import { assertPlanIsComplete, namedTargets, planReassignment } from '../rules/reassignment-plan.ts';
import type { MembershipFacts, ReassignmentPlan } from '../rules/reassignment-plan.ts';
import type { PlanBatch, RemovalRequest, User } from '../model/index.ts';
import type { Decision, Ownership, RemovalReader } from '../ports.ts';
import { toBatches } from './batching.ts';
import type { RemovalDeps } from './deps.ts';

/** Gathers the facts R4/R5 need and plans. Shared by the workflow and the removal preview. */
export async function buildReassignmentPlan(
  store: RemovalReader,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
  ownership: Ownership,
  checkedTargets: readonly string[] = [],
): Promise<ReassignmentPlan> {
  const { accountId, userId } = request;
  const checked = new Set(checkedTargets);
  const membersByResource = await Promise.all(
    ownership.memberships.map(async (resource) => ({
      resource,
      others: (await store.listMembers(accountId, resource)).filter((id) => id !== userId),
    })),
  );
  const users = await store.getUsers(accountId, [
    ...new Set([
      ...namedTargets(request).filter((id) => !checked.has(id)),
      ...membersByResource.flatMap((m) => m.others),
    ]),
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
    checkedTargets,
  });
}

/**
 * Plans up to this size travel inside the workflow's state — about 2,000 phone numbers — leaving
 * room under its 256 KB limit for the rest of the state; larger plans are stored, one item a batch.
 */
const MAX_INLINE_PLAN_BYTES = 160 * 1024;

export interface PlannedBatches {
  /** Each batch's key, and the batch itself when the plan is small enough to travel inline. */
  batches: { batchKey: string; batch: PlanBatch | null }[];
  /** An HR removal whose targets could not be resolved by policy: the workflow waits for an admin. */
  needsDecision: boolean;
  /** What the scan found, for the execution history. */
  scanned: { owned: number; memberships: number };
}

/**
 * The targets to plan with: an admin's decision, else those the request names, else for HR
 * removals the policy (R11) — the manager when an ACTIVE user of the account, else the account's
 * fallback user (default: the owner) when ACTIVE.
 */
async function chooseTargets(
  store: RemovalReader,
  request: RemovalRequest,
  decision: Decision | null,
): Promise<Decision> {
  if (decision) return decision;
  if (request.reassignTo || request.reassignments || !request.policy) {
    return { reassignTo: request.reassignTo, reassignments: request.reassignments };
  }
  const eligible = (user: User | undefined) => user?.status === 'ACTIVE' && user.userId !== request.userId;
  const manager = request.policy.managerEmail
    ? await store.findUserByEmail(request.accountId, request.policy.managerEmail)
    : undefined;
  if (manager && eligible(manager)) return { reassignTo: manager.userId };
  const account = await store.getAccount(request.accountId);
  const fallbackId = account?.fallbackUserId ?? account?.ownerId;
  const fallback = fallbackId ? await store.getUser(request.accountId, fallbackId) : undefined;
  return fallback && eligible(fallback) ? { reassignTo: fallback.userId } : {};
}

export async function planRemovalReassignment(
  { store, clock }: RemovalDeps,
  input: { request: RemovalRequest; planId: string; decision: Decision | null; checkedTargets: readonly string[] },
): Promise<PlannedBatches> {
  const { request, planId } = input;
  const ownership = await store.listOwnership(request.accountId, request.userId);
  const scanned = { owned: ownership.owned.length, memberships: ownership.memberships.length };
  const targets = await chooseTargets(store, request, input.decision);
  const plan = await buildReassignmentPlan(store, { ...request, ...targets }, ownership, input.checkedTargets);
  // One wait per removal: a decision that no longer covers everything fails it (R4) rather than
  // waiting another seven days, which keeps the longest path bounded.
  if (request.policy && !input.decision && (plan.unresolved.length > 0 || plan.invalidTargets.length > 0)) {
    return { batches: [], needsDecision: true, scanned };
  }
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
  // A small plan travels in the state (no write now, no read per batch); a large one is stored.
  if (Buffer.byteLength(JSON.stringify(batches)) <= MAX_INLINE_PLAN_BYTES) {
    return { batches: batches.map((batch) => ({ batchKey: batch.batchKey, batch })), needsDecision: false, scanned };
  }
  await store.savePlan(batches);
  return { batches: batches.map(({ batchKey }) => ({ batchKey, batch: null })), needsDecision: false, scanned };
}
