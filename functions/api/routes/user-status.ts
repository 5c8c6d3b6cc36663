// Deactivate / activate (R9): the reversible alternative to removal.
import { changeUserStatus } from '#core/users/change-user-status.ts';
import { defineRoute, ok } from '../route.ts';
import * as s from '../schemas.ts';

const statusRoute = (action: 'deactivate' | 'activate') =>
  defineRoute({
    method: 'POST',
    path: `/v1/accounts/{accountId}/users/{userId}/${action}`,
    operationId: `${action}User`,
    summary:
      action === 'deactivate'
        ? 'Suspend sign-in (keeps seat, role and resources); API tokens are revoked'
        : 'Restore sign-in of an INACTIVE user',
    params: s.UserPath,
    query: s.NoQuery,
    success: { status: 200, description: 'The new status (idempotent)', schema: s.UserStatusResponse },
    problems: ['NOT_ALLOWED', 'NOT_FOUND', 'OWNER_MUST_TRANSFER', 'CANNOT_REMOVE_SELF', 'REMOVAL_IN_PROGRESS'],
    handle: async ({ params, caller, deps }) => ok(await changeUserStatus(deps, caller, params.userId, action)),
  });

export const deactivateUser = statusRoute('deactivate');
export const activateUser = statusRoute('activate');
