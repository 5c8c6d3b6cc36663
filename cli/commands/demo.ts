// `offboard demo`: boots the local system in-process on free ports, seeds the demo account and
// removes a member who owns numbers, a call flow and a team and is the last active member of a
// routing rule — printing each workflow step as it happens, then the outcome.
import { randomUUID } from 'node:crypto';
import { seatLimit } from '#core/billing/seats.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import type { UserRemovedDetail } from '#core/events/user-removed.ts';
import type { PlanOutputSchema } from '#functions/removal-tasks/task-outputs.ts';
import type * as z from 'zod';

type PlanOutput = z.infer<typeof PlanOutputSchema>;
import { freePort } from '#local/ports.ts';
import { linkCrmAgents } from '#local/crm-agents.ts';
import { DEMO_FIXTURE_PATH, readFixtureFile, startLocalRuntime } from '#local/runtime.ts';
import type { EventLog, LocalExecution } from '#local/step-functions.ts';

const ACCOUNT = 'acme';
const REMOVED_USER = 'u-dan';
const ADMIN = 'u-amir';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** One line per workflow step, as the execution history grows. */
function printStep(_execution: LocalExecution, event: EventLog) {
  const name = event.state?.name;
  if (
    event.type === 'StateEntered' &&
    event.index === undefined &&
    event.state?.type !== 'Pass' &&
    event.state?.type !== 'Choice'
  ) {
    say(`  → ${name}`);
  } else if (event.type === 'StateRetried') {
    say(`    ↻ ${name}: transient failure, retrying`);
  } else if (event.type === 'StateFailed' && event.index === undefined) {
    say(`    ✗ ${name}: ${event.Error ?? 'failed'}`);
  } else if (event.type === 'StateExited' && event.index === undefined) {
    // The state after the step: the task's output under its ResultPath (docs/removal-flow.md).
    const output = event.state?.output as { plan?: PlanOutput } | undefined;
    if (name === 'Scan and plan the reassignment') {
      const { scanned, batches } = output?.plan ?? {};
      say(
        `    owns ${scanned?.owned ?? 0} resource(s), member of ${scanned?.memberships ?? 0} rotation(s): ${batches?.length ?? 0} batch(es) planned, each one transaction`,
      );
    } else if (name === 'Remove the user') {
      say('    removed: the same write proved nothing is still owned and no rotation still lists the user');
    }
  } else if (event.type === 'MapIterationSucceeded') {
    say(`    batch ${(event.index ?? 0) + 1} committed`);
  }
}

export async function demo(): Promise<number> {
  say('offboard demo: removing a user end to end on local parts (DynamoDB Local, the ASL file, a local EventBridge)');
  say('booting DynamoDB Local and the local event bus …');
  const runtime = await startLocalRuntime({
    dynamodb: { port: await freePort() },
    eventsPort: 0,
    tableName: `offboard-demo-${Date.now()}`,
    onEvent: printStep,
  });
  try {
    const { composition } = await import('#functions/shared/composition.ts');
    const { accounts, users, plans, views } = composition().adminDeps();

    const fixture = await readFixtureFile(DEMO_FIXTURE_PATH);
    await runtime.seed(fixture);
    await linkCrmAgents(runtime.crm, fixture);
    const before = await accounts.getAccount(ACCOUNT);
    const user = await users.getUser(ACCOUNT, REMOVED_USER);
    if (!before || !user) throw new Error('demo account missing after seeding');
    const ownedBefore = await plans.listOwnership(ACCOUNT, REMOVED_USER);
    const limit = seatLimit(before.plan);
    say(
      `seeded "${before.name}": plan ${before.plan}, ${before.seatsUsed} of ${limit ?? 'unlimited'} seats used, billing cycle day ${before.billingCycleDay}`,
    );
    say(
      `${user.displayName} (${REMOVED_USER}) owns: ${ownedBefore.owned.map((r) => `${r.type} "${r.name}"`).join(', ')}`,
    );
    say(`  and takes calls in: ${ownedBefore.memberships.map((r) => `${r.type} "${r.name}"`).join(', ')}`);
    say();

    const request: RemovalRequest = {
      removalId: `rm-${randomUUID()}`,
      accountId: ACCOUNT,
      userId: REMOVED_USER,
      requestedBy: { type: 'USER', id: ADMIN },
      requestedAt: new Date().toISOString(),
      reassignTo: 'u-beatriz',
      reassignments: [{ resourceType: 'TEAM', resourceId: 'team-support', toUserId: 'u-erin' }],
      reason: 'Left the company',
    };
    say(
      `Amir Admin removes ${user.displayName}: everything to Beatriz Admin, except team "Support" which goes to Erin Member`,
    );
    say(`removal ${request.removalId} (execution name = removal id):`);
    const execution = await (await runtime.startRemoval(request)).done;
    say();
    if (execution.status !== 'SUCCEEDED') {
      say(`removal ${execution.status}: ${execution.error} — ${execution.cause}`);
      return 1;
    }

    const [event] = runtime.bus.events({ detailType: 'UserRemoved' });
    const detail = event?.detail as UserRemovedDetail | undefined;
    say('reassignments:');
    for (const item of detail?.reassignments.items ?? [])
      say(`  ${item.resourceType.padEnd(13)} ${item.resourceId.padEnd(18)} ${item.fromUserId} → ${item.toUserId}`);
    say('rotations left:');
    for (const left of detail?.memberships.left ?? []) {
      const replaced = detail?.memberships.replacedBy.find((r) => r.resourceId === left.resourceId);
      say(
        `  ${left.resourceType.padEnd(13)} ${left.resourceId.padEnd(18)} ${replaced ? `last active member: ${replaced.toUserId} takes the place (R5)` : 'other active members remain'}`,
      );
    }
    say();
    say('UserRemoved event on the bus:');
    say(JSON.stringify(event, null, 2).replace(/^/gm, '  '));
    say();

    const after = await accounts.getAccount(ACCOUNT);
    const adjustments = await views.pendingSeatAdjustments(ACCOUNT);
    say(
      `seats: ${before.seatsUsed} used before → ${after?.seatsUsed} used now (${limit === null ? 'unlimited plan' : `${limit - (after?.seatsUsed ?? 0)} available at once`})`,
    );
    for (const adjustment of adjustments)
      say(`billing: ${adjustment.seats} seat from ${adjustment.effectiveOn} (start of the next billing cycle)`);
    const { calls } = await views.callLogs(ACCOUNT, { userId: REMOVED_USER }, 200);
    await runtime.bus.deliveries();
    const agent = await runtime.crm.get(ACCOUNT, REMOVED_USER);
    say(
      `CRM sync (example integration): agent ${agent?.crmAgentId} is now ${agent?.state} (removal ${agent?.removalId})`,
    );
    say(`call logs: ${calls.length} call(s) still attributed to "${calls[0]?.userDisplayName}" (unchanged, R7)`);
    say('audit log (newest first):');
    for (const entry of (await views.auditLog(ACCOUNT, 5)).entries)
      say(`  ${entry.at}  ${entry.action.padEnd(20)} by ${entry.actor.id}`);
    say();
    say('done.');
    return 0;
  } finally {
    await runtime.stop();
  }
}
