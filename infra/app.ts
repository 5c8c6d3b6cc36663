// CDK entry (cdk.json runs it with tsx).
import { App } from 'aws-cdk-lib';
import { defineOffboard } from './offboard-app.ts';

const app = new App();
defineOffboard(app, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION });
app.synth();
