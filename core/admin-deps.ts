// What the dashboard's use cases need: the stores, the read models, the workflow, the scheduler and
// a clock. Events go through the stores' transactional outbox. Built by the composition root.
import type { AccountViews, RemovalScheduler, RemovalWorkflow } from './ports.ts';
import type { RemovalDeps } from './removal/deps.ts';

export interface AdminDeps extends RemovalDeps {
  views: AccountViews;
  workflow: RemovalWorkflow;
  scheduler: RemovalScheduler;
}
