// `offboard openapi [FILE]`: writes the OpenAPI 3.1 document generated from the route table
// (default docs/openapi.json); a test fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { OPENAPI_PATH, openApiDocument } from '#functions/api/openapi-document.ts';

export async function openapi(args: string[]): Promise<number> {
  const file = args[0] ?? OPENAPI_PATH;
  await writeFile(file, openApiDocument());
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}
