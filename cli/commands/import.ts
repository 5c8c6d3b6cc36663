// `offboard import FILE.json [--stack S --region R]`: loads an existing account (users, resources,
// memberships, call logs; the fixture format) into the running local system, or into a deployed
// stack (found from its outputs, as bootstrap finds it), through the product's own use cases
// (core/import/import-account.ts). Creates the account and its owner first when they are not
// there (as bootstrap does). Idempotent; prints its progress and what was refused, and why.
import { parseArgs } from 'node:util';
import type { ImportStep, ImportSummary } from '#core/import/import-account.ts';
import { readFixtureFile } from '#local/runtime.ts';
import { tableTarget } from './table-target.ts';

const USAGE = 'usage: offboard import FILE.json [--stack OffboardStateless --region REGION]';
const STEP_NAMES: Record<ImportStep, string> = {
  users: 'users',
  resources: 'numbers, flows, teams, rules',
  members: 'rotation members',
  calls: 'call records',
  statuses: 'deactivations',
};

/** A progress line per step, redrawn in place on a terminal. */
function progressPrinter() {
  const tty = process.stdout.isTTY === true;
  return (step: ImportStep, done: number, total: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `  ${STEP_NAMES[step].padEnd(30)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (tty) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) process.stdout.write(`${line}\n`);
  };
}

function printSummary(summary: ImportSummary) {
  const steps = Object.keys(STEP_NAMES) as ImportStep[];
  process.stdout.write(`account ${summary.accountId}:\n`);
  for (const step of steps)
    process.stdout.write(
      `  ${STEP_NAMES[step].padEnd(30)} ${summary.created[step]} new, ${summary.existing[step]} already there\n`,
    );
  if (summary.refused.length === 0) process.stdout.write('  nothing refused\n');
  else {
    process.stdout.write(`  refused (${summary.refused.length}):\n`);
    for (const r of summary.refused) process.stdout.write(`    ${r.step}: ${r.what} — ${r.code}: ${r.reason}\n`);
  }
}

export async function importFixture(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { stack: { type: 'string' }, region: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const fixture = await readFixtureFile(file);
  const { env, where } = await tableTarget(values.stack, values.region);
  // The adapters read their config from the environment: point it at the table.
  Object.assign(process.env, env);
  // The functions' composition root, on that config: the same stores a Lambda would use.
  const { composition } = await import('#functions/shared/composition.ts');
  const { bootstrapAccount } = await import('#adapters/dynamodb/bootstrap.ts');
  const { importAccount } = await import('#core/import/import-account.ts');
  const app = composition();
  const db = app.clients.dynamo;
  const deps = app.removalDeps();

  let refused = 0;
  for (const account of fixture.accounts) {
    const owner = account.users.find((u) => u.role === 'OWNER')!;
    process.stdout.write(`importing account ${account.accountId} into ${where}\n`);
    const boot = await bootstrapAccount(db, env.TABLE_NAME, {
      accountId: account.accountId,
      name: account.name,
      plan: account.plan,
      billingCycleDay: account.billingCycleDay,
      ownerEmail: owner.email,
      ownerName: owner.displayName,
    });
    process.stdout.write(
      `  account and owner ${owner.email}: ${boot.outcome === 'created' ? 'created' : 'already there'}\n`,
    );
    const summary = await importAccount(deps, account, progressPrinter());
    printSummary(summary);
    refused += summary.refused.length;
  }
  return refused > 0 ? 1 : 0;
}
