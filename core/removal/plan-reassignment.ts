// "Scan and plan the reassignment": scan what the user owns and where it takes calls (Query on the owner index), decide a
// target for every owned resource and every rotation left empty (R4/R5), refuse what cannot be
// resolved, and hand the Map state transaction-sized batches. Scan and plan are one step so the
// scan's result — as large as what the user owns — never has to travel in the workflow's state.
import { assertPlanIsComplete, namedTargets, planReassignment } from '../rules/reassignment-plan.ts';
import type { MembershipFacts, ReassignmentPlan } from '../rules/reassignment-plan.ts';
import { TransientStoreError } from '../errors.ts';
import { resourceKey, withStoredReassignments } from '../model/index.ts';
import type { PlanBatch, RemovalRequest, ResourceRef, User } from '../model/index.ts';
import type { Decision, Ownership, Stores } from '../ports.ts';
import { toBatches } from './batching.ts';
import { assertPlanFitsOneRun } from '../rules/removal-size.ts';
import type { RemovalDeps } from './deps.ts';

/** Gathers the facts R4/R5 need and plans. Shared by the workflow and the removal preview. */
export async function buildReassignmentPlan(
  stores: Stores,
  request: Pick<RemovalRequest, 'accountId' | 'userId' | 'reassignTo' | 'reassignments'>,
  ownership: Ownership,
  checkedTargets: readonly string[] = [],
  /** Users already read (e.g. the targets the API read with the user): not read again. */
  known: ReadonlyMap<string, User> = new Map(),
): Promise<ReassignmentPlan> {
  const { accountId, userId } = request;
  const checked = new Set(checkedTargets);
  // R5 from the rotations' own items: their members and whether each takes calls (no member read).
  const members = await stores.plans.listRotationMembers(accountId, ownership.memberships);
  const memberships: MembershipFacts[] = ownership.memberships.map((resource) => ({
    resource,
    otherActiveMembers: [...(members.get(resourceKey(resource)) ?? [])]
      .filter(([id, status]) => id !== userId && status === 'ACTIVE')
      .map(([id]) => id)
      .sort(),
  }));
  const users = await stores.users.getUsers(
    accountId,
    namedTargets(request).filter((id) => !checked.has(id) && !known.has(id)),
  );
  for (const [id, user] of known) users.set(id, user);
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
 * Plans up to this size travel inside the workflow's state — about 1,500 phone numbers — leaving
 * room under its 256 KiB limit for the rest of the state (a request without its per-resource
 * reassignments, at most 50 checked targets, the Map's outcomes); larger plans are stored, one
 * item a batch.
 */
const MAX_INLINE_PLAN_BYTES = 128 * 1024;

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
async function chooseTargets(stores: Stores, request: RemovalRequest, decision: Decision | null): Promise<Decision> {
  if (decision) return decision;
  if (request.reassignTo || request.reassignments || !request.policy) {
    return { reassignTo: request.reassignTo, reassignments: request.reassignments };
  }
  const eligible = (user: User | undefined) => user?.status === 'ACTIVE' && user.userId !== request.userId;
  const manager = request.policy.managerEmail
    ? await stores.users.findUserByEmail(request.accountId, request.policy.managerEmail)
    : undefined;
  if (manager && eligible(manager)) return { reassignTo: manager.userId };
  const account = await stores.accounts.getAccount(request.accountId);
  const fallbackId = account?.fallbackUserId ?? account?.ownerId;
  const fallback = fallbackId ? await stores.users.getUser(request.accountId, fallbackId) : undefined;
  return fallback && eligible(fallback) ? { reassignTo: fallback.userId } : {};
}

export async function planRemovalReassignment(
  stores: RemovalDeps,
  input: {
    request: RemovalRequest;
    planId: string;
    decision: (Decision & { recorded?: boolean }) | null;
    checkedTargets: readonly string[];
    /** Before any batch of this removal ran: what the user held when the removal took it. */
    holdings?: { owned: number; memberships: number } | undefined;
    /** Before any batch of this removal ran: the rotations it was in then (its memberOf), if carried. */
    rotations?: readonly ResourceRef[] | null | undefined;
  },
): Promise<PlannedBatches> {
  const { planId } = input;
  // What is large stays in the removal record (the workflow's state is limited to 256 KiB): the
  // per-resource reassignments, and an admin's decision.
  const record =
    input.request.storedReassignments || input.decision?.recorded
      ? await stores.removals.getRemoval(input.request.removalId)
      : undefined;
  const request = withStoredReassignments(input.request, record);
  const decision = input.decision?.recorded ? (record?.decision ?? {}) : input.decision;
  const ownership = await stores.plans.listOwnership(request.accountId, request.userId, input.rotations ?? undefined);
  const scanned = { owned: ownership.owned.length, memberships: ownership.memberships.length };
  // The owner index is eventually consistent: a resource handed to the user just before the
  // removal took it may not be there yet. Seeing fewer than the user's counters say, scan again
  // later (transient) rather than plan without it; the final transaction proves the rest (R4/R5).
  const { holdings } = input;
  if (holdings && (scanned.owned < holdings.owned || scanned.memberships < holdings.memberships))
    throw new TransientStoreError(
      `The owner index is behind: it lists ${scanned.owned} owned / ${scanned.memberships} rotations, the user holds ${holdings.owned} / ${holdings.memberships}`,
    );
  const targets = await chooseTargets(stores, request, decision);
  const plan = await buildReassignmentPlan(stores, { ...request, ...targets }, ownership, input.checkedTargets);
  // One wait per removal: a decision that no longer covers everything fails it (R4) rather than
  // waiting another seven days, which keeps the longest path bounded.
  if (request.policy && !decision && (plan.unresolved.length > 0 || plan.invalidTargets.length > 0)) {
    return { batches: [], needsDecision: true, scanned };
  }
  assertPlanIsComplete(plan);

  const plannedAt = stores.clock.now().toISOString();
  const memberships = plan.memberships.map(({ lastActiveMember: _, ...change }) => change);
  const planned = toBatches(plan.ownership, memberships);
  assertPlanFitsOneRun(request.userId, planned.length, plan.ownership.length + memberships.length);
  const batches: PlanBatch[] = planned.map((batch, index) => ({
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
  await stores.plans.savePlan(batches);
  return { batches: batches.map(({ batchKey }) => ({ batchKey, batch: null })), needsDecision: false, scanned };
}
