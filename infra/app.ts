// CDK entry (cdk.json runs it with tsx).
import { App } from 'aws-cdk-lib';
import { defineOffboard } from './offboard-app.ts';
import { checkWithCdkNag } from './nag.ts';
import { buildConsole } from '../local/console.ts';

// The console's files are an asset of the stack: build them first if web/ changed.
await buildConsole((line) => process.stderr.write(`${line}\n`));

const app = new App();
const stacks = defineOffboard(app, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
checkWithCdkNag(app, stacks);
app.synth();
