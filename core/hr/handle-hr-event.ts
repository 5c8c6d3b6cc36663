// R11: HR terminations schedule removals for their effective time, and HR/SSO provisioning does
// not silently re-create a user HR removed; reschedules move them and
// cancellations cancel them until they start. Events may arrive duplicated or out of order: each
// updates a per-employee register only if newer (by the HR event's time), then the removal is
// reconciled with what the register says — so any order ends in the state of the latest event.
import { randomUUID } from 'node:crypto';
import {
  CannotRemoveSelfError,
  EmailInUseError,
  NotFoundError,
  OwnerMustTransferError,
  ReprovisioningRefusedError,
  SeatLimitReachedError,
} from '../errors.ts';
import { seatLimit } from '../billing/seats.ts';
import { ProvisioningRefused } from '../events/provisioning-refused.ts';
import { checkHrMayRemove } from '../rules/who-may-manage-users.ts';
import { outboxEvent } from '../events/outbox.ts';
import { RemovalScheduled } from '../events/removal-scheduled.ts';
import { TerminationUnmatched } from '../events/termination-unmatched.ts';
import type { Actor, RemovalRequest, User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { HrStore } from '../ports.ts';
import { acceptRemoval, isDueNow } from '../removal/accept-removal.ts';
import { userAddedEvent } from '../users/user-added-event.ts';
import { cancelRemovalAs } from '../removal/cancel-removal.ts';
import { nextTermination, type HrEnvelope, type ProvisioningEnvelope, type TerminationRecord } from './hr-events.ts';

/**
 * Who sends: the bus's one trusted HR integration (`id` = its source), or an account's HR token
 * (`id` = its tokenId; `createdBy` = the admin who created it, whom no token removes — R14).
 */
export interface HrSender {
  id: string;
  createdBy?: string | undefined;
}

export type HrDeps = AdminDeps & { hr: HrStore; sender: HrSender };

export type HrOutcome =
  | 'stale'
  | 'scheduled'
  | 'started'
  | 'rescheduled'
  | 'unchanged'
  | 'already-started'
  | 'cancelled'
  | 'nothing-to-cancel'
  | 'unmatched'
  | 'provisioned'
  | 'already-provisioned'
  | 'refused';

export async function handleHrEvent(deps: HrDeps, event: HrEnvelope): Promise<HrOutcome> {
  if (event['detail-type'] === 'EmployeeProvisioned') return provisionUser(deps, event);
  const { accountId, email } = event.detail;
  const current = await deps.hr.getTermination(accountId, email);
  const next = nextTermination(current, event);
  if (next) {
    await deps.hr.saveTermination(next, current?.lastEventTime);
    return reconcileAndMark(deps, next);
  }
  // Lambda retries an event whose handling failed after the register was saved: the register
  // already holds it, so it looks stale — reconcile it again (reconciling is idempotent), or the
  // termination would be lost.
  if (current?.pendingReconcile && current.lastEventTime === new Date(event.time).toISOString())
    return reconcileAndMark(deps, current);
  return 'stale';
}

async function reconcileAndMark(deps: HrDeps, termination: TerminationRecord): Promise<HrOutcome> {
  const outcome = await reconcile(deps, termination);
  await deps.hr.markReconciled(termination);
  return outcome;
}

async function reconcile(deps: HrDeps, termination: TerminationRecord): Promise<HrOutcome> {
  const { accounts, users, removals, hr, clock } = deps;
  const actor = actorOf(deps.sender);
  const [account, user] = await Promise.all([
    accounts.getAccount(termination.accountId),
    users.findUserByEmail(termination.accountId, termination.email),
  ]);
  const pending = user?.pendingRemovalId ? await removals.getRemoval(user.pendingRemovalId) : undefined;

  if (termination.state === 'CANCELLED') {
    if (pending?.status !== 'SCHEDULED' && pending?.status !== 'AWAITING_DECISION') return 'nothing-to-cancel';
    await cancelRemovalAs(deps, pending, actor);
    return 'cancelled';
  }

  const effectiveAt = termination.effectiveAt as string;
  if (pending) {
    if (pending.status !== 'SCHEDULED') return 'already-started';
    if (pending.effectiveAt === effectiveAt) return 'unchanged';
    const at = clock.now().toISOString();
    await deps.removals.rescheduleRemoval({
      removalId: pending.removalId,
      effectiveAt,
      audit: {
        id: `${pending.removalId}.rescheduled.${termination.lastEventTime}`,
        accountId: pending.accountId,
        at,
        actor,
        action: 'REMOVAL_RESCHEDULED',
        targetUserId: pending.userId,
        details: { removalId: pending.removalId, effectiveAt },
      },
      outbox: outboxEvent(
        RemovalScheduled,
        `${pending.removalId}.scheduled.${termination.lastEventTime}`,
        {
          version: 1,
          removalId: pending.removalId,
          accountId: pending.accountId,
          userId: pending.userId,
          effectiveAt,
          requestedBy: pending.requestedBy,
          occurredAt: at,
        },
        [pending.userId],
      ),
    });
    if (isDueNow(effectiveAt, clock.now())) {
      // Moved to a time already past (HR backdating): start now, then drop the old schedule (if
      // it fires meanwhile, the execution name is taken and nothing runs twice — R10).
      await deps.workflow.start(pending.request);
      await deps.scheduler.cancel(pending.removalId);
      return 'started';
    }
    await deps.scheduler.schedule(pending.request, effectiveAt);
    return 'rescheduled';
  }

  try {
    if (user && user.userId === deps.sender.createdBy)
      throw new CannotRemoveSelfError(
        'This HR token was created by this user, and a token never removes its creator: remove them in offboard',
      );
    const target = checkHrMayRemove(account, user);
    const request: RemovalRequest = {
      removalId: `rm-${randomUUID()}`,
      accountId: termination.accountId,
      userId: target.userId,
      requestedBy: actor,
      requestedAt: clock.now().toISOString(),
      ...(termination.reason ? { reason: termination.reason } : {}),
      policy: termination.managerEmail ? { managerEmail: termination.managerEmail } : {},
    };
    const accepted = await acceptRemoval(deps, { request, target, effectiveAt });
    return accepted.status === 'SCHEDULED' ? 'scheduled' : 'started';
  } catch (error) {
    if (!(
      error instanceof NotFoundError ||
      error instanceof OwnerMustTransferError ||
      error instanceof CannotRemoveSelfError
    ))
      throw error;
    const receivedAt = clock.now().toISOString();
    const code =
      error instanceof NotFoundError
        ? 'NO_SUCH_USER'
        : error instanceof CannotRemoveSelfError
          ? 'TOKEN_CREATOR'
          : 'OWNER_MUST_TRANSFER';
    const message =
      error instanceof NotFoundError ? `No active user with ${termination.email} in this account` : error.message;
    await hr.recordRefusal({
      audit: {
        id: `hr.${termination.email}.${termination.lastEventTime}`,
        accountId: termination.accountId,
        at: receivedAt,
        actor,
        action: 'HR_TERMINATION_UNMATCHED',
        details: { email: termination.email, code, message },
      },
      outbox: outboxEvent(
        TerminationUnmatched,
        `hr.${termination.accountId}.${termination.email}.${termination.lastEventTime}`,
        {
          version: 1,
          accountId: termination.accountId,
          email: termination.email,
          code,
          message,
          receivedAt,
          occurredAt: receivedAt,
        },
      ),
    });
    return 'unmatched';
  }
}

/** HR/SSO provisioning: a new user, unless HR removed this email and no admin has invited it since (R11). */
async function provisionUser(deps: HrDeps, event: ProvisioningEnvelope): Promise<HrOutcome> {
  const { accounts, users, hr, clock } = deps;
  const { accountId, email, displayName, role } = event.detail;
  const actor = actorOf(deps.sender);
  const account = await accounts.getAccount(accountId);
  if (!account) return 'refused';
  const user: User = { accountId, userId: `u-${randomUUID()}`, email, displayName, role, status: 'ACTIVE', version: 1 };
  const at = clock.now().toISOString();
  try {
    await users.addUser({
      user,
      seatLimit: seatLimit(account.plan),
      outbox: userAddedEvent(user, actor, at),
      provisionedBy: 'HR_SYSTEM',
      audit: {
        id: `${user.userId}.added`,
        accountId,
        at,
        actor,
        action: 'USER_ADDED',
        targetUserId: user.userId,
        details: { email, displayName, role },
      },
    });
    return 'provisioned';
  } catch (error) {
    if (error instanceof EmailInUseError) return 'already-provisioned';
    if (!(error instanceof ReprovisioningRefusedError || error instanceof SeatLimitReachedError)) throw error;
    const code = error.code as 'REPROVISIONING_REFUSED' | 'SEAT_LIMIT_REACHED';
    await hr.recordRefusal({
      audit: {
        id: `hr.provision.${email}.${event.time}`,
        accountId,
        at,
        actor,
        action: 'PROVISIONING_REFUSED',
        details: { email, code, message: error.message },
      },
      outbox: outboxEvent(ProvisioningRefused, `hr.provision.${accountId}.${email}.${event.time}`, {
        version: 1,
        accountId,
        email,
        code,
        message: error.message,
        receivedAt: at,
        occurredAt: at,
      }),
    });
    return 'refused';
  }
}

const actorOf = (sender: HrSender): Actor => ({ type: 'HR_SYSTEM', id: sender.id });
