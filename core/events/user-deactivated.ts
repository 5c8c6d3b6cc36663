// UserDeactivated (R9): the user cannot sign in until activated; integrations suspend it.
import { defineEvent } from './envelope.ts';
import { UserStatusChangedDetailSchema } from './user-status-changed.ts';

export const UserDeactivated = defineEvent('UserDeactivated', UserStatusChangedDetailSchema);
