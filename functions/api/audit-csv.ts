// The audit log as a spreadsheet (GET …/audit-log?format=csv): one row per entry, names beside
// ids, the details as JSON. RFC 4180 quoting; a cell a spreadsheet would run as a formula (it
// begins with = + - @ or a tab) is prefixed with ' — the log holds names and reasons people typed.
import type { NamedAuditEntry } from '#core/audit/named-audit-log.ts';

const COLUMNS = [
  'at',
  'action',
  'actor_type',
  'actor_id',
  'actor_name',
  'target_user_id',
  'target_name',
  'details',
  'entry_id',
] as const;

const cell = (value: string | null | undefined): string => {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function auditCsv(entries: readonly NamedAuditEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.at,
      e.action,
      e.actor.type,
      e.actor.id,
      e.actor.displayName,
      e.targetUserId,
      e.targetDisplayName,
      JSON.stringify(e.details),
      e.id,
    ]
      .map(cell)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
