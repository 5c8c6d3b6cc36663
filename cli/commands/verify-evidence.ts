// `offboard verify-evidence FILE`: checks a removal's evidence (the JSON of GET …/evidence) as an
// auditor kept it — every audit entry against its link in the digest chain, the chain's head, and
// the digest of the whole document. Exit 0 when nothing was altered, 1 (saying what) otherwise.
import { readFile } from 'node:fs/promises';
import { verifyDigests } from '#core/evidence/digest-chain.ts';
import { StartupError } from '#local/startup-error.ts';

export async function verifyEvidence(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) throw new StartupError('usage: offboard verify-evidence FILE (the JSON of GET …/removals/{id}/evidence)');
  let document: Parameters<typeof verifyDigests>[0] & { audit?: unknown[]; removal?: { removalId?: unknown } };
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new StartupError(`${file} is not a JSON evidence file: ${(error as Error).message}`);
  }
  const problems = verifyDigests(document);
  const entries = Array.isArray(document.audit) ? document.audit.length : 0;
  if (problems.length > 0) {
    process.stdout.write(`✗ ${file}: altered\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(
    `✓ ${file}: removal ${String(document.removal?.removalId)} — ${entries} audit entries match the chain (head ${document.digest?.head}); the document digest matches\n`,
  );
  return 0;
}
