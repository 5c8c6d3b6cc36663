// Lambda for "Verify nothing is still owned".
import { verifyNothingOwned } from '#core/removal/verify-nothing-owned.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { UserInputSchema } from '../task-inputs.ts';

export const verify = removalTask(UserInputSchema, verifyNothingOwned);
export const handler = taskHandler(verify);
