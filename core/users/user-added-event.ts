// The UserAdded event of a new user, the same whoever added it (dashboard, HR/SSO provisioning).
import { UserAdded } from '../events/user-added.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { Actor, User } from '../model/index.ts';
import type { OutboxEvent } from '../events/outbox.ts';

export const userAddedEvent = (user: User, addedBy: Actor, at: string): OutboxEvent =>
  outboxEvent(
    UserAdded,
    `${user.userId}.added`,
    { version: 1, accountId: user.accountId, userId: user.userId, role: user.role, addedBy, occurredAt: at },
    [user.userId],
  );
