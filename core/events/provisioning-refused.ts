// ProvisioningRefused (R11): an HR/SSO provisioning was not carried out, with the reason.
import * as z from 'zod';
import { defineEvent } from './envelope.ts';

export const ProvisioningRefusedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  email: z.string(),
  code: z.enum(['REPROVISIONING_REFUSED', 'SEAT_LIMIT_REACHED']),
  message: z.string(),
  receivedAt: z.string(),
});

export const ProvisioningRefused = defineEvent('ProvisioningRefused', ProvisioningRefusedDetailSchema);
