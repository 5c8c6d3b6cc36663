// Lambda behind the identity-sync rule: an event about a user → that user's identity brought in
// line with the table (core/identity/reconcile-identity.ts). A failure is thrown: Lambda retries
// it twice, then the event waits in the on-failure queue (alarmed) to be sent again.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import * as z from 'zod';
import { requireConfig } from '#adapters/config.ts';
import { cognitoClient } from '#adapters/clients.ts';
import { CognitoDirectory } from '#adapters/cognito/cognito-directory.ts';
import { IdSchema } from '#core/model/index.ts';
import { reconcileIdentity } from '#core/identity/reconcile-identity.ts';
import { logger } from '#adapters/logger.ts';
import { removalDeps } from '../../shared/removal-deps.ts';

const UserEventSchema = z.object({
  'detail-type': z.string(),
  detail: z.object({ accountId: IdSchema, userId: IdSchema }),
});

export const CONFIG_NEEDS = ['COGNITO_USER_POOL_ID'] as const;

let directory: CognitoDirectory | undefined;

/** The user pool's identities (built once per process from the config). */
export function identityDirectory(): CognitoDirectory {
  if (!directory) {
    const { COGNITO_USER_POOL_ID } = requireConfig('the identity sync', CONFIG_NEEDS);
    directory = new CognitoDirectory(cognitoClient(), COGNITO_USER_POOL_ID);
  }
  return directory;
}

export const syncIdentity = async (event: unknown) => {
  const { detail, 'detail-type': detailType } = UserEventSchema.parse(event);
  const outcome = await reconcileIdentity({ store: removalDeps().store, identities: identityDirectory() }, detail);
  logger.info('identity in line with the table', { detailType, userId: detail.userId, outcome });
  return { outcome };
};

export const handler = middy(syncIdentity).use(observability());
