// `offboard reindex-users [--stack S --region R]`: once after upgrading a deployed table (or a kept
// local one) to the version with the live-users index, writes each user's index keys and lookups
// (adapters/dynamodb/reindex-users.ts). Idempotent; prints its progress.
import { parseArgs } from 'node:util';
import { tableTarget } from './table-target.ts';

export async function reindexUsersCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { stack: { type: 'string' }, region: { type: 'string' } },
    strict: true,
  });
  const { env, where } = await tableTarget(values.stack, values.region);
  Object.assign(process.env, env);
  const { composition } = await import('#functions/shared/composition.ts');
  const { reindexUsers } = await import('#adapters/dynamodb/reindex-users.ts');
  process.stdout.write(`reindexing the users of ${where}\n`);
  const done = await reindexUsers(composition().clients.dynamo, env.TABLE_NAME, (p) =>
    process.stdout.write(
      `  ${p.users} users read, ${p.indexed} indexed, ${p.skipped} removed (nothing to index); ${p.resources} resources indexed by name; ${p.scheduledRemovals} scheduled removals indexed for the overdue sweep\n`,
    ),
  );
  process.stdout.write(`done: ${done.indexed} users and ${done.resources} resources indexed\n`);
  return 0;
}
