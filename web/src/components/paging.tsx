// A list read from the server a page at a time (the API's `limit`/`cursor`): the cursors of the
// pages seen so far, so "Previous page" goes back without the server keeping any state. Changing
// the filter (`path`) starts again at the first page.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Api } from '../api.ts';

export interface PagedList<T> {
  items: T[] | undefined;
  error: unknown;
  isLoading: boolean;
  pageNumber: number;
  hasNext: boolean;
  next(): void;
  previous(): void;
  refetch(): void;
}

export function usePagedList<T>(
  api: Api,
  path: string,
  key: string,
  options: { pageSize?: number; refetchInterval?: number } = {},
): PagedList<T> {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [path]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const separator = path.includes('?') ? '&' : '?';
  const page = useQuery({
    // Under the list's own name, so what invalidates ['users'] (an action on a user) refreshes its pages too.
    queryKey: [key, 'page', path, cursor],
    queryFn: () =>
      api.get<Record<string, unknown>>(
        `${path}${separator}limit=${options.pageSize ?? 50}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
  });
  const nextCursor = (page.data?.nextCursor as string | null | undefined) ?? null;
  return {
    items: page.data?.[key] as T[] | undefined,
    error: page.error,
    isLoading: page.isLoading,
    pageNumber: cursors.length,
    hasNext: nextCursor !== null,
    next: () => nextCursor && setCursors([...cursors, nextCursor]),
    previous: () => setCursors(cursors.length > 1 ? cursors.slice(0, -1) : cursors),
    refetch: () => void page.refetch(),
  };
}

export function Pager({ list, label }: { list: PagedList<unknown>; label: string }) {
  if (list.pageNumber === 1 && !list.hasNext) return null;
  return (
    <nav className="actions" aria-label={`${label} pages`}>
      <button type="button" disabled={list.pageNumber === 1} onClick={list.previous}>
        Previous page
      </button>
      <span>Page {list.pageNumber}</span>
      <button type="button" disabled={!list.hasNext} onClick={list.next}>
        Next page
      </button>
    </nav>
  );
}

/** `value` once it has stood still for `ms`: a search asks the server once per pause, not per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
