// UserUpdated: an admin changed a user's role or display name (or an identity provider its
// profile). `changes` holds the new values of what changed; `previous` what they were.
import * as z from 'zod';
import { ActorSchema, RoleSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

const Changes = z.object({ role: RoleSchema.optional(), displayName: z.string().optional() });

export const UserUpdatedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  userId: z.string(),
  changes: Changes,
  previous: Changes,
  by: ActorSchema,
  at: z.string(),
});

export const UserUpdated = defineEvent('UserUpdated', UserUpdatedDetailSchema);
