// Lambda run by EventBridge Scheduler every five minutes: starts each SCHEDULED removal whose time
// has passed and whose one-time schedule did not start it (core/removal/start-overdue.ts).
import middy from '@middy/core';
import { startOverdueRemovals } from '#core/removal/start-overdue.ts';
import { logger } from '#adapters/logger.ts';
import { observability } from '../shared/observability.ts';
import { ADMIN_CONFIG_NEEDS, composition } from '../shared/composition.ts';

export const CONFIG_NEEDS = ADMIN_CONFIG_NEEDS;

export const sweepOverdueRemovals = async () => {
  const sweep = await startOverdueRemovals(composition().adminDeps());
  if (sweep.started.length > 0) logger.warn('started overdue scheduled removals', { removalIds: sweep.started });
  if (sweep.failed.length > 0) {
    logger.error('overdue removals not started', { failed: sweep.failed });
    // A function error: the sweep's errors alarm, and the next sweep tries again.
    throw new Error(`${sweep.failed.length} overdue removals could not be started`);
  }
  return { started: sweep.started.length, forgotten: sweep.forgotten };
};

export const handler = middy(sweepOverdueRemovals).use(observability());
