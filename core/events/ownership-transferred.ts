// OwnershipTransferred (R2): the account has a new owner; the former owner is an admin.
import * as z from 'zod';
import { defineEvent } from './envelope.ts';

export const OwnershipTransferredDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  at: z.string(),
});

export const OwnershipTransferred = defineEvent('OwnershipTransferred', OwnershipTransferredDetailSchema);
