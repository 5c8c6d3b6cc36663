// POST …/removals/{id}/decision: an admin names the targets a waiting HR removal needs. The same
// R4 checks as a removal request, then the waiting execution resumes with them.
import { assertAdmin } from '../access/caller-access.ts';
import { NotAwaitingDecisionError } from '../errors.ts';
import { assertAdminPlanCanRun } from '../rules/reassignment-plan.ts';
import type { User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { Decision } from '../ports.ts';
import { planFor } from './check-removal.ts';
import { findRemoval } from './removal-view.ts';

export async function decideRemoval(
  deps: AdminDeps,
  caller: User,
  removalId: string,
  decision: Decision,
): Promise<{ removalId: string; status: 'RUNNING' }> {
  assertAdmin(caller, 'decide removals');
  const removal = await findRemoval(deps, caller.accountId, removalId);
  if (removal.status !== 'AWAITING_DECISION' || !removal.taskToken)
    throw new NotAwaitingDecisionError(removalId, removal.status);
  const { plan } = await planFor(deps, { accountId: removal.accountId, userId: removal.userId, ...decision });
  assertAdminPlanCanRun(decision.reassignments, plan);
  await deps.removals.recordDecision({
    removalId,
    decision,
    audit: {
      id: `${removalId}.decided.${removal.taskToken.slice(-12)}`,
      accountId: removal.accountId,
      at: deps.clock.now().toISOString(),
      actor: { type: 'USER', id: caller.userId },
      action: 'REMOVAL_DECIDED',
      targetUserId: removal.userId,
      details: { removalId, ...decision },
    },
  });
  // The decision is in the record; the execution is told only that (its state stays small).
  if ((await deps.workflow.sendDecision(removal.taskToken, { recorded: true })) === 'wait-ended')
    throw new NotAwaitingDecisionError(removalId, 'no longer waiting (its wait ended)');
  return { removalId, status: 'RUNNING' };
}
