// Every Lambda handler logs with its invocation's context and is traced (issue: Powertools Tracer on
// the handlers and the SDK clients). A handler module that forgets the shared middleware fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const handlerFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? handlerFiles(join(dir, entry.name))
      : entry.name === 'handler.ts'
        ? [join(dir, entry.name)]
        : [],
  );

describe('observability of every Lambda', () => {
  const files = handlerFiles('functions');

  it('finds the handlers (the API, the authorizer, the tasks, HR, billing, integrations)', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s wears the shared logger and tracer middleware', (file) => {
    const source = readFileSync(file, 'utf8');
    expect(/\.use\(observability\(\)\)|taskHandler\(/.test(source)).toBe(true);
  });

  it('the task handlers wear it through taskHandler, and the SDK clients are traced', () => {
    expect(readFileSync('functions/shared/task-middleware.ts', 'utf8')).toContain('.use(observability())');
    expect(readFileSync('adapters/clients.ts', 'utf8')).toContain('tracer.captureAWSv3Client(');
  });
});
