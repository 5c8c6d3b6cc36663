// Lambda for "Authorize the removal": R1–R4 from the table, user → REMOVING, tokens revoked.
import { authorizeRemoval } from '#core/removal/authorize-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const authorize = removalTask(TASK_CONTRACTS.AuthorizeRemoval, (deps, { request }) =>
  authorizeRemoval(deps, request),
);
export const handler = taskHandler(authorize);
