// Where the console's build lands (web/dist): what the local API server serves and what the stack
// uploads to the console's bucket.
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIST = fileURLToPath(new URL('./dist', import.meta.url));

/** Where the build puts its content-hashed files (Vite's default). */
export const HASHED_ASSETS_DIR = 'assets';

/**
 * How long a console file may be kept, the same locally and in CloudFront: a hashed asset never
 * changes content (kept a year); index.html and config.json are checked on every load, so a
 * redeploy is seen at once and never leaves a cached page naming assets that are gone.
 */
export const CACHE_CONTROL = {
  hashedAsset: 'public, max-age=31536000, immutable',
  page: 'no-cache',
} as const;

export const cacheControlOf = (path: string) =>
  path.startsWith(`/${HASHED_ASSETS_DIR}/`) ? CACHE_CONTROL.hashedAsset : CACHE_CONTROL.page;
