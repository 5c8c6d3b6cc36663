// The fast tier's account: an owner, two admins, two members (dan owns a number and a call flow and
// sits in two teams: one shared with erin, one where he is the last ACTIVE member) and gus, INACTIVE
// and the account's fallback user — on the in-memory ports, at a fixed time.
import type { Clock } from '#core/ports.ts';
import { InMemoryDatabase } from './database.ts';

export const NOW = new Date('2026-11-29T10:00:00.000Z');
export const fixedClock: Clock = { now: () => NOW };

export function givenInMemoryAccount(plan: 'SWIFT' | 'ENTERPRISE' = 'SWIFT'): InMemoryDatabase {
  const store = new InMemoryDatabase();
  store.seed(
    {
      accountId: 'acme',
      name: 'Acme',
      plan,
      billingCycleDay: 1,
      ownerId: 'olivia',
      seatsUsed: 6,
      billedSeats: 6,
      fallbackUserId: 'gus',
    },
    [
      { userId: 'olivia', email: 'olivia@acme.test', displayName: 'Olivia', role: 'OWNER', status: 'ACTIVE' },
      { userId: 'amir', email: 'amir@acme.test', displayName: 'Amir', role: 'ADMIN', status: 'ACTIVE' },
      { userId: 'bea', email: 'bea@acme.test', displayName: 'Bea', role: 'ADMIN', status: 'ACTIVE' },
      { userId: 'dan', email: 'dan@acme.test', displayName: 'Dan', role: 'MEMBER', status: 'ACTIVE' },
      { userId: 'erin', email: 'erin@acme.test', displayName: 'Erin', role: 'MEMBER', status: 'ACTIVE' },
      { userId: 'gus', email: 'gus@acme.test', displayName: 'Gus', role: 'MEMBER', status: 'INACTIVE' },
    ],
    [
      { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
      { type: 'CALL_FLOW', id: 'flow-1', name: 'Support', ownerId: 'dan' },
      { type: 'TEAM', id: 'team-shared', name: 'Shared', ownerId: 'amir', members: ['dan', 'erin'] },
      { type: 'TEAM', id: 'team-solo', name: 'Solo', ownerId: 'amir', members: ['dan', 'gus'] },
    ],
  );
  return store;
}
