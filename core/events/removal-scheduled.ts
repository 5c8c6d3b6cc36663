// RemovalScheduled (R11): a removal will start at effectiveAt (HR termination or dashboard).
import * as z from 'zod';
import { ActorSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const RemovalScheduledDetailSchema = z.object({
  version: z.literal(1),
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  effectiveAt: z.string(),
  requestedBy: ActorSchema,
});

export const RemovalScheduled = defineEvent('RemovalScheduled', RemovalScheduledDetailSchema);
