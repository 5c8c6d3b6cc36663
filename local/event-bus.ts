// The local EventBridge: PutEvents from any SDK client, every envelope kept in arrival order and
// served at GET /local/events (`?detail-type=` filter); rules deliver matching events to local
// targets with retries and a dead-letter list (GET /local/dead-letters).
import { randomUUID } from 'node:crypto';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import type { LocalAwsEndpoint } from './aws-endpoint.ts';
import { matchesPattern } from './event-pattern.ts';

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

/** A rule on the local bus: the pattern object its CDK rule uses, and the target it delivers to. */
export interface LocalRule {
  name: string;
  pattern: EventPattern;
  target: (event: EventEnvelope) => Promise<unknown>;
  /** Attempts before the event is dead-lettered (EventBridge's retry policy, locally shortened). */
  maxAttempts?: number;
  retryDelayMs?: number;
}

export interface DeadLetter {
  rule: string;
  event: EventEnvelope;
  attempts: number;
  error: string;
  at: string;
}

export interface LocalEventBus {
  endpoint: string;
  events(filter?: { detailType?: string }): EventEnvelope[];
  addRule(rule: LocalRule): void;
  deadLetters(): DeadLetter[];
  /** Resolves when every delivery started so far has succeeded or been dead-lettered. */
  deliveries(): Promise<void>;
}

const LOCAL_ACCOUNT = '000000000000';

export function createLocalEventBus(endpoint: LocalAwsEndpoint, region = 'us-east-1'): LocalEventBus {
  const stored: EventEnvelope[] = [];
  const rules: LocalRule[] = [];
  const deadLetters: DeadLetter[] = [];
  const inFlight = new Set<Promise<void>>();

  /** At-least-once delivery with retries, then the dead-letter list — as a rule with a DLQ does. */
  const deliver = (rule: LocalRule, event: EventEnvelope) => {
    const { maxAttempts = 3, retryDelayMs = 100 } = rule;
    const delivery = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await rule.target(event);
          return;
        } catch (error) {
          if (attempt >= maxAttempts) {
            deadLetters.push({
              rule: rule.name,
              event,
              attempts: attempt,
              error: (error as Error).message,
              at: new Date().toISOString(),
            });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
        }
      }
    })();
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

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
    addRule: (rule) => void rules.push(rule),
    deadLetters: () => [...deadLetters],
    deliveries: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };

  endpoint.operation('AWSEvents.PutEvents', (body: { Entries?: PutEventsEntry[] }) => {
    const results = (body.Entries ?? []).map((entry) => {
      const envelope = toEnvelope(entry);
      if ('error' in envelope) return { ErrorCode: 'ValidationException', ErrorMessage: envelope.error };
      stored.push(envelope);
      rules.filter((rule) => matchesPattern(rule.pattern, envelope)).forEach((rule) => deliver(rule, envelope));
      return { EventId: envelope.id };
    });
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  });
  endpoint.get('/local/dead-letters', () => ({ deadLetters }));
  endpoint.get('/local/events', (url) => {
    const detailType = url.searchParams.get('detail-type') ?? undefined;
    return { events: bus.events(detailType ? { detailType } : {}) };
  });
  return bus;
}
