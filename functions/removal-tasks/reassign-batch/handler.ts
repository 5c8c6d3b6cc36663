// Lambda for "Reassign one batch": one conditional transaction, idempotent.
import { reassignBatch } from '#core/removal/reassign-batch.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const reassign = removalTask(TASK_CONTRACTS.ReassignBatch, reassignBatch);
export const handler = taskHandler(reassign);
