// The admin console on the local runtime: built from web/ when its sources changed (so a fresh
// clone's `npm start` builds it, with no extra command), and served at `/` on the API's port — the
// same origin as the API, as CloudFront serves it in AWS — with the runtime settings the stack
// writes at deploy (/config.json) and the same security headers.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleSecurityHeaders } from '../web/security-headers.ts';
import { cacheControlOf, CONSOLE_DIST } from '../web/console-files.ts';
import type { ConsoleSettings } from '../web/console-settings.ts';

const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
const SOURCE_HASH_FILE = join(CONSOLE_DIST, '.source-hash');

/** Every file the build reads from web/ (sources, page, build config), and the shared types it imports. */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return [path];
  });

const sourceHash = (): string => {
  const hash = createHash('sha256');
  // web/ and what it imports from the domain (the R1–R3 rule, the model's types).
  const inputs = [...sourceFiles(WEB_ROOT), ...sourceFiles(fileURLToPath(new URL('../core/', import.meta.url)))];
  for (const file of inputs.sort()) hash.update(relative(WEB_ROOT, file)).update(readFileSync(file));
  return hash.digest('hex');
};

/**
 * Builds the console unless web/dist already holds a build of these sources. Returns whether it built.
 * Vite is loaded only here: nothing else of the local runtime needs it.
 */
export async function buildConsole(log: (line: string) => void = () => undefined): Promise<boolean> {
  const hash = sourceHash();
  if (existsSync(SOURCE_HASH_FILE) && readFileSync(SOURCE_HASH_FILE, 'utf8') === hash) return false;
  log('building the admin console (web/) …');
  const { build } = await import('vite');
  // A production build whatever NODE_ENV this process has: Vite and its React plugin take it from
  // there, and vitest's "test" would ship React's development build (1.7× the size).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(SOURCE_HASH_FILE, hash);
  return true;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The shared security headers (web/security-headers.ts) as HTTP headers. */
function securityHeaders(identityProviderOrigin?: string): Record<string, string> {
  const headers = consoleSecurityHeaders(identityProviderOrigin);
  return {
    'content-security-policy': headers.contentSecurityPolicy,
    'x-content-type-options': headers.contentTypeOptions,
    'x-frame-options': headers.frameOptions,
    'referrer-policy': headers.referrerPolicy,
  };
}

/** Serves the console's files and settings; false for anything else (the API's routes). */
export function serveConsole(req: IncomingMessage, res: ServerResponse, settings: ConsoleSettings): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = new URL(req.url ?? '/', 'http://console').pathname;
  if (path.startsWith('/v1/')) return false;
  const idpOrigin = settings.hostedUi ? new URL(settings.hostedUi.authorizeUrl).origin : undefined;
  const headers = securityHeaders(idpOrigin);
  if (path === '/config.json') {
    res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(settings));
    return true;
  }
  let file: string;
  try {
    file = resolve(CONSOLE_DIST, normalize(`.${path === '/' ? '/index.html' : decodeURIComponent(path)}`));
  } catch {
    return false; // not valid percent-encoding: the API's 404
  }
  if (!file.startsWith(CONSOLE_DIST + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cacheControlOf(path),
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  return true;
}
