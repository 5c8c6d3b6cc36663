// Lambda for "Verify nothing is still owned".
import { verifyNothingOwned } from '#core/removal/verify-nothing-owned.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const verify = removalTask(TASK_CONTRACTS.VerifyNothingOwned, verifyNothingOwned);
export const handler = taskHandler(verify);
