// R1–R3: who may remove, deactivate or activate whom.
import { describe, expect, it } from 'vitest';
import { checkHrMayRemove, checkMayManageUser } from '#core/rules/who-may-manage-users.ts';
import type { Account, User } from '#core/model/index.ts';

const account: Account = {
  accountId: 'a1',
  name: 'A',
  plan: 'SWIFT',
  billingCycleDay: 1,
  ownerId: 'owner',
  seatsUsed: 4,
  billedSeats: 4,
};
const user = (userId: string, role: User['role'], status: User['status'] = 'ACTIVE', accountId = 'a1'): User => ({
  accountId,
  userId,
  email: `${userId}@a.test`,
  displayName: userId,
  role,
  status,
  version: 1,
});
const owner = user('owner', 'OWNER');
const admin = user('admin', 'ADMIN');
const member = user('member', 'MEMBER');

describe('R1 only an ACTIVE admin or owner of the same account', () => {
  it.each([
    ['a member', member],
    ['an INACTIVE admin', user('admin', 'ADMIN', 'INACTIVE')],
    ['a REMOVING admin', user('admin', 'ADMIN', 'REMOVING')],
    ['an admin of another account', user('admin', 'ADMIN', 'ACTIVE', 'a2')],
    ['nobody (unknown caller)', undefined],
  ])('refuses %s with NOT_ALLOWED', (_, caller) => {
    expect(() => checkMayManageUser({ account, caller, target: user('x', 'MEMBER'), action: 'remove' })).toThrow(
      expect.objectContaining({ code: 'NOT_ALLOWED', status: 403 }),
    );
  });

  it.each([
    ['an admin', admin],
    ['the owner', owner],
  ])('allows %s, returning the target', (_, caller) => {
    const target = user('x', 'MEMBER');
    expect(checkMayManageUser({ account, caller, target, action: 'remove' })).toBe(target);
  });

  it('answers NOT_FOUND for an unknown or REMOVED target', () => {
    expect(() => checkMayManageUser({ account, caller: admin, target: undefined, action: 'remove' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() =>
      checkMayManageUser({ account, caller: admin, target: user('x', 'MEMBER', 'REMOVED'), action: 'deactivate' }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('R2 the owner cannot be removed or deactivated', () => {
  it.each(['remove', 'deactivate'] as const)('refuses to %s the owner with OWNER_MUST_TRANSFER', (action) => {
    expect(() => checkMayManageUser({ account, caller: admin, target: owner, action })).toThrow(
      expect.objectContaining({ code: 'OWNER_MUST_TRANSFER', status: 409 }),
    );
  });

  it('refuses an HR-system removal of the owner too', () => {
    expect(() => checkHrMayRemove(account, owner)).toThrow(expect.objectContaining({ code: 'OWNER_MUST_TRANSFER' }));
    expect(checkHrMayRemove(account, member)).toBe(member);
  });
});

describe('R3 nobody removes or deactivates themselves', () => {
  it.each(['remove', 'deactivate'] as const)('refuses an admin who would %s themselves', (action) => {
    expect(() => checkMayManageUser({ account, caller: admin, target: admin, action })).toThrow(
      expect.objectContaining({ code: 'CANNOT_REMOVE_SELF', status: 409 }),
    );
  });

  it('checks R3 before R2: the owner targeting themselves hears CANNOT_REMOVE_SELF', () => {
    expect(() => checkMayManageUser({ account, caller: owner, target: owner, action: 'remove' })).toThrow(
      expect.objectContaining({ code: 'CANNOT_REMOVE_SELF' }),
    );
  });
});
