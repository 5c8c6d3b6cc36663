// The user as the API shows it (docs/api.md): no version, no internal removal bookkeeping.
import type { User } from '../model/index.ts';

export interface UserView {
  userId: string;
  displayName: string;
  email: string;
  role: User['role'];
  status: User['status'];
}

export const userView = ({ userId, displayName, email, role, status }: User): UserView => ({
  userId,
  displayName,
  email,
  role,
  status,
});
