// Lambda for "Remove the user": the final transaction; returns the UserRemoved detail.
import { completeRemoval } from '#core/removal/complete-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { RequestInputSchema } from '../task-inputs.ts';

export const complete = removalTask(RequestInputSchema, (deps, { request }) => completeRemoval(deps, request));
export const handler = taskHandler(complete);
