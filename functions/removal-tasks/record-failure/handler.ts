// Lambda for "Undo and record the failure": compensation; returns the RemovalFailed detail.
import { recordRemovalFailure } from '#core/removal/record-failure.ts';
import { removalTask, taskHandler } from '../../shared/task-middleware.ts';
import { composition } from '../../shared/composition.ts';
import { TASK_CONTRACTS } from '../task-contracts.ts';

export const recordFailure = removalTask(TASK_CONTRACTS.RecordRemovalFailure, async (deps, input) => {
  const recorded = await recordRemovalFailure(deps, input);
  composition().removalMetrics().ended(recorded);
  return recorded;
});
export const handler = taskHandler(recordFailure);
