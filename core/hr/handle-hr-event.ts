// R11: HR terminations schedule removals for their effective time; reschedules move them and
// cancellations cancel them until they start. Events may arrive duplicated or out of order: each
// updates a per-employee register only if newer (by the HR event's time), then the removal is
// reconciled with what the register says — so any order ends in the state of the latest event.
import { randomUUID } from 'node:crypto';
import { OwnerMustTransferError, NotFoundError } from '../errors.ts';
import { checkHrMayRemove } from '../rules/who-may-manage-users.ts';
import { outboxEvent } from '../events/outbox.ts';
import { RemovalScheduled } from '../events/removal-scheduled.ts';
import { TerminationUnmatched } from '../events/termination-unmatched.ts';
import type { Actor, RemovalRequest } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { HrStore } from '../ports.ts';
import { acceptRemoval } from '../removal/accept-removal.ts';
import { cancelRemovalAs } from '../removal/cancel-removal.ts';
import { nextTermination, type HrEnvelope, type TerminationRecord } from './hr-events.ts';

export type HrDeps = AdminDeps & { hr: HrStore; hrSource: string };

export type HrOutcome =
  | 'stale'
  | 'scheduled'
  | 'started'
  | 'rescheduled'
  | 'unchanged'
  | 'already-started'
  | 'cancelled'
  | 'nothing-to-cancel'
  | 'unmatched';

export async function handleHrEvent(deps: HrDeps, event: HrEnvelope): Promise<HrOutcome> {
  const { accountId, email } = event.detail;
  const current = await deps.hr.getTermination(accountId, email);
  const next = nextTermination(current, event);
  if (!next) return 'stale';
  await deps.hr.saveTermination(next, current?.lastEventTime);
  return reconcile(deps, next);
}

async function reconcile(deps: HrDeps, termination: TerminationRecord): Promise<HrOutcome> {
  const { store, hr, clock } = deps;
  const actor: Actor = { type: 'HR_SYSTEM', id: deps.hrSource };
  const [account, user] = await Promise.all([
    store.getAccount(termination.accountId),
    store.findUserByEmail(termination.accountId, termination.email),
  ]);
  const pending = user?.pendingRemovalId ? await store.getRemoval(user.pendingRemovalId) : undefined;

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
    await deps.accounts.rescheduleRemoval({
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
        },
        [pending.userId],
      ),
    });
    await deps.scheduler.schedule(pending.request, effectiveAt);
    return 'rescheduled';
  }

  try {
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
    if (!(error instanceof NotFoundError || error instanceof OwnerMustTransferError)) throw error;
    const receivedAt = clock.now().toISOString();
    const code = error instanceof NotFoundError ? 'NO_SUCH_USER' : 'OWNER_MUST_TRANSFER';
    const message =
      error instanceof NotFoundError ? `No active user with ${termination.email} in this account` : error.message;
    await hr.recordUnmatched({
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
        { version: 1, accountId: termination.accountId, email: termination.email, code, message, receivedAt },
      ),
    });
    return 'unmatched';
  }
}
