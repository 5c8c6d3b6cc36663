// R6 in AWS only the user pool signs people in: no Lambda bundle carries the local runtime's HS256
// verifier or its issuer (the local runtime composes that verifier itself, local/jwt-verifiers.ts).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '#infra/constructs/offboard-function.ts';

/** The handler bundled as CDK bundles it (ESM, node22; the AWS SDK left to the runtime). */
async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['@aws-sdk/*'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return out.outputFiles.map((f) => f.text).join('\n');
}

describe('R6 deployed bundles verify only the user pool', () => {
  it.each(['functions/api/handler.ts', 'functions/api-authorizer/handler.ts'])(
    '%s has no HS256 verifier and no local issuer',
    async (entry) => {
      const code = await bundle(entry);

      expect(code).toContain('CognitoJwtVerifier');
      expect(code).not.toContain('offboard-local');
      expect(code).not.toContain('class LocalJwtVerifier');
      expect(code).not.toMatch(/algorithms:\s*\[\s*["']HS256["']\s*\]/);
    },
  );
});

describe('cold start: a bundle imports at load only the SDK every function uses (DynamoDB)', () => {
  /** The `@aws-sdk/*` packages a bundle imports when it loads (static imports), not on first call. */
  const loadedAtImport = (code: string) =>
    [...code.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"()]*?\s*from\s*)?["'](@aws-sdk\/[a-z0-9-]+)["']/g)].map(
      (match) => match[1],
    );

  it.each([
    'functions/api-authorizer/handler.ts',
    'functions/removal-tasks/reassign-batch/handler.ts',
    'functions/api/handler.ts',
    'functions/integrations/identity-sync/handler.ts',
  ])('%s loads Step Functions, Scheduler, EventBridge and Cognito only when it calls them', async (entry) => {
    const code = await bundle(entry);
    const atImport = new Set(loadedAtImport(code));

    expect(atImport.size).toBeGreaterThan(0); // DynamoDB is there: the pattern finds static imports
    for (const pkg of atImport)
      expect(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/util-dynamodb']).toContain(pkg);
  });
});
