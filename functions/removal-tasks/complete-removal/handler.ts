// Lambda for "Remove the user": the final transaction; returns the UserRemoved detail. Also serves
// "Rebuild UserRemoved after the commit", when the transaction committed but its step failed.
import { completeRemoval } from '#core/removal/complete-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { composition } from '../../shared/composition.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const complete = removalTask(TASK_CONTRACTS.CompleteRemoval, async (deps, input) => {
  const completed = await completeRemoval(deps, {
    request: input.request,
    subject: input.subject,
    reassignment:
      'batches' in input
        ? { rounds: input.rounds.count, batches: input.batches, outcomes: input.outcomes }
        : 'committed',
  });
  composition().removalMetrics().completed(input.request, completed.detail);
  return completed;
});
export const handler = taskHandler(complete);
