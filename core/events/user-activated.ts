// UserActivated (R9): the user can sign in again; integrations restore it.
import { defineEvent } from './envelope.ts';
import { UserStatusChangedDetailSchema } from './user-status-changed.ts';

export const UserActivated = defineEvent('UserActivated', UserStatusChangedDetailSchema);
