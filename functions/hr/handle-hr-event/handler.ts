// Lambda behind the HR-events rule: EmployeeTerminated / TerminationRescheduled /
// TerminationCancelled → scheduled removals (R11), EmployeeProvisioned → a new member. A malformed event fails with its reason, so
// Lambda retries it and then sends it, with that reason, to the function's on-failure queue.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import { HrEnvelopeSchema } from '#core/hr/hr-events.ts';
import { handleHrEvent } from '#core/hr/handle-hr-event.ts';
import { logger } from '#adapters/logger.ts';
import { ADMIN_CONFIG_NEEDS, composition } from '../../shared/composition.ts';
import { refusePrototypeKeys } from '../../shared/prototype-keys.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = ADMIN_CONFIG_NEEDS;

export class MalformedHrEventError extends Error {
  override readonly name = 'MalformedHrEvent';
}

export const handleHr = async (event: unknown) => {
  const parsed = HrEnvelopeSchema.safeParse(event);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MalformedHrEventError(`Malformed HR event: ${reason}`);
  }
  const app = composition();
  const outcome = await handleHrEvent(
    // The bus path serves one trusted HR integration for every account: the bus policy lets only
    // its principals put events with the HR source (docs/design.md, "Trust boundaries").
    { ...app.adminDeps(), hr: app.hrStore(), sender: { id: app.config.HR_EVENT_SOURCE } },
    parsed.data,
  );
  logger.info('HR event handled', { detailType: parsed.data['detail-type'], outcome });
  return { outcome };
};

export const handler = middy(handleHr).use(observability()).use(refusePrototypeKeys());
