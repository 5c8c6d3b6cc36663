// One local HTTP endpoint speaking the AWS JSON protocols (X-Amz-Target dispatch) for the
// services the local runtime emulates — EventBridge, Step Functions and EventBridge Scheduler (REST
// JSON) — so the real SDK clients
// work against it unchanged, plus a few GET routes for people (e.g. /local/events).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { assertPortFree, LOCALHOST } from './ports.ts';

/** Who signed a request: the access key id of its SigV4 `Authorization` header (checked by nothing else). */
export interface Caller {
  accessKeyId: string | undefined;
}

// Request bodies are each protocol operation's own JSON: every handler reads the fields it serves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON protocol edge
type Operation = (body: any, caller: Caller) => unknown | Promise<unknown>;

const callerOf = (req: IncomingMessage): Caller => ({
  accessKeyId: /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1],
});
type GetRoute = (url: URL) => unknown | Promise<unknown>;
/** A REST-JSON operation (e.g. EventBridge Scheduler): method and path pattern. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the REST-JSON protocol edge
type RestOperation = (match: RegExpExecArray, body: any, url: URL) => unknown | Promise<unknown>;

const REST_ERROR_STATUS: Record<string, number> = {
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ValidationException: 400,
};

/** An error in the shape AWS JSON protocols use, so the SDK raises the named exception. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalAwsEndpoint {
  url: string;
  operation(target: string, handler: Operation): void;
  get(path: string, handler: GetRoute): void;
  rest(method: string, path: RegExp, handler: RestOperation): void;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, body: unknown, contentType: string) => {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
};

export async function startLocalAwsEndpoint(port: number): Promise<LocalAwsEndpoint> {
  if (port !== 0) await assertPortFree(port, 'OFFBOARD_EVENTS_PORT');
  const operations = new Map<string, Operation>();
  const getRoutes = new Map<string, GetRoute>();
  const restRoutes: { method: string; path: RegExp; handler: RestOperation }[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${LOCALHOST}`);
    const target = req.headers['x-amz-target'];
    const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.1');
    try {
      const rest = restRoutes.find((r) => r.method === req.method && r.path.test(url.pathname));
      if (rest) {
        const text = await readBody(req);
        try {
          return send(
            res,
            200,
            (await rest.handler(rest.path.exec(url.pathname)!, text ? JSON.parse(text) : {}, url)) ?? {},
            'application/json',
          );
        } catch (error) {
          const type = error instanceof AwsServiceError ? error.type : 'InternalServerException';
          res.writeHead(REST_ERROR_STATUS[type] ?? 500, {
            'content-type': 'application/json',
            'x-amzn-errortype': type,
          });
          return res.end(JSON.stringify({ Message: (error as Error).message }));
        }
      }
      if (req.method === 'GET' && getRoutes.has(url.pathname)) {
        return send(res, 200, await getRoutes.get(url.pathname)!(url), 'application/json');
      }
      if (req.method === 'POST' && typeof target === 'string') {
        const operation = operations.get(target);
        if (!operation) throw new AwsServiceError('UnknownOperationException', `${target} is not emulated locally`);
        const body = JSON.parse((await readBody(req)) || '{}');
        return send(res, 200, (await operation(body, callerOf(req))) ?? {}, contentType);
      }
      send(res, 404, { message: `Not found. GET routes: ${[...getRoutes.keys()].join(', ')}` }, 'application/json');
    } catch (error) {
      const type =
        error instanceof AwsServiceError
          ? error.type
          : error instanceof SyntaxError
            ? 'SerializationException'
            : 'InternalFailure';
      send(
        res,
        type === 'InternalFailure' ? 500 : 400,
        { __type: type, message: (error as Error).message },
        contentType,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(port, LOCALHOST, resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://${LOCALHOST}:${boundPort}`,
    operation: (target, handler) => operations.set(target, handler),
    get: (path, handler) => getRoutes.set(path, handler),
    rest: (method, path, handler) => void restRoutes.push({ method, path, handler }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
