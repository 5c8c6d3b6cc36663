// RemovalCancelled: a scheduled or waiting removal will not happen; the user is untouched.
import * as z from 'zod';
import { ActorSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const RemovalCancelledDetailSchema = z.object({
  version: z.literal(1),
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  cancelledBy: ActorSchema,
  cancelledAt: z.string(),
});

export const RemovalCancelled = defineEvent('RemovalCancelled', RemovalCancelledDetailSchema);
