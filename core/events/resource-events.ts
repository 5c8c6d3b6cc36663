// Events of resources changed outside a removal (a removal's own reassignments are in UserRemoved):
// a resource created, handed over, deleted, and a rotation's members changed. Each names the
// resource and who did it; `ownerId`/`fromUserId`/`toUserId` null is the number pool.
import * as z from 'zod';
import { ActorSchema, ResourceTypeSchema } from '../model/index.ts';
import { defineEvent } from './envelope.ts';

const Subject = {
  version: z.literal(1),
  accountId: z.string(),
  resourceType: ResourceTypeSchema,
  resourceId: z.string(),
  name: z.string(),
  by: ActorSchema,
  at: z.string(),
};

export const ResourceCreated = defineEvent(
  'ResourceCreated',
  z.object({ ...Subject, ownerId: z.string().nullable(), members: z.array(z.string()) }),
);

export const ResourceReassigned = defineEvent(
  'ResourceReassigned',
  z.object({ ...Subject, fromUserId: z.string().nullable(), toUserId: z.string().nullable() }),
);

export const ResourceDeleted = defineEvent(
  'ResourceDeleted',
  z.object({ ...Subject, ownerId: z.string().nullable(), members: z.array(z.string()) }),
);

export const MembershipChanged = defineEvent(
  'MembershipChanged',
  z.object({ ...Subject, userId: z.string(), change: z.enum(['ADDED', 'REMOVED']) }),
);
