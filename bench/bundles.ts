// Bundle size of every Lambda (bundled as CDK does: ESM, minified, node22) and a cold-start proxy:
// the time a fresh `node` takes to import the bundle, against an empty handler's bundle and an
// SDK-only one (the DynamoDB client every function needs, and nothing else): the gap to the latter
// is offboard's own code, since other SDK clients load only when first called (sdk-modules.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

async function bundle(entry: string, outdir: string, name: string) {
  const outfile = path.join(outdir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    banner: { js: BANNER },
    external: ['@aws-sdk/*'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return outfile;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function importTimeMs(file: string, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(path.resolve(file))})`],
      {
        env: {
          ...process.env,
          TABLE_NAME: 'bench',
          AUTH_MODE: 'local',
          STATE_MACHINE_ARN: 'arn',
        },
      },
    );
    if (result.status !== 0) throw new Error(`importing ${file} failed: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

export async function measureBundles(entries: Record<string, string>) {
  // Inside the project, so `@aws-sdk/*` (external, as the Lambda runtime provides it) resolves.
  mkdirSync('.offboard', { recursive: true });
  const outdir = mkdtempSync(path.join('.offboard', 'bundles-'));
  const emptyEntry = path.join(outdir, 'empty.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({});\n');
  const baseline = importTimeMs(await bundle(emptyEntry, outdir, 'empty'));
  const sdkOnlyEntry = path.join(outdir, 'sdk-only.ts');
  writeFileSync(
    sdkOnlyEntry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => ({ db: Boolean(db) });',
      '',
    ].join('\n'),
  );
  const sdkOnly = importTimeMs(await bundle(sdkOnlyEntry, outdir, 'sdk-only'));
  const rows = [];
  for (const [name, entry] of Object.entries(entries)) {
    const file = await bundle(entry, outdir, name);
    rows.push({
      name,
      bytes: statSync(file).size,
      importMs: importTimeMs(file),
      emptyHandlerImportMs: baseline,
      sdkOnlyImportMs: sdkOnly,
    });
  }
  return rows;
}
