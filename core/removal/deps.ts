import type { Clock, RemovalStore } from '../ports.ts';

/** What every removal step needs: the store and a clock. */
export interface RemovalDeps {
  store: RemovalStore;
  clock: Clock;
}
