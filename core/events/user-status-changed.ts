// The detail UserDeactivated and UserActivated share (R9).
import * as z from 'zod';
import { ActorSchema } from '../model/index.ts';

export const UserStatusChangedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  userId: z.string(),
  by: ActorSchema,
  at: z.string(),
});
export type UserStatusChangedDetail = z.infer<typeof UserStatusChangedDetailSchema>;
