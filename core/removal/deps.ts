import type { Clock, Stores } from '../ports.ts';

/** What every removal step needs: the stores and a clock. */
export interface RemovalDeps extends Stores {
  clock: Clock;
}
