// Lambda run by EventBridge Scheduler at the start of every day (billing cycles start on any day
// of the month): applies every seat adjustment due by today, once.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import * as z from 'zod';
import { applyDueSeatAdjustments } from '#core/billing/apply-seat-adjustments.ts';
import { systemClock } from '#core/ports.ts';
import { logger } from '#adapters/logger.ts';
import { parseTaskInput } from '../../shared/task-middleware.ts';
import { composition } from '../../shared/composition.ts';

const InputSchema = z.object({ asOf: z.iso.date().optional() }).loose();

export const applySeatAdjustments = async (event: unknown) => {
  const { asOf = systemClock.now().toISOString().slice(0, 10) } = parseTaskInput(InputSchema, event ?? {});
  const run = await applyDueSeatAdjustments(composition().removalDeps(), asOf);
  logger.info('billing cycle run', { asOf, applied: run.applied.length, alreadyApplied: run.alreadyApplied });
  return { asOf, applied: run.applied.length, alreadyApplied: run.alreadyApplied };
};

export const handler = middy(applySeatAdjustments).use(observability());
