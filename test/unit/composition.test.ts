// One composition root: every adapter a function uses is built in functions/shared/composition.ts
// from one config object, each piece on first use and once; a piece whose settings are missing is
// refused when first asked for (a Lambda's cold start), naming them. No other module builds one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsClients } from '#adapters/clients.ts';
import { parseConfig } from '#adapters/config.ts';
import type { JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';
import { Composition } from '#functions/shared/composition.ts';

const composed = (settings: Record<string, string>, verifier?: JwtVerifier) => {
  const config = parseConfig({ TABLE_NAME: 'unit-composition', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', ...settings });
  return new Composition(config, awsClients(config), verifier);
};

describe('the composition root', () => {
  it('builds a removal step its stores from the config alone, once, and each store on the one table', () => {
    const app = composed({});
    const deps = app.removalDeps();

    expect(Object.keys(deps).sort()).toEqual([
      'accounts',
      'bulkRemovals',
      'calls',
      'clock',
      'plans',
      'removals',
      'resources',
      'tokens',
      'users',
    ]);
    expect(app.removalDeps()).toBe(deps);
    expect(app.removalMetrics()).toBe(app.removalMetrics());
    expect(deps.users).toMatchObject({ tableName: 'unit-composition' });
  });

  it('refuses what a function needs but lacks when first asked for, naming the settings', () => {
    const app = composed({});

    expect(() => app.adminDeps()).toThrow(/STATE_MACHINE_ARN, SCHEDULER_ROLE_ARN/);
    expect(() => app.identityDirectory()).toThrow(/COGNITO_USER_POOL_ID/);
    expect(() => app.jwtVerifier()).toThrow(/COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID/);
    expect(() => composed({ AUTH_MODE: 'local' }).jwtVerifier()).toThrow(/local runtime to provide the verifier/);
  });

  it('gives the API the verifier the local runtime composed it with, and the pool’s verifier otherwise', () => {
    const local: JwtVerifier = { verify: async () => ({ sub: 'u-1' }) };
    const pool = composed({ COGNITO_USER_POOL_ID: 'eu-west-1_abc', COGNITO_CLIENT_ID: 'client' });

    expect(composed({ AUTH_MODE: 'local' }, local).jwtVerifier()).toBe(local);
    expect(pool.jwtVerifier()).not.toBe(local);
    expect(pool.jwtVerifier()).toBe(pool.jwtVerifier());
    expect(
      composed({
        STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:1:stateMachine:x',
        SCHEDULER_ROLE_ARN: 'arn:r',
      }).adminDeps().workflow,
    ).toBeDefined();
  });
});

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

describe('no adapter built outside the composition root', () => {
  const BUILDS_AN_ADAPTER =
    /new (Dynamo\w+Store|DynamoAccountViews|StepFunctionsWorkflow|EventBridgeRemovalScheduler|CognitoDirectory|CognitoVerifier)\(|\b(awsClients|dynamoStores)\(/;
  const ROOTS = new Set([
    join('functions', 'shared', 'composition.ts'),
    join('adapters', 'clients.ts'),
    join('adapters', 'dynamodb', 'stores.ts'),
  ]);

  it.each([...sourceFiles('functions'), ...sourceFiles('core'), ...sourceFiles('local'), ...sourceFiles('cli')])(
    '%s',
    (file) => {
      const builds = BUILDS_AN_ADAPTER.exec(readFileSync(file, 'utf8'));
      expect(ROOTS.has(file) || builds === null, `${file} builds ${builds?.[0]}`).toBe(true);
    },
  );
});
