// RemovalStarted: the removal took hold of the user (REMOVING) — its access has ended (R6). The
// identity sync signs the user out of the identity provider on it; a RemovalFailed later gives
// sign-in back, a UserRemoved deletes the identity.
import * as z from 'zod';
import { ActorSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const RemovalStartedDetailSchema = z.object({
  version: z.literal(1),
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  requestedBy: ActorSchema,
  startedAt: z.string(),
});

export const RemovalStarted = defineEvent('RemovalStarted', RemovalStartedDetailSchema);
