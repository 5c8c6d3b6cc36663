// GET …/removal-preview: exactly what the workflow would reassign and replace (the same planning
// code), what blocks the removal, the seat effect, and the text the admin confirms.
import { ProblemError } from '../errors.ts';
import { isSeatBased, nextCycleStart } from '../billing/seats.ts';
import type { ResourceRef, User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { tokensThatWouldStop } from '../tokens/manage-tokens.ts';
import type { TokenKind } from '../tokens/integration-token.ts';
import { assertRemovable, loadRemovalTarget, planFor } from './check-removal.ts';

export interface RemovalPreview {
  userId: string;
  canRemove: boolean;
  blockers: { code: string; message: string }[];
  ownedResources: ResourceRef[];
  memberships: (ResourceRef & { lastActiveMember: boolean })[];
  seat: { released: boolean; billingEffectiveOn: string | null };
  /** The integration tokens this user created that stop with the removal (R14): create new ones first. */
  integrationTokens: { kind: TokenKind; tokenId: string; name: string }[];
  confirmationText: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function previewRemoval(deps: AdminDeps, caller: User, userId: string): Promise<RemovalPreview> {
  const blockers: RemovalPreview['blockers'] = [];
  // 403/404 are the answer itself; a 409 (owner, self, pending removal) is a blocker to show.
  const loaded = await loadRemovalTarget(deps, caller, userId);
  try {
    assertRemovable(caller, loaded);
  } catch (error) {
    if (!(error instanceof ProblemError && error.status === 409)) throw error;
    blockers.push({ code: error.code, message: error.message });
  }
  const { account, found } = loaded;
  const { displayName, email } = found as User; // found: assertRemovable answers 404 otherwise

  // No target chosen yet: the plan shows everything that will need one (R4) and every rotation
  // the user would leave without an active member (R5).
  const [{ plan, ownership }, integrationTokens] = await Promise.all([
    planFor(deps, { accountId: caller.accountId, userId }, loaded.users),
    tokensThatWouldStop(deps, found as User),
  ]);
  const lastMember = plan.memberships.filter((m) => m.lastActiveMember);
  if (plan.unresolved.length > 0) {
    blockers.push({
      code: 'RESOURCES_NEED_REASSIGNMENT',
      message:
        `Choose who takes over ${plural(ownership.owned.length, 'owned resource')}` +
        (lastMember.length ? ` and ${displayName}'s place in ${plural(lastMember.length, 'rotation')}` : '') +
        ' (reassignTo or reassignments)',
    });
  }

  const seatReleased = account ? isSeatBased(account.plan) : false;
  return {
    userId,
    canRemove: blockers.length === 0,
    blockers,
    ownedResources: ownership.owned,
    memberships: plan.memberships.map(({ type, id, name, lastActiveMember }) => ({ type, id, name, lastActiveMember })),
    seat: {
      released: seatReleased,
      billingEffectiveOn:
        seatReleased && account ? nextCycleStart(deps.clock.now().toISOString(), account.billingCycleDay) : null,
    },
    integrationTokens,
    confirmationText:
      `Remove ${displayName} (${email})? Their access ends immediately. ` +
      `${plural(ownership.owned.length, 'owned resource')} will be reassigned and they leave ` +
      `${plural(plan.memberships.length, 'team or routing-rule rotation')}` +
      (lastMember.length ? `, with a replacement in ${lastMember.length}` : '') +
      '.' +
      (integrationTokens.length
        ? ` ${plural(integrationTokens.length, 'integration token')} they created will stop.`
        : '') +
      ' Call logs stay attributed to them. This cannot be undone.',
  };
}
