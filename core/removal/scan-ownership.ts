// Step 2: what the user owns and which rotations it takes calls in (Query on the owner index).
import type { Ownership } from '../ports.ts';
import type { RemovalDeps } from './deps.ts';

export const scanOwnership = (
  { store }: RemovalDeps,
  input: { accountId: string; userId: string },
): Promise<Ownership> => store.listOwnership(input.accountId, input.userId);
