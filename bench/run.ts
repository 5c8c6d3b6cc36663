// `npm run bench`: the numbers the issues ask for, measured on the local runtime (DynamoDB Local,
// the ASL file run by aws-local-stepfunctions). Not part of `npm test`. Writes bench-report.md and
// bench-report.json. BENCH_QUICK=1 shrinks the big account and the bulk run for a fast look.
import { writeFileSync } from 'node:fs';
import { measureConsole } from './console-size.ts';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { parseFixture, type FixtureAccount } from '#core/fixture.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import { freePort, LOCAL_HR_SENDER_CREDENTIALS } from '#local/ports.ts';
import { signLocalJwt } from '#local/jwt.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime.ts';
import { REMOVAL_TASK_FUNCTIONS } from '#functions/removal-tasks/catalog.ts';
import { measureBundles } from './bundles.ts';
import { meterDynamoDb } from './measure-dynamodb.ts';
import { measureOpenWorld } from './open-world.ts';
import { largestPages, measureReads, PAGE, seedScaleAccount, type AccountShape, type ReadRow } from './read-scale.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { acceptedRemovalItem } from '#adapters/dynamodb/removal-record.ts';
import { emulateOverlapConflicts } from '#local/transaction-conflicts.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = [0, 10, 100, 1000];
const RUNS = 3;
const BIG_USERS = QUICK ? 1_000 : 10_000;
const BIG_RESOURCES = QUICK ? 10_000 : 100_000;
/** Issue #25: this many HR terminations at once in one account, each handing what it owns to one manager. */
const BULK = QUICK ? 50 : 1000;
/** Issue #24's accounts: a 10-user one (half removed, as the others) and a 100,000-user one. */
const READ_SMALL: AccountShape = { live: 5, removed: 5, resources: 20, calls: 40 };
/** Between the two: a search's read-ahead fills here as in the big account, so their items read compare exactly. */
const READ_MID: AccountShape = { live: 500, removed: 500, resources: 1_000, calls: 2_000 };
const READ_BIG: AccountShape = QUICK
  ? { live: 5_000, removed: 5_000, resources: 10_000, calls: 20_000 }
  : { live: 50_000, removed: 50_000, resources: 100_000, calls: 200_000 };
/** BENCH_ONLY=reads runs the read-side section alone (it seeds 600,000 items). */
const ONLY_READS = process.env.BENCH_ONLY === 'reads';
/** Each removal task function's reserved concurrency in the bulk run (RemovalTaskConcurrency). */
const BULK_TASK_CONCURRENCY = 50;
/** BENCH_ONLY=bundles measures the Lambda bundles' import times alone (no runtime). */
const ONLY_BUNDLES = process.env.BENCH_ONLY === 'bundles';
/** BENCH_ONLY=bulk runs the bulk HR terminations alone. */
const ONLY_BULK = process.env.BENCH_ONLY === 'bulk';
/** Issue #7: requests per removal stay within this factor of the theoretical minimum. */
const MAX_RATIO = 1.5;

const BENCH_TABLE = 'offboard-bench';
/** The bench's accounts are throwaway casts with the same user ids (admin, dan, bea…). */
const THROWAWAY = { sharedUserIds: 'allowed' } as const;
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? 0;

let accounts = 0;
function account(owned: number, otherUsers = 2, otherResources = 0, rotations = 0): FixtureAccount {
  const accountId = `bench-${++accounts}`;
  const users = [
    { userId: 'owner', email: `owner@${accountId}.test`, displayName: 'Owner', role: 'OWNER' as const },
    { userId: 'admin', email: `admin@${accountId}.test`, displayName: 'Admin', role: 'ADMIN' as const },
    { userId: 'dan', email: `dan@${accountId}.test`, displayName: 'Dan', role: 'MEMBER' as const },
    { userId: 'bea', email: `bea@${accountId}.test`, displayName: 'Bea', role: 'MEMBER' as const },
    ...Array.from({ length: otherUsers }, (_, i) => ({
      userId: `u${i}`,
      email: `u${i}@${accountId}.test`,
      displayName: `U${i}`,
      role: 'MEMBER' as const,
    })),
  ];
  const resources = [
    ...Array.from({ length: owned }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `n${i}`,
      name: `+1 555 ${i}`,
      ownerId: 'dan',
    })),
    ...Array.from({ length: otherResources }, (_, i) => ({
      type: 'CALL_FLOW' as const,
      id: `f${i}`,
      name: `Flow ${i}`,
      ownerId: `u${i % Math.max(1, otherUsers)}`,
    })),
    // Rotations dan takes calls in: half with another ACTIVE member (dan just leaves), half where
    // dan is the last one (bea takes the place, R5).
    ...Array.from({ length: rotations }, (_, i) => ({
      type: 'TEAM' as const,
      id: `t${i}`,
      name: `Team ${i}`,
      ownerId: 'owner',
      members: i % 2 === 0 ? ['dan', `u${i % Math.max(1, otherUsers)}`] : ['dan'],
    })),
  ];
  const fixture = parseFixture({
    accounts: [{ accountId, name: accountId, plan: 'ENTERPRISE', billingCycleDay: 1, users, resources }],
  });
  return fixture.accounts[0] as FixtureAccount;
}

const request = (accountId: string): RemovalRequest => ({
  removalId: `rm-${accountId}`,
  accountId,
  userId: 'dan',
  requestedBy: { type: 'USER', id: 'admin' },
  requestedAt: new Date().toISOString(),
  reassignTo: 'bea',
});

/**
 * The least any implementation could do (the "Query pages + ⌈N/100⌉ transactions + the fixed
 * steps"): the fixed steps Authorize and Remove at one request each, the scan's Query pages
 * (≤ 1 MB each; an owned-resource index entry is ~250 bytes, so ~4,000 a page) and one transaction
 * per 100 owned resources.
 */
const theoreticalMinimum = (owned: number) => 1 + Math.max(1, Math.ceil(owned / 4000)) + Math.ceil(owned / 100) + 1;

/**
 * From the HTTP request to UserRemoved (issue #14's floor, "about 6 + ⌈(owned + rotations)/100⌉"):
 * six requests no removal can do without — the authorizer's read of the caller (R6), the API's read
 * of account, user and targets and its write of the removal record, Authorize's write taking the
 * user, the scan of the owner index, Remove's commit — plus one transaction per 100 owned
 * resources or rotations changed.
 */
const httpFloor = (owned: number, rotations: number) => 6 + Math.ceil((owned + rotations) / 100);

/** POST …/removal as an admin, then wait for its UserRemoved on the bus; the meter counts everything. */
async function removeOverHttp(runtime: LocalRuntime, meter: ReturnType<typeof meterDynamoDb>, fixture: FixtureAccount) {
  await runtime.seed({ accounts: [fixture] }, THROWAWAY);
  meter.reset();
  const started = performance.now();
  const response = await fetch(`${runtime.apiUrl}/v1/accounts/${fixture.accountId}/users/dan/removal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await signLocalJwt('admin')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ confirm: true, reassignTo: 'bea' }),
  });
  const { removalId } = (await response.json()) as { removalId: string };
  if (response.status !== 202) throw new Error(`POST removal answered ${response.status}`);
  while (!runtime.bus.events({ detailType: 'UserRemoved' }).some((e) => e.detail.removalId === removalId))
    await new Promise((r) => setTimeout(r, 5));
  return { ms: performance.now() - started, usage: meter.read() };
}

async function removeOnce(runtime: LocalRuntime, meter: ReturnType<typeof meterDynamoDb>, fixture: FixtureAccount) {
  await runtime.seed({ accounts: [fixture] }, THROWAWAY);
  // The workflow alone (issue #7's measure): the execution started directly, as the API's share is
  // measured below — on the record an accepted request writes (the workflow acts on nothing else).
  const accepted = request(fixture.accountId);
  await dynamoDocumentClient().send(new PutCommand({ TableName: BENCH_TABLE, Item: acceptedRemovalItem(accepted) }));
  meter.reset();
  const started = performance.now();
  const execution = await runtime.startExecutionDirectly(accepted).done;
  const ms = performance.now() - started;
  if (execution.status !== 'SUCCEEDED')
    throw new Error(`removal in ${fixture.accountId} ${execution.status}: ${execution.cause}`);
  const transitions = execution.history.filter((e) => e.type === 'StateEntered').length;
  return { ms, transitions, usage: meter.read() };
}

async function main() {
  if (ONLY_BUNDLES) {
    const rows = await bundles();
    writeFileSync('bench-report-bundles.json', `${JSON.stringify(rows, null, 2)}\n`);
    log('wrote bench-report-bundles.json');
    return;
  }
  log(`offboard bench${QUICK ? ' (quick)' : ''}: starting DynamoDB Local and the local runtime …`);
  const tableName = BENCH_TABLE;
  let meter: ReturnType<typeof meterDynamoDb> | undefined; // eslint-disable-line prefer-const -- assigned in a callback below
  const runtime = await startLocalRuntime({
    dynamodb: { port: await freePort() },
    eventsPort: 0,
    tableName,
    onTaskStart: (taskId) => meter?.taskStarted(taskId),
    apiPort: 0,
  });
  // The client exists once the runtime has configured the process.
  meter = meterDynamoDb(tableName);
  const report: Record<string, unknown> = { quick: QUICK, at: new Date().toISOString() };
  try {
    if (ONLY_BULK) {
      report.bulk = await bulkTerminations(runtime);
      writeFileSync('bench-report-bulk.json', `${JSON.stringify(report.bulk, null, 2)}\n`);
      log('wrote bench-report-bulk.json');
      return;
    }
    if (ONLY_READS) {
      report.reads = await readScale(runtime, meter);
      writeFileSync('bench-report-reads.md', `${readsMarkdown(report.reads as Record<string, unknown>).join('\n')}\n`);
      log('wrote bench-report-reads.md');
      return;
    }
    // 1. Cost and time of one removal by owned resources.
    const bySize = [];
    for (const owned of SIZES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await removeOnce(runtime, meter, account(owned)));
      const { usage, transitions } = runs[0]!;
      const row = {
        owned,
        requests: usage.requests,
        minimum: theoreticalMinimum(owned),
        ratio: +(usage.requests / theoreticalMinimum(owned)).toFixed(2),
        capacityUnits: +usage.capacityUnits.toFixed(1),
        byCommand: usage.byCommand,
        byStep: usage.byStep,
        transitions,
        medianMs: Math.round(median(runs.map((r) => r.ms))),
      };
      bySize.push(row);
      log(
        `  N=${owned}: ${row.requests} requests (minimum ${row.minimum}, ×${row.ratio}), ${row.capacityUnits} CU, ${transitions} state transitions, ${row.medianMs} ms median`,
      );
    }
    report.bySize = bySize;

    // 1b. From the HTTP request to UserRemoved, with rotations (the API's share included).
    log('from POST …/removal to UserRemoved, by rotations (10 owned numbers) …');
    const overHttp = [];
    for (const rotations of [0, 10, 100]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await removeOverHttp(runtime, meter, account(10, 4, 0, rotations)));
      const { usage } = runs[0]!;
      const floor = httpFloor(10, rotations);
      const row = {
        owned: 10,
        rotations,
        requests: usage.requests,
        floor,
        ratio: +(usage.requests / floor).toFixed(2),
        // Requests before the first task ran are the API's (the meter was reset just before the POST).
        byStep: usage.byStep,
        medianMs: Math.round(median(runs.map((r) => r.ms))),
      };
      overHttp.push(row);
      log(
        `  ${rotations} rotations: ${row.requests} requests (floor ${floor}, ×${row.ratio}), ${row.medianMs} ms median`,
      );
    }
    report.overHttp = overHttp;

    // 2. The same removal in a small and in a big account.
    log(`seeding a big account (${BIG_USERS} other users, ${BIG_RESOURCES} other resources) …`);
    const smallAccount = account(10, 10, 0);
    const bigAccount = account(10, BIG_USERS, BIG_RESOURCES);
    const small = await removeOnce(runtime, meter, smallAccount);
    const big = await removeOnce(runtime, meter, bigAccount);
    report.accountSize = {
      small: {
        otherUsers: 10,
        otherResources: 0,
        requests: small.usage.requests,
        capacityUnits: small.usage.capacityUnits,
      },
      big: {
        otherUsers: BIG_USERS,
        otherResources: BIG_RESOURCES,
        requests: big.usage.requests,
        capacityUnits: big.usage.capacityUnits,
      },
    };
    log(
      `  account size: ${small.usage.requests} requests / ${small.usage.capacityUnits.toFixed(1)} CU small vs ${big.usage.requests} / ${big.usage.capacityUnits.toFixed(1)} CU big`,
    );

    // 2b. Each endpoint of the open world, in the small and in the big account.
    log('the open world: one call of each new endpoint, small and big account …');
    const openWorld = {
      small: await measureOpenWorld(runtime, meter, smallAccount.accountId, ['u0', 'u1']),
      big: await measureOpenWorld(runtime, meter, bigAccount.accountId, ['u0', 'u1']),
    };
    report.openWorld = openWorld;
    for (const [i, row] of openWorld.small.entries())
      log(`  ${row.endpoint}: ${row.requests} requests (big account: ${openWorld.big[i]?.requests}), ${row.ms} ms`);

    // 2c. Account scale on the read side.
    report.reads = await readScale(runtime, meter);

    // 3. Bulk HR terminations.
    report.bulk = await bulkTerminations(runtime);
  } finally {
    await runtime.stop();
  }

  report.bundles = await bundles();
  log('measuring the admin console build …');
  report.console = await measureConsole();

  writeFileSync('bench-report.json', `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync('bench-report.md', markdown(report));
  log('wrote bench-report.md and bench-report.json');
}

/** 4. Bundles and a cold-start proxy. */
async function bundles() {
  log('bundling every Lambda …');
  const entries = Object.fromEntries([
    ...REMOVAL_TASK_FUNCTIONS.map((t) => [t.id, t.entry]),
    ['Api', 'functions/api/handler.ts'],
    ['Authorizer', 'functions/api-authorizer/handler.ts'],
    ['OutboxRelay', 'functions/integrations/outbox-relay/handler.ts'],
    ['CrmSync', 'functions/integrations/crm-sync/handler.ts'],
    ['BillingCycle', 'functions/billing/apply-seat-adjustments/handler.ts'],
    ['HrEvents', 'functions/hr/handle-hr-event/handler.ts'],
    ['PlatformCalls', 'functions/platform/calls/handler.ts'],
    ['CallCompleted', 'functions/platform/call-completed/handler.ts'],
    ['IdentitySync', 'functions/integrations/identity-sync/handler.ts'],
    ['Scim', 'functions/scim/handler.ts'],
    ['HrWebhook', 'functions/hr/webhook/handler.ts'],
    ['OverdueSweep', 'functions/removal-sweep/handler.ts'],
  ]);
  const rows = await measureBundles(entries);
  for (const row of rows)
    log(
      `  ${row.name}: ${(row.bytes / 1024).toFixed(0)} KB, import ${row.importMs.toFixed(0)} ms (SDK-only handler ${row.sdkOnlyImportMs.toFixed(0)} ms, empty ${row.emptyHandlerImportMs.toFixed(0)} ms)`,
    );
  return rows;
}

/** Issue #25: many HR terminations at once in one account, with conflicts on real overlap. */
async function bulkTerminations(runtime: LocalRuntime) {
  // 3. Bulk HR terminations, with TransactionConflict wherever two transactions touch one item at
  // once, as concurrent removals in one account (all updating its account item) meet it in AWS.
  log(
    `bulk: ${BULK} HR terminations at once in one account, each user's call flow to one manager (bea), transactions cancelled on overlap as in AWS …`,
  );
  const conflicts = emulateOverlapConflicts(dynamoDocumentClient());
  // A reserved-concurrency budget per task function (the stack's RemovalTaskConcurrency): the Map
  // batches of all removals share it, the rest are throttled and retried.
  runtime.stepFunctions.reserveConcurrency(BULK_TASK_CONCURRENCY);
  runtime.stepFunctions.throttled.clear();
  // Each terminated user owns a call flow: every removal's batch writes the manager's item.
  const bulkAccount = account(0, BULK, BULK);
  await runtime.seed({ accounts: [bulkAccount] }, THROWAWAY);
  const client = new EventBridgeClient({
    endpoint: runtime.bus.endpoint,
    region: 'us-east-1',
    // The one trusted HR integration the bus policy lets put HR events (R14).
    credentials: LOCAL_HR_SENDER_CREDENTIALS,
  });
  const sentAt = Date.now();
  for (let i = 0; i < BULK; i += 10) {
    await client.send(
      new PutEventsCommand({
        Entries: Array.from({ length: Math.min(10, BULK - i) }, (_, j) => ({
          EventBusName: 'offboard',
          Source: 'hr.system',
          DetailType: 'EmployeeTerminated',
          Detail: JSON.stringify({
            accountId: bulkAccount.accountId,
            email: `u${i + j}@${bulkAccount.accountId}.test`,
            effectiveAt: new Date(sentAt - 1000).toISOString(),
            managerEmail: `bea@${bulkAccount.accountId}.test`,
          }),
        })),
      }),
    );
  }
  const deadline = Date.now() + 10 * 60_000;
  let removed = runtime.bus
    .events({ detailType: 'UserRemoved' })
    .filter((e) => e.detail.accountId === bulkAccount.accountId);
  while (new Set(removed.map((e) => e.detail.removalId)).size < BULK && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    removed = runtime.bus
      .events({ detailType: 'UserRemoved' })
      .filter((e) => e.detail.accountId === bulkAccount.accountId);
  }
  conflicts.remove();
  runtime.stepFunctions.reserveConcurrency(undefined);
  const throttled = Object.fromEntries(runtime.stepFunctions.throttled);
  const latencies = removed.map((e) => Date.parse(e.detail.removedAt as string) - sentAt);
  const distinct = new Set(removed.map((e) => e.detail.removalId)).size;
  const { transactions, cancelled, singleWritesRefused } = conflicts.counts();
  const { composition } = await import('#functions/shared/composition.ts');
  const { users, removals } = composition().adminDeps();
  // Everything the leavers owned is now the manager's: exactly one flow per completed removal.
  const managerOwns = (await users.getUser(bulkAccount.accountId, 'bea'))?.ownedCount ?? 0;
  // What became of each removal that did not complete: its status, and a failure's code.
  const outcomes: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const page = await removals.listRemovals(bulkAccount.accountId, {}, 200, cursor);
    for (const removal of page.removals) {
      const outcome = removal.status === 'FAILED' ? `FAILED ${removal.failure?.code ?? ''}`.trim() : removal.status;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const bulk = {
    terminations: BULK,
    completed: distinct,
    lost: BULK - distinct,
    duplicated: removed.length - distinct,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    transactions,
    conflictRetries: cancelled,
    singleWritesRefused,
    reservedConcurrency: BULK_TASK_CONCURRENCY,
    throttled,
    managerOwns,
    outcomes,
    failedInvocations: runtime.bus.failedInvocations().length,
  };
  log(
    `  ${distinct}/${BULK} completed, ${BULK - distinct} lost, ${removed.length - distinct} duplicated, p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms; ${cancelled} of ${transactions} transactions cancelled on overlap and retried, ${singleWritesRefused} single writes refused; ${BULK_TASK_CONCURRENCY} concurrent invocations reserved per task function, throttled ${JSON.stringify(throttled)}; the manager owns ${managerOwns} flows; removals by outcome ${JSON.stringify(outcomes)}`,
  );
  return bulk;
}

async function readScale(runtime: LocalRuntime, meter: ReturnType<typeof meterDynamoDb>) {
  const db = dynamoDocumentClient();
  const shapes = { small: READ_SMALL, mid: READ_MID, big: READ_BIG };
  const sizes = ['small', 'mid', 'big'] as const;
  const accountIds = sizes.map((size) => `reads-${size}-${Date.now()}`);
  for (const [i, size] of sizes.entries()) {
    const shape = shapes[size];
    log(
      `read side: seeding ${accountIds[i]} (${shape.live + shape.removed} users, ${shape.removed} removed, ${shape.resources} resources, ${shape.calls} call logs) with batch writes …`,
    );
    const started = performance.now();
    const items = await seedScaleAccount(db, BENCH_TABLE, accountIds[i]!, shape, log);
    log(`  ${items} items in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  log(`read side: one page (${PAGE}) of each read endpoint, the three accounts taking turns …`);
  const [small, mid, big] = await measureReads(runtime, meter, accountIds);
  for (const [i, row] of big!.entries())
    log(
      `  ${row.endpoint}: ${small![i]!.requests} / ${mid![i]!.requests} / ${row.requests} requests, ${small![i]!.itemsRead} / ${mid![i]!.itemsRead} / ${row.itemsRead} items read, ${small![i]!.medianMs} / ${mid![i]!.medianMs} / ${row.medianMs} ms (small / mid / big)`,
    );
  const pages = await largestPages(runtime, accountIds[2]!);
  for (const p of pages) log(`  largest page ${p.endpoint}: ${p.bytes} bytes`);
  return { shapes, page: PAGE, small: small!, mid: mid!, big: big!, largestPages: pages };
}

/** Issue #24's targets for one endpoint, from its rows in the three accounts. */
function readTargets(small: ReadRow, mid: ReadRow, big: ReadRow) {
  // Time compares equal work: the small account where it fills the page as the big one does,
  // else the mid account (a console screen of 50 rows against the 10-user account's 5).
  const peer = small.returned === big.returned ? small : mid;
  return {
    timedAgainst: peer === small ? 'small' : 'mid',
    requests: Math.abs(big.requests - small.requests) <= 1,
    // A page reads what the page needs, so a 1,000-user and a 100,000-user account read the same;
    // the 10-user account may read fewer (it cannot fill the read-ahead of a search).
    items: big.itemsRead === mid.itemsRead && small.itemsRead <= big.itemsRead,
    bytes: big.bytes <= 1_000_000,
    ratio: +(big.medianMs / Math.max(peer.medianMs, 0.1)).toFixed(2),
  };
}

function readsMarkdown(reads: Record<string, any>): string[] {
  const describe = (shape: AccountShape) =>
    `${shape.live + shape.removed} users (${shape.removed} removed, ${shape.resources} resources, ${shape.calls} call logs)`;
  const rows = reads.small.map((s: ReadRow, i: number) => {
    const m = reads.mid[i] as ReadRow;
    const b = reads.big[i] as ReadRow;
    return { s, m, b, ...readTargets(s, m, b) };
  });
  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  return [
    '',
    '## Account scale on the read side (issue #24)',
    '',
    `One page (limit ${reads.page}) of each read endpoint in three accounts: ${describe(reads.shapes.small)}; ${describe(reads.shapes.mid)}; ${describe(reads.shapes.big)}. The accounts are written with BatchWriteItem from the stores' own item builders, 8 batches of 25 in flight — not through the API (that would take hours and measure the writes). Requests include the authorizer's read of the caller; items read count what Queries scanned (filtered-out ones too) and what Gets returned; the most of 7 runs, the median time, the three accounts taking turns request by request.`,
    '',
    'Targets: requests within ±1 of the small account; items read the same in the mid and the big account (never more than a page needs, whatever the size); a page ≤ 1 MB; median time within ×1.5 of the small account — of the mid account where only it returns as many items as the big one (the console screens: the 10-user account has 5 users to show, not 50).',
    '',
    '| endpoint | requests (small / mid / big) | items read (small / mid / big) | returned (small / big) | median (small / mid / big) | ×time (against) | page bytes (big) | requests | items | ≤ 1 MB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r: any) =>
        `| ${r.s.endpoint} | ${r.s.requests} / ${r.m.requests} / ${r.b.requests} | ${r.s.itemsRead} / ${r.m.itemsRead} / ${r.b.itemsRead} | ${r.s.returned} / ${r.b.returned} | ${r.s.medianMs} / ${r.m.medianMs} / ${r.b.medianMs} ms | ×${r.ratio} (${r.timedAgainst}) | ${r.b.bytes} | ${met(r.requests)} | ${met(r.items)} | ${met(r.bytes)} |`,
    ),
    '',
    `Latency within ×1.5: ${rows.every((r: any) => r.ratio <= 1.5) ? 'met' : 'NOT met'} (worst ×${Math.max(...rows.map((r: any) => r.ratio))}).`,
    '',
    "The largest page of each list in the big account (limit 200; the audit log's largest is 100):",
    '',
    '| page | bytes |',
    '|---|---|',
    ...reads.largestPages.map((p: any) => `| ${p.endpoint} | ${p.bytes} |`),
  ];
}

function markdown(report: Record<string, any>): string {
  const lines = [
    `# offboard bench (${report.at}${report.quick ? ', quick' : ''})`,
    '',
    '## One removal by owned resources',
    '',
  ];
  lines.push(
    '| owned | DynamoDB requests | theoretical minimum | ratio | capacity units | state transitions | median time |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of report.bySize)
    lines.push(
      `| ${r.owned} | ${r.requests} | ${r.minimum} | ×${r.ratio} | ${r.capacityUnits} | ${r.transitions} | ${r.medianMs} ms |`,
    );
  const worst = Math.max(...report.bySize.map((r: any) => r.ratio));
  lines.push(
    '',
    `Target: within ×${MAX_RATIO} of the minimum — ${worst <= MAX_RATIO ? 'met' : 'NOT met'} (worst ×${worst}).`,
  );
  // Columns in workflow order (the catalog's), anything else after.
  const order = REMOVAL_TASK_FUNCTIONS.map((t) => t.id);
  const rank = (step: string) => (order.includes(step) ? order.indexOf(step) : order.length);
  const steps = [...new Set<string>(report.bySize.flatMap((r: any) => Object.keys(r.byStep)))].sort(
    (a, b) => rank(a) - rank(b),
  );
  lines.push(
    '',
    'Requests by workflow step:',
    '',
    `| owned | ${steps.join(' | ')} |`,
    `|---|${steps.map(() => '---|').join('')}`,
  );
  for (const r of report.bySize) lines.push(`| ${r.owned} | ${steps.map((s) => r.byStep[s] ?? 0).join(' | ')} |`);
  const { small, big } = report.accountSize;
  if (report.overHttp) {
    lines.push(
      '',
      '## From POST …/removal to UserRemoved, by rotations (10 owned numbers)',
      '',
      'Counted at the SDK middleware from the HTTP request (the API and its authorizer included) until UserRemoved is on the bus.',
      'Floor: 6 + ⌈(owned + rotations) / 100⌉ — the authorizer reads the caller (R6); the API reads account, user and targets',
      'once and writes the removal record once; Authorize takes the user in one write; the scan is one Query; Remove commits once;',
      'plus one transaction per 100 owned resources or rotations changed. Target: ≤ 1.2× the floor.',
      '',
      '| rotations | requests | floor | ratio | ≤ 1.2× | median time |',
      '|---|---|---|---|---|---|',
    );
    for (const r of report.overHttp)
      lines.push(
        `| ${r.rotations} | ${r.requests} | ${r.floor} | ×${r.ratio} | ${r.ratio <= 1.2 ? 'yes' : 'no'} | ${r.medianMs} ms |`,
      );
    const httpSteps = [...new Set<string>(report.overHttp.flatMap((r: any) => Object.keys(r.byStep)))];
    lines.push('', `| rotations | ${httpSteps.join(' | ')} |`, `|---|${httpSteps.map(() => '---').join('|')}|`);
    for (const r of report.overHttp)
      lines.push(`| ${r.rotations} | ${httpSteps.map((s) => r.byStep[s] ?? 0).join(' | ')} |`);
  }
  lines.push('', '## Account size', '', '| account | requests | capacity units |', '|---|---|---|');
  lines.push(
    `| ${small.otherUsers} other users, ${small.otherResources} other resources | ${small.requests} | ${small.capacityUnits.toFixed(1)} |`,
  );
  lines.push(
    `| ${big.otherUsers} other users, ${big.otherResources} other resources | ${big.requests} | ${big.capacityUnits.toFixed(1)} |`,
  );
  lines.push(
    '',
    '## The open world: one call of each endpoint',
    '',
    `DynamoDB requests per call (the authorizer's read of the caller included), in an account with 10 other users and in one with ${big.otherUsers} users and ${big.otherResources} resources.`,
    '',
    '| endpoint | requests (small) | requests (big) | time (small) |',
    '|---|---|---|---|',
    ...report.openWorld.small.map(
      (r: any, i: number) => `| ${r.endpoint} | ${r.requests} | ${report.openWorld.big[i]?.requests} | ${r.ms} ms |`,
    ),
  );
  lines.push(...readsMarkdown(report.reads));
  const b = report.bulk;
  lines.push(
    '',
    '## Bulk HR terminations',
    '',
    `${b.completed}/${b.terminations} completed, all in one account, each handing its call flow to one manager; lost ${b.lost}; duplicated ${b.duplicated}; p50 ${b.p50Ms} ms; p95 ${b.p95Ms} ms; the manager owns ${b.managerOwns} flows afterwards.`,
    '',
    `TransactionConflict as AWS decides it, on real overlap (local/transaction-conflicts.ts, overlap mode): ${b.conflictRetries} of ${b.transactions} transactions were cancelled and retried, ${b.singleWritesRefused} single writes refused (each changed nothing); ${b.failedInvocations} HR events reached the on-failure destination.`,
    '',
    `Reserved concurrency ${b.reservedConcurrency} per task function (RemovalTaskConcurrency): invocations throttled and retried ${JSON.stringify(b.throttled)}.`,
  );
  lines.push(
    '',
    '## Bundles',
    '',
    '| function | bundle | import (fresh node) | SDK-only handler (DynamoDB) | empty handler |',
    '|---|---|---|---|---|',
  );
  for (const x of report.bundles)
    lines.push(
      `| ${x.name} | ${(x.bytes / 1024).toFixed(0)} KB | ${x.importMs.toFixed(0)} ms | ${x.sdkOnlyImportMs.toFixed(0)} ms | ${x.emptyHandlerImportMs.toFixed(0)} ms |`,
    );
  const c = report.console;
  lines.push(
    '',
    '## Admin console (production build)',
    '',
    `JavaScript ${(c.jsGzipBytes / 1024).toFixed(1)} KB gzipped, budget ${(c.budgetGzipBytes / 1024).toFixed(0)} KB: ${c.jsGzipBytes <= c.budgetGzipBytes ? 'within' : 'OVER'}.`,
    '',
    '| file | size | gzipped |',
    '|---|---|---|',
    ...c.files.map(
      (f: any) => `| ${f.name} | ${(f.bytes / 1024).toFixed(1)} KB | ${(f.gzipBytes / 1024).toFixed(1)} KB |`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

await main();
