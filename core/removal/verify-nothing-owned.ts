// "Verify nothing is still owned": the user must own nothing and sit in no rotation before it is removed; anything that
// appeared meanwhile sends the workflow back to scan again.
import type { RemovalDeps } from './deps.ts';

export async function verifyNothingOwned(
  { store }: RemovalDeps,
  input: { accountId: string; userId: string },
): Promise<{ remaining: number }> {
  return { remaining: await store.countOwnership(input.accountId, input.userId) };
}
