// Lambda behind the identity-sync rule: an event about a user → that user's identity brought in
// line with the table (core/identity/reconcile-identity.ts). A failure is thrown: Lambda retries
// it twice, then the event waits in the on-failure queue (alarmed) to be sent again.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import { refusePrototypeKeys } from '../../shared/prototype-keys.ts';
import * as z from 'zod';
import { IdSchema } from '#core/model/index.ts';
import { reconcileIdentity } from '#core/identity/reconcile-identity.ts';
import { logger } from '#adapters/logger.ts';
import { composition, IDENTITY_CONFIG_NEEDS } from '../../shared/composition.ts';

const UserEventSchema = z.object({
  'detail-type': z.string(),
  detail: z.object({ accountId: IdSchema, userId: IdSchema }),
});

export const CONFIG_NEEDS = IDENTITY_CONFIG_NEEDS;

export const syncIdentity = async (event: unknown) => {
  const { detail, 'detail-type': detailType } = UserEventSchema.parse(event);
  const app = composition();
  const outcome = await reconcileIdentity(
    { users: app.removalDeps().users, identities: app.identityDirectory() },
    detail,
  );
  logger.info('identity in line with the table', { detailType, userId: detail.userId, outcome });
  return { outcome };
};

export const handler = middy(syncIdentity).use(observability()).use(refusePrototypeKeys());
