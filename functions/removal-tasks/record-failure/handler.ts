// Lambda for "Undo and record the failure": compensation; returns the RemovalFailed detail.
import { recordRemovalFailure } from '#core/removal/record-failure.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const recordFailure = removalTask(TASK_CONTRACTS.RecordRemovalFailure, recordRemovalFailure);
export const handler = taskHandler(recordFailure);
