// The demo's CRM side: every demo user mapped to a CRM agent, as a CRM's own user sync would
// (e.g. KYLAS users mapped to agents by email). Idempotent.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Fixture } from '#core/fixture.ts';
import type { CrmMappingStore } from '#functions/integrations/crm-sync/mapping-store.ts';

export const crmAgentId = (index: number) => `kylas-agent-${101 + index}`;

export async function linkCrmAgents(
  crm: CrmMappingStore,
  fixture: Fixture,
  at = new Date().toISOString(),
): Promise<void> {
  for (const account of fixture.accounts) {
    for (const [index, user] of account.users.entries()) {
      try {
        await crm.link(account.accountId, user.userId, crmAgentId(index), at);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}
