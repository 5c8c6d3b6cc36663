// cdk-nag's AWS Solutions checks fail the synth (infra/nag.ts): the app passes them as `cdk synth`
// and `cdk deploy` see it — with an unknown environment, and with a concrete account and region.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { defineOffboard } from '#infra/offboard-app.ts';
import { checkWithCdkNag } from '#infra/nag.ts';
import { TEMPLATE_ONLY_CONTEXT } from '../support/cdk.ts';

describe('production hardening', () => {
  // As `cdk deploy` does, the CLI makes the environment concrete: tokens become literals, and
  // findings (and their acknowledgements) name the real account and region.
  it.each([
    ['an unknown environment', undefined],
    ['account 123456789012 in eu-west-1', { account: '123456789012', region: 'eu-west-1' }],
    ['account 123456789012 in us-east-1', { account: '123456789012', region: 'us-east-1' }],
    ['account 123456789012 in ap-south-2 (an opt-in region)', { account: '123456789012', region: 'ap-south-2' }],
  ])('passes cdk-nag AwsSolutions for %s, every accepted finding with its reason in infra/nag.ts', (_, env) => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'offboard-nag-')), context: TEMPLATE_ONLY_CONTEXT });
    checkWithCdkNag(app, defineOffboard(app, env));
    expect(() => app.synth()).not.toThrow();
  });
});
