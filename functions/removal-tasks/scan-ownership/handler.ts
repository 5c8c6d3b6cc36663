// Lambda for "Scan what the user owns": owned resources and memberships, by Query.
import { scanOwnership } from '#core/removal/scan-ownership.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { UserInputSchema } from '../task-inputs.ts';

export const scan = removalTask(UserInputSchema, scanOwnership);
export const handler = taskHandler(scan);
