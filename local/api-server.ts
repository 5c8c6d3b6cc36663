// The local API Gateway: turns HTTP requests into HTTP API payload v2 events, runs the same
// Lambda REQUEST authorizer and API handler modules the deployed API runs, and writes their
// responses back. The OpenAPI document (GET /v1/openapi.json) is a public route of the same handler.
import { AWS_GATEWAY_LIMITS, withinGatewayLimits, type GatewayLimits } from './gateway-limits.ts';
import { ValidationFailedError } from '#core/errors.ts';
import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { assertPortFree, LOCALHOST } from './ports.ts';
import { lambdaContext } from './lambda-context.ts';
import { assertFlatAuthorizerContext } from './authorizer-context.ts';
import { serveConsole } from './console.ts';
import type { ConsoleSettings } from '../web/console-settings.ts';

const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  /** Served without the authorizer (the OpenAPI document). */
  isPublic: boolean;
  /** Which Lambda serves it: the dashboard API's, the SCIM API's, the HR webhook's or the platform's call records'. */
  target: 'api' | 'scim' | 'hr' | 'platform';
}

export interface LocalApiServer {
  url: string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** A path segment's text; a segment that is not valid percent-encoded UTF-8 is refused (400), as API Gateway does not pass it on. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationFailedError('The path is not valid percent-encoding', [
      { path: 'path', message: 'not valid percent-encoded UTF-8' },
    ]);
  }
}

/** `console`: serve the admin console (web/dist) at `/` with these settings, beside the API. */
export async function startLocalApiServer(
  port: number,
  options: { console?: ConsoleSettings; limits?: GatewayLimits } = {},
): Promise<LocalApiServer> {
  const limits = options.limits ?? AWS_GATEWAY_LIMITS;
  if (port !== 0) await assertPortFree(port, 'OFFBOARD_API_PORT');
  // Imported after the runtime configured the process: these modules read the config.
  const { ROUTES } = await import('#functions/api/routes/index.ts');
  const { handler: api } = await import('#functions/api/handler.ts');
  const { handler: authorizer } = await import('#functions/api-authorizer/handler.ts');
  const { handler: scim } = await import('#functions/scim/handler.ts');
  const { SCIM_ROUTES } = await import('#functions/scim/scim-routes.ts');
  const { handler: hrWebhook } = await import('#functions/hr/webhook/handler.ts');
  const { HR_WEBHOOK_ROUTE } = await import('#functions/hr/webhook/route.ts');
  const { handler: platformCalls } = await import('#functions/platform/calls/handler.ts');
  const { PLATFORM_CALLS_ROUTE } = await import('#functions/platform/calls/route.ts');
  const { PUBLIC_ROUTES } = await import('#functions/api/public-routes.ts');
  const { problemResult, toProblem } = await import('#functions/api/problems.ts');
  const { NotFoundError } = await import('#core/errors.ts');
  const { config } = await import('#adapters/config.ts');

  const compile = (
    { method, path }: { method: string; path: string },
    isPublic: boolean,
    target: CompiledRoute['target'] = 'api',
  ): CompiledRoute => {
    const names = [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] as string);
    return {
      method,
      path,
      names,
      isPublic,
      target,
      // `{name}` is one segment; `{name+}` (a greedy path variable) the rest of the path.
      pattern: new RegExp(`^${path.replace(/\{\w+\+\}/g, '(.+)').replace(/\{\w+\}/g, '([^/]+)')}$`),
    };
  };
  const routes = [
    ...ROUTES.map((r) => compile(r, false)),
    ...PUBLIC_ROUTES.map((r) => compile(r, true)),
    ...SCIM_ROUTES.map((r) => compile(r, false, 'scim')),
    compile(HR_WEBHOOK_ROUTE, false, 'hr'),
    compile(PLATFORM_CALLS_ROUTE, false, 'platform'),
  ];
  const handlers = { api, scim, hr: hrWebhook, platform: platformCalls };

  const server = createServer(async (req, res) => {
    const write = (result: APIGatewayProxyStructuredResultV2) => {
      // As API Gateway does, headers without a value are dropped (e.g. a removed `Server`).
      const headers = Object.entries(result.headers ?? {}).filter(([, value]) => value !== undefined && value !== null);
      res.writeHead(
        result.statusCode ?? 200,
        Object.fromEntries(headers.map(([name, value]) => [name, String(value)])),
      );
      res.end(result.body ?? '');
    };
    const url = new URL(req.url ?? '/', `http://${LOCALHOST}`);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    try {
      if (options.console && serveConsole(req, res, options.console)) return;
      if (req.method === 'OPTIONS') {
        // CORS preflight, answered by API Gateway's corsPreflight configuration in AWS.
        res.writeHead(204, {
          'access-control-allow-origin': config().DASHBOARD_ORIGIN,
          'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
          'access-control-allow-headers': 'authorization,content-type,idempotency-key,x-correlation-id',
          'access-control-max-age': '600',
        });
        return res.end();
      }
      // As API Gateway chooses: a route with the method before ANY, and a greedy path last.
      const match = routes
        .filter((r) => r.method === req.method || r.method === 'ANY')
        .sort((a, b) => Number(a.path.includes('+}')) - Number(b.path.includes('+}')))
        .map((r) => ({ route: r, values: r.pattern.exec(url.pathname) }))
        .find((m) => m.values);
      if (!match?.values) throw new NotFoundError(`No route ${req.method} ${url.pathname}`);
      const body = await readBody(req);
      if (body === null)
        throw new ValidationFailedError('The request body is too large', [{ path: 'body', message: 'over 1 MB' }]);

      const pathParameters = Object.fromEntries(
        match.route.names.map((name, i) => [name, decodePathSegment(match.values![i + 1]!)]),
      );
      const queryStringParameters = url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined;
      const routeKey = `${match.route.method} ${match.route.path}`;
      const requestId = randomUUID();
      const requestContext = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: {
          method: req.method ?? 'GET',
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      };
      const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${req.method}${url.pathname}`,
        identitySource: [headers.authorization ?? ''],
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: [],
        headers,
        queryStringParameters: queryStringParameters ?? {},
        requestContext,
        pathParameters,
        stageVariables: {},
      };
      // As in AWS, routes without an authorizer reach the handler with no verdict.
      const verdict = match.route.isPublic
        ? undefined
        : await authorizer(authorizerEvent, lambdaContext('offboard-api-authorizer') as never);
      if (verdict) assertFlatAuthorizerContext(verdict.context);
      const serve = handlers[match.route.target] as typeof api;
      const result = await withinGatewayLimits(
        () =>
          serve(
            {
              version: '2.0',
              routeKey,
              rawPath: url.pathname,
              rawQueryString: url.search.slice(1),
              headers,
              ...(queryStringParameters ? { queryStringParameters } : {}),
              pathParameters,
              requestContext: { ...requestContext, ...(verdict ? { authorizer: { lambda: verdict.context } } : {}) },
              ...(body ? { body } : {}),
              isBase64Encoded: false,
            } as never,
            lambdaContext('offboard-api') as never,
          ) as Promise<APIGatewayProxyStructuredResultV2>,
        limits,
        (what) => process.stderr.write(`local API: ${req.method} ${url.pathname}: ${what}\n`),
      );
      write(result);
    } catch (error) {
      const problem = toProblem(error, url.pathname);
      if (problem.status >= 500) process.stderr.write(`local API: ${(error as Error).stack ?? String(error)}\n`);
      write(problemResult(problem));
    }
  });

  await new Promise<void>((resolve) => server.listen(port, LOCALHOST, resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${LOCALHOST}:${boundPort}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
