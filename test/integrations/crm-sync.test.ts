// The example CRM consumer: duplicate and out-of-order delivery end in the right state, once.
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { applyChange, type AgentMapping } from '#functions/integrations/crm-sync/agent-mapping.ts';
import { syncCrm } from '#functions/integrations/crm-sync/handler.ts';
import { CrmMappingStore } from '#functions/integrations/crm-sync/mapping-store.ts';
import { uniqueId } from '../support/accounts.ts';

const crm = () => new CrmMappingStore(dynamoDocumentClient(), process.env.CRM_TABLE_NAME as string);

const statusEvent = (detailType: 'UserDeactivated' | 'UserActivated', accountId: string, at: string) =>
  ({
    version: '0',
    id: uniqueId('ev'),
    source: 'offboard.users',
    'detail-type': detailType,
    account: '000000000000',
    time: at,
    region: 'us-east-1',
    resources: ['u-1'],
    detail: { version: 1, accountId, userId: 'u-1', by: { type: 'USER', id: 'admin' }, at },
  }) as EventBridgeEvent<string, unknown>;

const removedEvent = (accountId: string, removalId: string, removedAt: string) =>
  ({
    ...statusEvent('UserDeactivated', accountId, removedAt),
    'detail-type': 'UserRemoved',
    detail: {
      version: 1,
      removalId,
      accountId,
      userId: 'u-1',
      displayName: 'One',
      removedAt,
      removedBy: { type: 'USER', id: 'admin' },
      reason: null,
      reassignments: { total: 0, byType: { PHONE_NUMBER: 0, CALL_FLOW: 0, TEAM: 0, ROUTING_RULE: 0 }, items: [] },
      memberships: { left: [], replacedBy: [] },
      seat: { released: true, billingEffectiveOn: '2026-12-01' },
    },
  }) as EventBridgeEvent<string, unknown>;

async function mappedAccount() {
  const accountId = uniqueId('crm');
  await crm().link(accountId, 'u-1', 'kylas-agent-1', '2026-11-01T00:00:00.000Z');
  return accountId;
}

describe('agent mapping rules', () => {
  const mapping: AgentMapping = {
    accountId: 'a',
    userId: 'u',
    crmAgentId: 'k',
    state: 'ACTIVE',
    stateAt: '2026-11-02T00:00:00Z',
    version: 3,
  };

  it('ignores a status change older than the last applied one, and anything after removal', () => {
    expect(applyChange(mapping, { kind: 'status', state: 'SUSPENDED', at: '2026-11-01T00:00:00Z' })).toBeNull();
    const removed = applyChange(mapping, { kind: 'removed', removalId: 'rm-1', at: '2026-11-03T00:00:00Z' });
    expect(removed).toMatchObject({ state: 'UNMAPPED', removalId: 'rm-1', version: 4 });
    expect(
      applyChange(removed as AgentMapping, { kind: 'status', state: 'ACTIVE', at: '2026-11-04T00:00:00Z' }),
    ).toBeNull();
    expect(
      applyChange(removed as AgentMapping, { kind: 'removed', removalId: 'rm-1', at: '2026-11-03T00:00:00Z' }),
    ).toBeNull();
  });
});

describe('R10 the CRM sync is idempotent under duplicate and out-of-order delivery', () => {
  it('applies a duplicated UserDeactivated once', async () => {
    const accountId = await mappedAccount();
    const event = statusEvent('UserDeactivated', accountId, '2026-11-10T10:00:00.000Z');

    expect(await syncCrm(event)).toBe('applied');
    expect(await syncCrm(event)).toBe('ignored');

    expect(await crm().get(accountId, 'u-1')).toMatchObject({ state: 'SUSPENDED', version: 2 });
  });

  it('ends ACTIVE when Activated arrives before the earlier Deactivated', async () => {
    const accountId = await mappedAccount();

    await syncCrm(statusEvent('UserActivated', accountId, '2026-11-10T10:05:00.000Z'));
    await syncCrm(statusEvent('UserDeactivated', accountId, '2026-11-10T10:00:00.000Z'));

    expect(await crm().get(accountId, 'u-1')).toMatchObject({ state: 'ACTIVE', stateAt: '2026-11-10T10:05:00.000Z' });
  });

  it('unmaps on UserRemoved once, whatever arrives later', async () => {
    const accountId = await mappedAccount();
    const removed = removedEvent(accountId, 'rm-1', '2026-11-10T11:00:00.000Z');

    expect(await syncCrm(removed)).toBe('applied');
    expect(await syncCrm(removed)).toBe('ignored');
    expect(await syncCrm(statusEvent('UserActivated', accountId, '2026-11-10T12:00:00.000Z'))).toBe('ignored');

    expect(await crm().get(accountId, 'u-1')).toMatchObject({ state: 'UNMAPPED', removalId: 'rm-1', version: 2 });
  });

  it('leaves users without a CRM agent alone and refuses events that are not v1 CRM events', async () => {
    expect(await syncCrm(statusEvent('UserDeactivated', uniqueId('nobody'), '2026-11-10T10:00:00.000Z'))).toBe(
      'not-mapped',
    );
    await expect(
      syncCrm({ ...statusEvent('UserDeactivated', 'a', 'x'), detail: { version: 2 } } as never),
    ).rejects.toThrow();
  });
});
