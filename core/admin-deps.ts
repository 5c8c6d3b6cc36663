// What the dashboard's use cases need: the stores, the read models, the workflow, the event
// publisher and a clock. Built once per process by the API's composition root.
import type { AccountReader, AccountStore, Clock, EventPublisher, RemovalStore, RemovalWorkflow } from './ports.ts';

export interface AdminDeps {
  store: RemovalStore;
  accounts: AccountStore;
  reads: AccountReader;
  workflow: RemovalWorkflow;
  events: EventPublisher;
  clock: Clock;
}
