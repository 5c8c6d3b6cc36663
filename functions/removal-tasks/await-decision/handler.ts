// Lambda for "Wait for a decision" (lambda:invoke.waitForTaskToken): marks the removal
// AWAITING_DECISION with the task token that POST …/decision uses to resume the execution.
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const awaitDecision = removalTask(
  TASK_CONTRACTS.AwaitDecision,
  async ({ removals, clock }, { request, taskToken }) => {
    await removals.awaitDecision({ removalId: request.removalId, taskToken, at: clock.now().toISOString() });
    return { awaiting: true as const };
  },
);
export const handler = taskHandler(awaitDecision);
