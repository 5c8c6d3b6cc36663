// TerminationUnmatched: an HR termination named nobody offboard can remove (unknown email, or the
// account owner, R2); recorded and reported rather than dropped.
import * as z from 'zod';
import { defineEvent } from './envelope.ts';

export const TerminationUnmatchedDetailSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  email: z.string(),
  // TOKEN_CREATOR: an HR token's termination of the admin who created it (no token removes its creator).
  code: z.enum(['NO_SUCH_USER', 'OWNER_MUST_TRANSFER', 'TOKEN_CREATOR']),
  message: z.string(),
  receivedAt: z.string(),
});

export const TerminationUnmatched = defineEvent('TerminationUnmatched', TerminationUnmatchedDetailSchema);
