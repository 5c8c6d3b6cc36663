// Lambda behind the CallCompleted rule: the telephony platform's finished calls from its AWS
// principal (the bus policy lets only the principals named at deploy time put events with the
// platform source, R14). Each is recorded once by callId (EventBridge may deliver twice); a call
// of a user the account does not have is logged and dropped, not retried. A malformed event fails
// with its reason, so Lambda retries it and then sends it to the on-failure queue.
import middy from '@middy/core';
import * as z from 'zod';
import { CALL_COMPLETED, CallCompletedSchema } from '#core/calls/call-records.ts';
import { recordCalls } from '#core/calls/record-calls.ts';
import { logger } from '#adapters/logger.ts';
import { composition } from '../../shared/composition.ts';
import { observability } from '../../shared/observability.ts';
import { refusePrototypeKeys } from '../../shared/prototype-keys.ts';

const CallCompletedEnvelopeSchema = z.looseObject({
  'detail-type': z.literal(CALL_COMPLETED),
  detail: CallCompletedSchema,
});

export class MalformedCallEventError extends Error {
  override readonly name = 'MalformedCallEvent';
}

export const handleCallCompleted = async (event: unknown) => {
  const parsed = CallCompletedEnvelopeSchema.safeParse(event);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MalformedCallEventError(`Malformed CallCompleted event: ${reason}`);
  }
  const { accountId, ...call } = parsed.data.detail;
  const [result] = await recordCalls(composition().removalDeps(), accountId, [call]);
  logger.info('Call record handled', { accountId, callId: call.callId, outcome: result?.outcome });
  return { outcome: result?.outcome };
};

export const handler = middy(handleCallCompleted).use(observability()).use(refusePrototypeKeys());
