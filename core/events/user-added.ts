// UserAdded: a user was invited (dashboard) or provisioned (HR/SSO). The identity sync creates its
// sign-in identity from it; integrations may map the new user.
import * as z from 'zod';
import { ActorSchema, RoleSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

export const UserAddedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  userId: z.string(),
  role: RoleSchema,
  addedBy: ActorSchema,
});

export const UserAdded = defineEvent('UserAdded', UserAddedDetailSchema);
