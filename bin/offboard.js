#!/usr/bin/env node
// `npx offboard …`: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

// Lambdas run on nodejs22.x; the CLI supports Node 20 too, so the SDK's Node 20 notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../cli/main.ts');
