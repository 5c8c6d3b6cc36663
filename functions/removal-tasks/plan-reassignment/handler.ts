// Lambda for "Plan the reassignment": R4/R5 targets, stored as transaction-sized batches.
import { planRemovalReassignment } from '#core/removal/plan-reassignment.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { PlanInputSchema } from '../task-inputs.ts';

export const plan = removalTask(PlanInputSchema, (deps, { request, ownership, execution, rounds, decision }) =>
  planRemovalReassignment(deps, { request, ownership, decision, planId: `${execution.startedAt}-r${rounds.count}` }),
);
export const handler = taskHandler(plan);
