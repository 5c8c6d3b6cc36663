// A removal's evidence as a printable page (GET …/removals/{id}/evidence with Accept: text/html):
// the same document as the JSON, for a person, with the digests to quote. Every value is escaped.
import type { RemovalEvidence } from '#core/evidence/removal-evidence.ts';

const escape = (value: unknown): string =>
  String(value ?? '—').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const who = (n: { userId: string | null; displayName: string | null } | null) =>
  n ? (n.userId ? `${escape(n.displayName)} (${escape(n.userId)})` : 'the account’s number pool') : '—';

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.length
      ? rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
      : `<tr><td colspan="${head.length}">None</td></tr>`
  }</tbody></table>`;

export function evidenceHtml(e: RemovalEvidence): string {
  const r = e.removal;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Removal evidence ${escape(r.removalId)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}@media print{body{margin:0}}</style>
</head><body>
<h1>Removal of ${escape(e.user.displayName)} (${escape(e.user.userId)})</h1>
<p>Account ${escape(e.accountId)} · removal <code>${escape(r.removalId)}</code> · status <strong>${escape(r.status)}</strong> · generated ${escape(e.generatedAt)}</p>
<h2>Request</h2>
${table(
  ['Requested and confirmed by', 'At', 'Effective', 'Reason'],
  [
    [
      `${escape(r.requestedBy.type)} ${escape(r.requestedBy.displayName ?? r.requestedBy.id)} (${escape(r.requestedBy.id)})`,
      escape(r.requestedAt),
      escape(r.effectiveAt),
      escape(r.reason),
    ],
  ],
)}
<h2>Access ended</h2>
<p>At ${escape(e.accessEnded.at)}.</p><ul>${e.accessEnded.how.map((h) => `<li>${escape(h)}</li>`).join('')}</ul>
<h2>Handed over</h2>
${table(
  ['Resource', 'Name', 'From', 'To', 'Batch'],
  e.handedOver.map((h) => [
    `${escape(h.resourceType)} ${escape(h.resourceId)}`,
    escape(h.name),
    who(h.from),
    who(h.to),
    `<code>${escape(h.batch)}</code>`,
  ]),
)}
<h2>Rotations left</h2>
${table(
  ['Rotation', 'Name', 'Replaced by', 'Batch'],
  e.rotationsLeft.map((m) => [
    `${escape(m.resourceType)} ${escape(m.resourceId)}`,
    escape(m.name),
    who(m.replacedBy),
    `<code>${escape(m.batch)}</code>`,
  ]),
)}
<h2>Seat and billing</h2>
<p>${e.seat ? `Seat released: ${e.seat.released ? 'yes' : 'no'}; billing changes on ${escape(e.seat.billingEffectiveOn)}.` : '—'}</p>
<h2>Events published</h2>
${table(
  ['Event', 'At'],
  e.events.map((ev) => [escape(ev.detailType), escape(ev.at)]),
)}
<h2>Audit entries</h2>
${table(
  ['At', 'Action', 'Actor', 'Entry', 'Chain link (SHA-256)'],
  e.audit.map((a, i) => [
    escape(a.at),
    escape(a.action),
    `${escape(a.actor.type)} ${escape(a.actor.id)}`,
    `<code>${escape(a.id)}</code>`,
    `<code>${escape(e.digest.links[i]?.hash)}</code>`,
  ]),
)}
<p>Chain head <code>${escape(e.digest.head)}</code><br>Document digest <code>${escape(e.documentDigest)}</code><br>
Keep the JSON of this evidence (<code>Accept: application/json</code>) and check it later with <code>npx offboard verify-evidence FILE</code>.</p>
</body></html>
`;
}
