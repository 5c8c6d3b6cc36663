// The `offboard` command line (docs/api.md).
import { StartupError } from '#local/startup-error.ts';
import { FixtureError } from '#core/fixture.ts';

const USAGE = `usage: offboard <command>

  up                     run the local system (what \`npm start\` runs)
  demo                   one-shot: boot everything, remove a demo user with reassignment, print each step
  seed FILE.json         load a fixture into the running local table (idempotent)
  import FILE.json [--stack S --region R]
                         load an existing account through the product's checks, locally or into a deployed stack
  reindex-users [--stack S --region R]
                         once after upgrading: each user's place in the live-users index and its lookups
  token USER_ID          print a local JWT for that user
  billing-cycle --as-of YYYY-MM-DD   apply every seat adjustment due by then, once
  generate               rewrite the generated docs (OpenAPI document, event JSON Schemas)
  bootstrap --account-id ID --name NAME --plan PLAN --billing-cycle-day N --owner-email E --owner-name N
                         the first account and owner in a deployed stack (--stack, --region optional)
  screenshots            the console's main screens as PNG files in docs/img (needs /usr/bin/chromium)
  sign-in [--region R] [--stack S] [--port P] | sign-in --hosted-ui URL --client-id ID
                         an ID token through the user pool's hosted UI (code + PKCE), for curl
  verify-evidence FILE   check a removal's evidence (GET …/removals/{id}/evidence) was not altered
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  up: async () => (await import('./commands/up.ts')).up(),
  demo: async () => (await import('./commands/demo.ts')).demo(),
  seed: async (args) => (await import('./commands/seed.ts')).seed(args),
  import: async (args) => (await import('./commands/import.ts')).importFixture(args),
  token: async (args) => (await import('./commands/token.ts')).token(args),
  'reindex-users': async (args) => (await import('./commands/reindex-users.ts')).reindexUsersCommand(args),
  'billing-cycle': async (args) => (await import('./commands/billing-cycle.ts')).billingCycle(args),
  generate: async () => (await import('./commands/generate.ts')).generate(),
  bootstrap: async (args) => (await import('./commands/bootstrap.ts')).bootstrap(args),
  screenshots: async () => (await import('./commands/screenshots.ts')).screenshots(),
  'sign-in': async (args) => (await import('./commands/sign-in.ts')).signIn(args),
  'verify-evidence': async (args) => (await import('./commands/verify-evidence.ts')).verifyEvidence(args),
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(
    name && name !== '--help' && name !== 'help' ? `offboard: unknown command "${name}"\n\n${USAGE}` : USAGE,
  );
  process.exit(name && name !== '--help' && name !== 'help' ? 2 : 0);
}

try {
  process.exitCode = await command(args);
} catch (error) {
  if (error instanceof StartupError || error instanceof FixtureError) {
    process.stderr.write(`offboard ${name}: ${error.message}\n`);
  } else {
    process.stderr.write(`offboard ${name}: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
// A command that returned is done: timers and sockets left by clients and emulators must not keep
// the process (and a terminal, or a supervisor waiting on SIGTERM) hanging.
process.exit(process.exitCode ?? 0);
