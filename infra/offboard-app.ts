// The whole deployment: stacks split by lifetime, the stateless one receiving the stateful
// resources through typed props.
import type { App, Environment } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export function defineOffboard(app: App, env?: Environment) {
  const stateful = new StatefulStack(app, 'OffboardStateful', {
    env,
    description: "offboard: table, event bus, user pool, removal schedules' group",
  });
  const stateless = new StatelessStack(app, 'OffboardStateless', {
    env,
    description: 'offboard: user-removal workflow and functions',
    table: stateful.table,
    eventBus: stateful.eventBus,
    removalSchedules: stateful.removalSchedules,
    userPool: stateful.users.userPool,
    crmTable: stateful.crmTable,
    tableStreamArnParameter: stateful.tableStreamArnParameter,
  });
  return { stateful, stateless };
}
