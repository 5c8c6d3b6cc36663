// Users the console needs beside a list it pages: the names of the ids on a page (each user read
// once and cached, never the account's whole list), and the ACTIVE users a picker offers.
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Api, UserRow } from './api.ts';

/** Display names of these user ids; an id whose user is gone (404) shows as itself. */
export function useUserNames(api: Api, account: string, userIds: readonly (string | null | undefined)[]) {
  const ids = [...new Set(userIds.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  const users = useQueries({
    queries: ids.map((userId) => ({
      queryKey: ['user', userId],
      queryFn: () => api.get<UserRow>(`${account}/users/${encodeURIComponent(userId)}`),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const names = new Map(ids.map((id, i) => [id, users[i]?.data?.displayName ?? id]));
  return (userId: string) => names.get(userId) ?? userId;
}

/** What pickers offer: the first 200 ACTIVE users by name (R12: only they receive anything). */
export function useActiveUsers(api: Api, account: string) {
  return useQuery({
    queryKey: ['users', 'ACTIVE', 'picker'],
    queryFn: async () => (await api.get<{ users: UserRow[] }>(`${account}/users?status=ACTIVE&limit=200`)).users,
  });
}
