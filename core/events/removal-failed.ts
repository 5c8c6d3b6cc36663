// RemovalFailed: a removal that stopped before the user was removed; the user is back as before.
import * as z from 'zod';
import { UserStatusSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const RemovalFailedDetailSchema = z.object({
  version: z.literal(1),
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  failedAt: z.string(),
  failure: z.object({ code: z.string(), message: z.string() }),
  /** The status the user was restored to; null when the removal never took hold of the user. */
  restoredStatus: UserStatusSchema.nullable(),
});
export const RemovalFailed = defineEvent('RemovalFailed', RemovalFailedDetailSchema);
export type RemovalFailedDetail = z.infer<typeof RemovalFailed.schema>;
