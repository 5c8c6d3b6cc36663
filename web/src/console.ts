// What every screen of a signed-in console shares: the API as the signed-in user sees it, and who
// that user is (GET /v1/me), with the account's path.
import { createContext, useContext } from 'react';
import type { Api, Me } from './api.ts';

export interface SignedIn {
  api: Api;
  me: Me;
  /** `/accounts/{accountId}`: where every account route starts. */
  account: string;
  /** ACTIVE admins and the owner manage users; members only see. */
  isAdmin: boolean;
}

export const SignedInContext = createContext<SignedIn | null>(null);

export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (!signedIn) throw new Error('useSignedIn outside a signed-in console');
  return signedIn;
}
