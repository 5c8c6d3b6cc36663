// `offboard billing-cycle --as-of YYYY-MM-DD`: applies every pending seat adjustment due on or
// before that date, once — the same code the scheduled Lambda runs, against the running local table.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ensureTable } from '#local/dynamodb-local.ts';
import { LOCAL_REGION, LOCAL_TABLE_NAME } from '#local/runtime.ts';
import { localSettings } from '#local/settings.ts';
import { StartupError } from '#local/startup-error.ts';

export async function billingCycle(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'as-of': { type: 'string' } } });
  const asOf = z.iso.date().safeParse(values['as-of']);
  if (!asOf.success) {
    process.stderr.write('usage: offboard billing-cycle --as-of YYYY-MM-DD\n');
    return 2;
  }
  const endpoint = `http://127.0.0.1:${localSettings().dynamodbPort}`;
  try {
    await ensureTable(endpoint, LOCAL_TABLE_NAME);
  } catch {
    throw new StartupError(
      `No DynamoDB Local answers at ${endpoint}: start the local system with \`npm start\` first.`,
    );
  }
  const { useConfig } = await import('#adapters/config.ts');
  useConfig({ TABLE_NAME: LOCAL_TABLE_NAME, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: LOCAL_REGION });
  const { composition } = await import('#functions/shared/composition.ts');
  const { applyDueSeatAdjustments } = await import('#core/billing/apply-seat-adjustments.ts');

  process.stdout.write(`applying seat adjustments due on or before ${asOf.data} …\n`);
  const run = await applyDueSeatAdjustments(composition().removalDeps(), asOf.data, (a) =>
    process.stdout.write(`  ${a.accountId}: ${a.seats} seat (removal ${a.removalId}, effective ${a.effectiveOn})\n`),
  );
  process.stdout.write(`${run.applied.length} applied, ${run.alreadyApplied} already applied before\n`);
  return 0;
}
