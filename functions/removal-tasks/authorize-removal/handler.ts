// Lambda for "Authorize the removal": R1–R4 from the table, user → REMOVING, tokens revoked.
import { authorizeRemoval } from '#core/removal/authorize-removal.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { composition } from '../../shared/composition.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const authorize = removalTask(TASK_CONTRACTS.AuthorizeRemoval, async (deps, { request }) => {
  const authorization = await authorizeRemoval(deps, request);
  composition().removalMetrics().started(request);
  return authorization;
});
export const handler = taskHandler(authorize);
