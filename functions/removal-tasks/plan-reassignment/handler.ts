// Lambda for "Scan and plan the reassignment": Query what the user owns, R4/R5 targets,
// transaction-sized batches (inline, or stored when large).
import { planRemovalReassignment } from '#core/removal/plan-reassignment.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const plan = removalTask(
  TASK_CONTRACTS.PlanReassignment,
  (deps, { request, subject, execution, rounds, decision, checkedTargets }) =>
    planRemovalReassignment(deps, {
      request,
      decision,
      checkedTargets,
      // Until a batch ran, the user's holdings are exactly what Authorize took it with.
      holdings: rounds.count === 0 ? subject?.holdings : undefined,
      rotations: rounds.count === 0 ? subject?.rotations : undefined,
      // Unique per execution and round, so a batch of an earlier round is never taken for this one's.
      planId: `${execution.startedAt}-r${rounds.count}`,
    }),
);
export const handler = taskHandler(plan);
