// The route table of the dashboard API (docs/api.md): the one list the Lambda router, the
// CDK routes, the local server and the OpenAPI document are all built from.
import type { Route } from '../route.ts';
import { createUser, getMe, getUser, listUsers, patchUser, postInvitation } from './users.ts';
import {
  deleteRemoval,
  getRemoval,
  getRemovalEvidence,
  getRemovalPreview,
  listRemovals,
  postDecision,
  postRemoval,
} from './removals.ts';
import { activateUser, deactivateUser } from './user-status.ts';
import { TOKEN_ROUTES } from './tokens.ts';
import { getSeats, listAuditLog, listCallLogs, postOwnershipTransfer } from './account.ts';
import { RESOURCE_ROUTES } from './resources.ts';
import { BULK_REMOVAL_ROUTES } from './bulk-removals.ts';

export const ROUTES: readonly Route[] = [
  getMe,
  listUsers,
  getUser,
  createUser,
  patchUser,
  postInvitation,
  getRemovalPreview,
  postRemoval,
  listRemovals,
  getRemoval,
  getRemovalEvidence,
  deleteRemoval,
  postDecision,
  ...BULK_REMOVAL_ROUTES,
  deactivateUser,
  activateUser,
  postOwnershipTransfer,
  ...RESOURCE_ROUTES,
  listCallLogs,
  listAuditLog,
  getSeats,
  ...TOKEN_ROUTES,
];
