// Example integration consumer: keeps a CRM's agent mapping in step with offboard's events.
// Idempotent under duplicate and out-of-order delivery (see agent-mapping.ts); a failure is
// thrown so Lambda retries it (twice, asynchronously) and then sends it to the on-failure queue.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import { refusePrototypeKeys } from '../../shared/prototype-keys.ts';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { requireConfig } from '#adapters/config.ts';
import { composition } from '../../shared/composition.ts';
import { UserRemoved } from '#core/events/user-removed.ts';
import { UserDeactivated } from '#core/events/user-deactivated.ts';
import { UserActivated } from '#core/events/user-activated.ts';
import { logger } from '#adapters/logger.ts';
import { applyChange, type CrmChange } from './agent-mapping.ts';
import { CrmMappingStore } from './mapping-store.ts';

/** The three events the CRM cares about, parsed with their v1 schemas into the change they mean. */
const statusChange =
  (state: 'ACTIVE' | 'SUSPENDED') => (e: { detail: { accountId: string; userId: string; at: string } }) => ({
    accountId: e.detail.accountId,
    userId: e.detail.userId,
    change: { kind: 'status', state, at: e.detail.at } as CrmChange,
  });
const CrmEventSchema = z.union([
  z.object({ 'detail-type': z.literal(UserRemoved.detailType), detail: UserRemoved.schema }).transform((e) => ({
    accountId: e.detail.accountId,
    userId: e.detail.userId,
    change: { kind: 'removed', removalId: e.detail.removalId, at: e.detail.removedAt } as CrmChange,
  })),
  z
    .object({ 'detail-type': z.literal(UserDeactivated.detailType), detail: UserDeactivated.schema })
    .transform(statusChange('SUSPENDED')),
  z
    .object({ 'detail-type': z.literal(UserActivated.detailType), detail: UserActivated.schema })
    .transform(statusChange('ACTIVE')),
]);

let store: CrmMappingStore | undefined;
export const CONFIG_NEEDS = ['CRM_TABLE_NAME'] as const;

const mappings = () => {
  const app = composition();
  const { CRM_TABLE_NAME } = requireConfig('the CRM sync', CONFIG_NEEDS, app.config);
  return (store ??= new CrmMappingStore(app.clients.dynamo, CRM_TABLE_NAME));
};

export type SyncOutcome = 'applied' | 'ignored' | 'not-mapped';

export async function syncCrm(event: EventBridgeEvent<string, unknown>): Promise<SyncOutcome> {
  const { accountId, userId, change } = CrmEventSchema.parse(event);
  const current = await mappings().get(accountId, userId);
  if (!current) return 'not-mapped';
  const next = applyChange(current, change);
  if (!next) return 'ignored';
  await mappings().save(next); // a concurrent delivery fails the condition; the retry re-reads
  logger.info('CRM agent updated', { accountId, userId, crmAgentId: next.crmAgentId, state: next.state });
  return 'applied';
}

export const handler = middy(syncCrm).use(observability()).use(refusePrototypeKeys());
