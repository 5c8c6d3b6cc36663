// The admin console's production build, measured as browsers download it: every JS and CSS file of
// web/dist, raw and gzipped (the budget: 200 KB of JavaScript gzipped).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '#local/console.ts';
import { CONSOLE_DIST } from '../web/console-files.ts';

export const CONSOLE_JS_BUDGET_GZIP_BYTES = 200 * 1024;

export async function measureConsole() {
  await buildConsole();
  const assets = join(CONSOLE_DIST, 'assets');
  const files = readdirSync(assets)
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => {
      const content = readFileSync(join(assets, name));
      return { name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const jsGzipBytes = files.filter((f) => f.name.endsWith('.js')).reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, jsGzipBytes, budgetGzipBytes: CONSOLE_JS_BUDGET_GZIP_BYTES };
}
