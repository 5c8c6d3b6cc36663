// The digest chain of a removal's evidence: each audit entry's SHA-256 over the previous link and
// the entry's canonical JSON, from a seed naming the removal, and a digest of the whole document.
// An auditor who keeps the file can check later that no entry and nothing else in it was altered,
// dropped, reordered or added (`npx offboard verify-evidence FILE`); the same code builds and checks.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.ts';

export const DIGEST_ALGORITHM = 'SHA-256';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface ChainLink {
  entryId: string;
  hash: string;
}

export interface DigestChain {
  algorithm: typeof DIGEST_ALGORITHM;
  links: ChainLink[];
  head: string;
}

/** The chain over `entries` in their order (oldest first), seeded by the removal's id. */
export function digestChain(removalId: string, entries: readonly { id: string }[]): DigestChain {
  let previous = sha256(`offboard-evidence-v1|${removalId}`);
  const links = entries.map((entry) => {
    previous = sha256(`${previous}|${canonicalJson(entry)}`);
    return { entryId: entry.id, hash: previous };
  });
  return { algorithm: DIGEST_ALGORITHM, links, head: previous };
}

/** The digest of a document without its own `documentDigest` field. */
export function documentDigest(document: Record<string, unknown>): string {
  const { documentDigest: _own, ...rest } = document;
  return sha256(canonicalJson(rest));
}

/** What is wrong with an evidence document's digests: nothing ([]) when it is as it was issued. */
export function verifyDigests(document: {
  removal?: { removalId?: unknown };
  audit?: unknown;
  digest?: { links?: ChainLink[]; head?: string };
  documentDigest?: unknown;
}): string[] {
  const problems: string[] = [];
  const removalId = String(document.removal?.removalId ?? '');
  const entries = Array.isArray(document.audit) ? (document.audit as { id: string }[]) : [];
  const expected = digestChain(removalId, entries);
  const links = document.digest?.links ?? [];
  if (links.length !== expected.links.length)
    problems.push(`the chain has ${links.length} links for ${expected.links.length} audit entries`);
  expected.links.forEach((link, i) => {
    const given = links[i];
    if (!given || given.entryId !== link.entryId || given.hash !== link.hash)
      problems.push(`audit entry ${i + 1} (${link.entryId}) does not match its link in the chain`);
  });
  if (document.digest?.head !== expected.head) problems.push('the chain head does not match the audit entries');
  if (document.documentDigest !== documentDigest(document as Record<string, unknown>))
    problems.push('the document digest does not match the document');
  return problems;
}
