// The local EventBridge endpoint: speaks the EventBridge JSON protocol (PutEvents) for any SDK
// client pointed at it, keeps every envelope in arrival order and serves them at GET /local/events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { assertPortFree, LOCALHOST } from './ports.ts';

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
  stop(): Promise<void>;
}

const LOCAL_ACCOUNT = '000000000000';

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
};

export async function startLocalEventBus(port: number, region = 'us-east-1'): Promise<LocalEventBus> {
  if (port !== 0) await assertPortFree(port, 'OFFBOARD_EVENTS_PORT');
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

  const putEvents = (body: { Entries?: PutEventsEntry[] }) => {
    const results = (body.Entries ?? []).map((entry) => {
      const envelope = toEnvelope(entry);
      if ('error' in envelope) return { ErrorCode: 'ValidationException', ErrorMessage: envelope.error };
      stored.push(envelope);
      listeners.forEach((listener) => listener(envelope));
      return { EventId: envelope.id };
    });
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${LOCALHOST}`);
      if (req.method === 'GET' && url.pathname === '/local/events') {
        const detailType = url.searchParams.get('detail-type') ?? undefined;
        return send(res, 200, { events: bus.events(detailType ? { detailType } : {}) });
      }
      const target = req.headers['x-amz-target'];
      if (req.method === 'POST' && target === 'AWSEvents.PutEvents') {
        const body = JSON.parse((await readBody(req)) || '{}') as { Entries?: PutEventsEntry[] };
        return send(res, 200, putEvents(body), 'application/x-amz-json-1.1');
      }
      if (req.method === 'POST' && typeof target === 'string') {
        return send(
          res,
          400,
          { __type: 'UnknownOperationException', message: `${target} is not emulated locally` },
          'application/x-amz-json-1.1',
        );
      }
      send(res, 404, { message: 'Not found: use PutEvents or GET /local/events' });
    } catch (error) {
      send(
        res,
        400,
        { __type: 'SerializationException', message: (error as Error).message },
        'application/x-amz-json-1.1',
      );
    }
  });

  await new Promise<void>((resolve) => server.listen(port, LOCALHOST, resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  const bus: LocalEventBus = {
    endpoint: `http://${LOCALHOST}:${boundPort}`,
    events: (filter = {}) => stored.filter((e) => !filter.detailType || e['detail-type'] === filter.detailType),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return bus;
}
