// Lambda for "Remove the user": the final transaction; returns the UserRemoved detail.
import { completeRemoval } from '#core/removal/complete-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { CompleteInputSchema } from '../task-inputs.ts';

export const complete = removalTask(CompleteInputSchema, (deps, { request, subject, rounds, batches, outcomes }) =>
  completeRemoval(deps, { request, subject, reassignment: { rounds: rounds.count, batches, outcomes } }),
);
export const handler = taskHandler(complete);
