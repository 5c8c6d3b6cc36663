// SeatsAdjusted (R8): a pending seat adjustment took effect at a billing-cycle start; for billing.
import * as z from 'zod';
import { defineEvent } from './envelope.ts';

export const SeatsAdjustedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  removalId: z.string(),
  seats: z.number().int(),
  effectiveOn: z.string(),
  appliedAt: z.string(),
});

export const SeatsAdjusted = defineEvent('SeatsAdjusted', SeatsAdjustedDetailSchema);
