// `offboard generate`: rewrites every generated, committed file (docs/openapi.json, docs/events/*.schema.json).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_FILES } from '../generated-files.ts';

export async function generate(): Promise<number> {
  for (const file of GENERATED_FILES) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content());
    process.stdout.write(`wrote ${path.relative(process.cwd(), file.path)}\n`);
  }
  return 0;
}
