// The local EventBridge: PutEvents from any SDK client, every envelope kept in arrival order and
// served at GET /local/events (`?detail-type=` filter).
import { randomUUID } from 'node:crypto';
import type { LocalAwsEndpoint } from './aws-endpoint.ts';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Not part of EventBridge's envelope: the bus the entry was put on. */
  'event-bus-name': string;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  EventBusName?: string;
  Time?: string | number;
}

export interface LocalEventBus {
  endpoint: string;
  events(filter?: { detailType?: string }): EventEnvelope[];
  /** Called for every stored event, in order; returns an unsubscribe function. */
  subscribe(listener: (event: EventEnvelope) => void): () => void;
}

const LOCAL_ACCOUNT = '000000000000';

export function createLocalEventBus(endpoint: LocalAwsEndpoint, region = 'us-east-1'): LocalEventBus {
  const stored: EventEnvelope[] = [];
  const listeners = new Set<(event: EventEnvelope) => void>();

  const toEnvelope = (entry: PutEventsEntry): EventEnvelope | { error: string } => {
    if (!entry.Source || !entry.DetailType || !entry.Detail)
      return { error: 'Source, DetailType and Detail are required' };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { error: 'Detail is not valid JSON' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return { error: 'Detail must be a JSON object' };
    const time =
      entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: entry.Resources ?? [],
      detail: detail as Record<string, unknown>,
      'event-bus-name': entry.EventBusName ?? 'default',
    };
  };

  const bus: LocalEventBus = {
    endpoint: endpoint.url,
    events: (filter = {}) => stored.filter((e) => !filter.detailType || e['detail-type'] === filter.detailType),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  endpoint.operation('AWSEvents.PutEvents', (body: { Entries?: PutEventsEntry[] }) => {
    const results = (body.Entries ?? []).map((entry) => {
      const envelope = toEnvelope(entry);
      if ('error' in envelope) return { ErrorCode: 'ValidationException', ErrorMessage: envelope.error };
      stored.push(envelope);
      listeners.forEach((listener) => listener(envelope));
      return { EventId: envelope.id };
    });
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  });
  endpoint.get('/local/events', (url) => {
    const detailType = url.searchParams.get('detail-type') ?? undefined;
    return { events: bus.events(detailType ? { detailType } : {}) };
  });
  return bus;
}
