// "Authorize the removal": re-check R1–R4 from the table and take hold of the user (REMOVING), revoking its access
// (R6, in the same write). A second removal racing for the same user loses on the conditional write.
// What later steps need about the user and the account travels on in the workflow's state, so
// they do not read it again.
import { checkHrMayRemove, checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { findInvalidTargets, namedTargets } from '../rules/reassignment-plan.ts';
import { assertRemovalFitsOneRun } from '../rules/removal-size.ts';
import {
  InvalidReassignmentTargetError,
  NotFoundError,
  RemovalCancelledError,
  RemovalNotAcceptedError,
  RemovalInProgressError,
} from '../errors.ts';
import { MAX_ROTATIONS_IN_STATE, rotationsOf, withStoredReassignments } from '../model/index.ts';
import type { RemovalRecord, RemovalRequest, RemovalSubject, User } from '../model/index.ts';
import type { RemovalDeps } from './deps.ts';
import { removalRequestedAudit } from './audit-entries.ts';
import { outboxEvent } from '../events/outbox.ts';
import { canonicalJson } from '../model/canonical-json.ts';
import { RemovalStarted } from '../events/removal-started.ts';

export interface Authorization {
  /** The targets the request names, found ACTIVE users of the account now (R4). */
  checkedTargets: string[];
  subject: RemovalSubject;
}

/** Named targets Authorize passes on as checked; more would weigh on the workflow's state (Plan re-reads them). */
const MAX_CHECKED_TARGETS_PASSED = 50;

/** The write that takes the user (R6), with its audit entry and RemovalStarted. */
function beginning(request: RemovalRequest, user: User, startedAt: string) {
  const { removalId, accountId, userId, requestedBy } = request;
  return {
    request,
    user,
    startedAt,
    audit: removalRequestedAudit(request, user.displayName),
    outbox: outboxEvent(
      RemovalStarted,
      `${removalId}.started`,
      { version: 1, removalId, accountId, userId, requestedBy, startedAt, occurredAt: startedAt },
      [userId],
    ),
  };
}

/**
 * A removal the API started at once, with what it read when it accepted it (`acceptedAs`): one
 * conditional write and no read. It commits only if nothing the API's checks relied on changed —
 * the user still at the version and counters it read (a role, status or ownership change moves
 * them), the account's plan and cycle day the same, the requester still an ACTIVE admin and the
 * named targets still ACTIVE (R1–R4), the removal still runnable — so it decides exactly as a read
 * would. Undefined when it did not commit: the caller reads and checks.
 */
async function authorizeAsAccepted({ removals, clock }: RemovalDeps, request: RemovalRequest) {
  const accepted = request.acceptedAs;
  // Per-resource reassignments stored in the record name targets only a read would tell.
  if (!accepted || request.storedReassignments || request.requestedBy.type !== 'USER') return undefined;
  const user: User = { ...accepted.user, accountId: request.accountId };
  const targets = namedTargets(request);
  const taken = await removals.beginRemoval({
    ...beginning(request, user, clock.now().toISOString()),
    assumed: { plan: accepted.plan, billingCycleDay: accepted.billingCycleDay, activeTargets: targets },
  });
  if (taken === 'stale') return undefined;
  return authorizationOf(user, accepted, targets);
}

const authorizationOf = (
  user: User,
  account: Pick<RemovalSubject, 'plan' | 'billingCycleDay'>,
  targets: string[],
): Authorization => ({
  checkedTargets: targets.length <= MAX_CHECKED_TARGETS_PASSED ? targets : [],
  subject: {
    displayName: user.displayName,
    email: user.email,
    plan: account.plan,
    billingCycleDay: account.billingCycleDay,
    holdings: { owned: user.ownedCount ?? 0, memberships: user.memberCount ?? 0 },
    rotations: rotationsOf(user).length <= MAX_ROTATIONS_IN_STATE ? rotationsOf(user) : null,
    ...(user.externalId || user.employeeNumber || user.department
      ? {
          lookups: {
            ...(user.externalId ? { externalId: user.externalId } : {}),
            ...(user.employeeNumber ? { employeeNumber: user.employeeNumber } : {}),
            ...(user.department ? { department: user.department } : {}),
          },
        }
      : {}),
  },
});

export async function authorizeRemoval(deps: RemovalDeps, input: RemovalRequest): Promise<Authorization> {
  const fast = await authorizeAsAccepted(deps, input);
  if (fast) return fast;
  const { clock } = deps;
  const { accountId, userId, requestedBy, removalId } = input;
  // One read: the account, the removal record, the user, the caller and the named targets.
  const { account, users, removal } = await deps.removals.getRemovalContext({
    accountId,
    userIds: [userId, ...(requestedBy.type === 'USER' ? [requestedBy.id] : []), ...namedTargets(input)],
    removalId,
  });
  // R14: the workflow acts only on what an accepted request recorded, exactly as recorded.
  assertAccepted(input, removal);
  // Per-resource reassignments stay in the removal record (state size): their targets are read now.
  const request = withStoredReassignments(input, removal);
  const targets = namedTargets(request);
  const unread = targets.filter((id) => !users.has(id));
  if (unread.length > 0) for (const [id, user] of await deps.users.getUsers(accountId, unread)) users.set(id, user);
  const target = users.get(userId);
  const caller = requestedBy.type === 'USER' ? users.get(requestedBy.id) : undefined;
  if (removal?.status === 'CANCELLED')
    throw new RemovalCancelledError(`Removal ${removalId} was cancelled before it started`);
  if (!account) throw new NotFoundError(`Account ${accountId} not found`);

  const authorized = (user: User): Authorization => {
    // R4 before anything changes: a target that is no longer usable refuses the removal now.
    const invalid = findInvalidTargets(request, users);
    if (invalid.length > 0) throw new InvalidReassignmentTargetError(invalid);
    return authorizationOf(user, account, targets);
  };

  // A retry of this very step (or a redrive) finds the user already held by this removal.
  if (target?.removalId === removalId && (target.status === 'REMOVING' || target.status === 'REMOVED')) {
    return authorized(target);
  }

  const user =
    requestedBy.type === 'USER'
      ? checkMayManageUser({ account, caller, target, action: 'remove' })
      : checkHrMayRemove(account, target);

  if (user.status === 'REMOVING') throw new RemovalInProgressError(user.removalId ?? 'unknown');
  if (user.pendingRemovalId && user.pendingRemovalId !== removalId)
    throw new RemovalInProgressError(user.pendingRemovalId);
  // An HR termination is accepted without reading the user's holdings: refused here, unchanged.
  assertRemovalFitsOneRun(user);
  const authorization = authorized(user);

  await deps.removals.beginRemoval(beginning(request, user, clock.now().toISOString()));
  // Access ends with that write (R6): the user is REMOVING, which every authorizer check refuses,
  // and its token generation moved on, so its integration tokens stay revoked even if the removal
  // fails and the user gets its status back.
  return authorization;
}

/** What a removal's run acts on: who asked, whom, when, for what reason, and who takes over. */
const trusted = (request: RemovalRequest) => ({
  accountId: request.accountId,
  userId: request.userId,
  requestedBy: request.requestedBy,
  requestedAt: request.requestedAt,
  reason: request.reason,
  policy: request.policy,
  reassignTo: request.reassignTo,
});

/**
 * R14: the run's input is a removal an accepted request (API, HR, SCIM, a schedule) recorded, and
 * says what the record says — a StartExecution by anyone else, or with other targets, requester or
 * reason, acts on nothing.
 */
function assertAccepted(input: RemovalRequest, removal: RemovalRecord | undefined): void {
  const refuse = (why: string) => {
    throw new RemovalNotAcceptedError(`Removal ${input.removalId}: ${why}; nothing was changed`);
  };
  if (!removal) return refuse('no accepted request recorded it');
  const recorded = removal.request;
  if (canonicalJson(trusted(input)) !== canonicalJson(trusted(recorded)))
    return refuse('the workflow input differs from the recorded request');
  // Per-resource reassignments travel in the input, or only their count when the record holds them.
  const sameReassignments = input.storedReassignments
    ? input.storedReassignments === (recorded.reassignments?.length ?? 0)
    : canonicalJson(input.reassignments ?? []) === canonicalJson(recorded.reassignments ?? []);
  if (!sameReassignments) return refuse('the workflow input differs from the recorded request');
}
