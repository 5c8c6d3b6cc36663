// UserDeactivated / UserActivated (R9): integrations suspend or restore the user's mapping.
import { z } from 'zod';
import { ActorSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const UserStatusChangedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  userId: z.string(),
  by: ActorSchema,
  at: z.string(),
});
export type UserStatusChangedDetail = z.infer<typeof UserStatusChangedDetailSchema>;

export const UserDeactivated = defineEvent('UserDeactivated', UserStatusChangedDetailSchema);
export const UserActivated = defineEvent('UserActivated', UserStatusChangedDetailSchema);
