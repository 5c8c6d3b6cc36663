// The user as the API shows it (docs/api.md): no version, no internal removal bookkeeping.
import type { ListedUser } from '../model/index.ts';

export interface UserView {
  userId: string;
  displayName: string;
  email: string;
  role: ListedUser['role'];
  status: ListedUser['status'];
  /** How many numbers, call flows, teams and routing rules the user owns. */
  ownedCount: number;
}

export const userView = ({ userId, displayName, email, role, status, ownedCount }: ListedUser): UserView => ({
  userId,
  displayName,
  email,
  role,
  status,
  ownedCount: ownedCount ?? 0,
});
