// Synthesizing the CDK app in tests as `cdk synth` does: with cdk.json's feature flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '#infra/constructs/offboard-function.ts';

export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

/** For tests that read only the templates: no Lambda bundling (esbuild), the rest as deployed. */
export const TEMPLATE_ONLY_CONTEXT = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };
