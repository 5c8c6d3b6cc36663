// Lambda for "Reassign one batch": one conditional transaction, idempotent.
import { reassignBatch } from '#core/removal/reassign-batch.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { BatchInputSchema } from '../task-inputs.ts';

export const reassign = removalTask(BatchInputSchema, reassignBatch);
export const handler = taskHandler(reassign);
