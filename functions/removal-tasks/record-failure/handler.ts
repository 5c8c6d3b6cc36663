// Lambda for "Undo and record the failure": compensation; returns the RemovalFailed detail.
import { recordRemovalFailure } from '#core/removal/record-failure.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { FailureInputSchema } from '../task-inputs.ts';

export const recordFailure = removalTask(FailureInputSchema, recordRemovalFailure);
export const handler = taskHandler(recordFailure);
