// The local EventBridge: PutEvents from any SDK client, every envelope kept in arrival order and
// served at GET /local/events (`?detail-type=` filter); rules deliver matching events to local
// Lambda functions the way Lambda runs them for EventBridge — asynchronously: a function error is
// retried twice (the function's async invoke configuration), then the invocation goes to its
// on-failure destination (GET /local/failed-invocations). Delivery itself never fails locally, so
// a rule's own DLQ has nothing to emulate.
import { randomUUID } from 'node:crypto';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import type { AsyncInvokeSettings } from '#functions/shared/async-invoke.ts';
import { AwsServiceError, type LocalAwsEndpoint } from './aws-endpoint.ts';
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

/** EventBridge's limit on a PutEvents request's entries, together. */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

/** An entry's size as EventBridge counts it: Time (14 bytes), Source, DetailType, Detail, Resources. */
const entrySize = (entry: PutEventsEntry) =>
  (entry.Time === undefined ? 0 : 14) +
  [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])].reduce(
    (total, text) => total + Buffer.byteLength(text ?? '', 'utf8'),
    0,
  );

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  EventBusName?: string;
  Time?: string | number;
}

/** A rule on the local bus: the pattern object its CDK rule uses, and the function it targets. */
export interface LocalRule {
  name: string;
  pattern: EventPattern;
  target: LocalFunction;
}

/** A Lambda function as EventBridge invokes it: the handler and its async invoke configuration. */
export interface LocalFunction {
  name: string;
  handler: (event: EventEnvelope) => Promise<unknown>;
  /** The same settings CDK deploys for the function. */
  asyncInvoke: AsyncInvokeSettings;
  /** Delay before retry n is n × this (Lambda waits about a minute, then two; shortened locally). */
  retryDelayMs?: number;
}

/** What Lambda sends to a function's on-failure destination. */
export interface FailedInvocation {
  function: string;
  rule: string;
  event: EventEnvelope;
  attempts: number;
  condition: 'RetriesExhausted' | 'EventAgeExceeded';
  error: string;
  at: string;
}

export interface LocalEventBus {
  endpoint: string;
  events(filter?: { detailType?: string }): EventEnvelope[];
  addRule(rule: LocalRule): void;
  /** The on-failure destinations' contents, across functions. */
  failedInvocations(): FailedInvocation[];
  /** Resolves when every delivery started so far has succeeded or been dead-lettered. */
  deliveries(): Promise<void>;
}

const LOCAL_ACCOUNT = '000000000000';

/**
 * The bus's resource policy as the stack deploys it (infra/constructs/bus-senders.ts): for each
 * guarded source, the principals — here, access key ids — that may put events with it. As in AWS, a
 * PutEvents with an entry whose source denies its caller fails as a whole with AccessDeniedException.
 */
export type BusPolicy = Record<string, readonly string[]>;

export function createLocalEventBus(
  endpoint: LocalAwsEndpoint,
  region = 'us-east-1',
  policy: BusPolicy = {},
): LocalEventBus {
  const stored: EventEnvelope[] = [];
  const rules: LocalRule[] = [];
  const failedInvocations: FailedInvocation[] = [];
  const inFlight = new Set<Promise<void>>();

  /** An asynchronous invocation: the first attempt, Lambda's retries, then the on-failure destination. */
  const deliver = (rule: LocalRule, event: EventEnvelope) => {
    const { handler, asyncInvoke, retryDelayMs = 100, name } = rule.target;
    const receivedAt = Date.now();
    const delivery = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(event);
          return;
        } catch (error) {
          const tooOld = Date.now() - receivedAt + retryDelayMs * attempt > asyncInvoke.maxEventAgeSeconds * 1000;
          if (attempt > asyncInvoke.retryAttempts || tooOld) {
            failedInvocations.push({
              function: name,
              rule: rule.name,
              event,
              attempts: attempt,
              condition: tooOld ? 'EventAgeExceeded' : 'RetriesExhausted',
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
    failedInvocations: () => [...failedInvocations],
    deliveries: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };

  endpoint.operation('AWSEvents.PutEvents', (body: { Entries?: PutEventsEntry[] }, caller) => {
    // EventBridge's 256 KB per request (and so per event a rule hands a Lambda asynchronously,
    // whose own payload limit is 256 KB too): a request over it fails as a whole.
    const size = (body.Entries ?? []).reduce((total, entry) => total + entrySize(entry), 0);
    if (size > MAX_PUT_EVENTS_BYTES)
      throw new AwsServiceError(
        'ValidationException',
        `Total size of the entries in the request is over the limit (${size} > ${MAX_PUT_EVENTS_BYTES} bytes)`,
      );
    const denied = (body.Entries ?? []).find(
      (entry) => entry.Source && policy[entry.Source] && !policy[entry.Source]!.includes(caller.accessKeyId ?? ''),
    );
    if (denied)
      throw new AwsServiceError(
        'AccessDeniedException',
        `${caller.accessKeyId ?? 'anonymous'} is not authorized to perform: events:PutEvents with source ${denied.Source} because of an explicit deny in the bus's resource-based policy`,
      );
    const results = (body.Entries ?? []).map((entry) => {
      const envelope = toEnvelope(entry);
      if ('error' in envelope) return { ErrorCode: 'ValidationException', ErrorMessage: envelope.error };
      stored.push(envelope);
      rules.filter((rule) => matchesPattern(rule.pattern, envelope)).forEach((rule) => deliver(rule, envelope));
      return { EventId: envelope.id };
    });
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  });
  endpoint.get('/local/failed-invocations', () => ({ failedInvocations }));
  endpoint.get('/local/events', (url) => {
    const detailType = url.searchParams.get('detail-type') ?? undefined;
    return { events: bus.events(detailType ? { detailType } : {}) };
  });
  return bus;
}
