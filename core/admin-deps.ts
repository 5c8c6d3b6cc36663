// What the dashboard's use cases need: the stores, the read models, the workflow and a clock.
// Events go through the stores' transactional outbox. Built once per process by the API's composition root.
import type { AccountReader, AccountStore, Clock, RemovalScheduler, RemovalStore, RemovalWorkflow } from './ports.ts';

export interface AdminDeps {
  store: RemovalStore;
  accounts: AccountStore;
  reads: AccountReader;
  workflow: RemovalWorkflow;
  scheduler: RemovalScheduler;
  clock: Clock;
}
