// The CRM sync behind the local bus, fed by the outbox: dashboard actions reach the CRM.
import { describe, expect, it } from 'vitest';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

describe('end to end on the local bus', () => {
  const api = useApiRuntime();

  it('a deactivation in the dashboard suspends the CRM agent; activation restores it', async () => {
    const accountId = await givenAccount();
    await api.runtime.crm.link(accountId, 'erin', 'kylas-agent-7', '2026-01-01T00:00:00.000Z');

    const deactivated = await api.call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' });
    expect(deactivated.body).toEqual({ userId: 'erin', status: 'INACTIVE' });
    await eventually(async () =>
      expect(await api.runtime.crm.get(accountId, 'erin')).toMatchObject({ state: 'SUSPENDED' }),
    );

    const activated = await api.call('POST', `/v1/accounts/${accountId}/users/erin/activate`, { as: 'amir' });
    expect(activated.body).toEqual({ userId: 'erin', status: 'ACTIVE' });
    await eventually(async () =>
      expect(await api.runtime.crm.get(accountId, 'erin')).toMatchObject({
        state: 'ACTIVE',
        crmAgentId: 'kylas-agent-7',
      }),
    );
  });
});
