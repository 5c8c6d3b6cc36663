// Which actions the console offers: R1–R3 as core/rules/who-may-manage-users.ts decides them for the
// API (the same function), on what the console knows — the users list and who owns the account.
// The API still decides: the console only leaves out what it would refuse.
import { checkMayManageUser, type UserAction } from '../../core/rules/who-may-manage-users.ts';
import type { Account, User } from '../../core/model/index.ts';
import type { Me, UserRow } from './api.ts';

export function mayManage(me: Me, target: UserRow, ownerId: string | undefined, action: UserAction): boolean {
  const account = { accountId: me.accountId, ownerId: ownerId ?? '' } as Account;
  const asUser = (u: UserRow): User => ({ ...u, accountId: me.accountId, version: 0 });
  try {
    checkMayManageUser({ account, caller: asUser(me), target: asUser(target), action });
    return true;
  } catch {
    return false;
  }
}
