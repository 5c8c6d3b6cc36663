// Lambda for "Authorize the removal": R1–R4 from the table, user → REMOVING, tokens revoked.
import { authorizeRemoval } from '#core/removal/authorize-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { RequestInputSchema } from '../task-inputs.ts';

export const authorize = removalTask(RequestInputSchema, (deps, { request }) => authorizeRemoval(deps, request));
export const handler = taskHandler(authorize);
