// `fix etcd-defrag -o text`: what was planned or done, member by member, and what was proven.
import type { DefragReport, MemberReport } from './model.js';
import { formatBytes, formatMs, formatPercent } from './format.js';

function headline(r: DefragReport): string {
  if (r.aborted && r.abortReason?.startsWith('preflight refused')) return `REFUSED: ${r.abortReason.replace(/^preflight refused: /, '')} (nothing was changed)`;
  if (r.aborted) return `STOPPED: ${r.abortReason ?? 'unknown reason'}`;
  if (r.dryRun) {
    const n = r.members.filter((m) => m.action === 'pending').length;
    return n === 0 ? 'Plan: no member needs defragmentation (dry run, nothing changed)' : `Plan: defragment ${n} member${n === 1 ? '' : 's'} one at a time (dry run, nothing changed; add --yes to act)`;
  }
  const n = r.members.filter((m) => m.action === 'defragmented').length;
  return n === 0 ? 'Done: no member needed defragmentation' : `Done: ${n} member${n === 1 ? '' : 's'} defragmented`;
}

function sizeCell(s: MemberReport['before']): string {
  return s ? `${formatBytes(s.dbSize)} (${formatPercent(s.dbSizeInUse / s.dbSize)} in use)` : '-';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export function renderText(r: DefragReport): string {
  const out: string[] = [headline(r), ''];
  out.push(`backend: ${r.backend}   rule: ${r.rule}   quota: ${formatBytes(r.dbQuota)}`);
  if (r.leaderBefore !== null) out.push(`leader: ${r.leaderBefore}   raft term: ${r.raftTermBefore}`);
  if (r.alarmsBefore.length > 0) out.push(`alarms: ${r.alarmsBefore.map((a) => `${a.alarm} (member ${a.memberId})`).join(', ')}`);
  out.push('');
  const rows = [['#', 'MEMBER', 'ENDPOINT', 'ROLE', 'ACTION', 'BEFORE', 'AFTER', 'TOOK', 'WHY']];
  for (const m of r.members) {
    rows.push([
      m.order === null ? '-' : String(m.order),
      m.name,
      m.endpoint,
      m.wasLeader ? 'leader' : 'follower',
      m.action,
      sizeCell(m.before),
      sizeCell(m.after),
      m.tookMs === null ? '-' : formatMs(m.tookMs),
      m.reason,
    ]);
  }
  out.push(...table(rows), '');
  if (!r.dryRun && !(r.aborted && r.abortReason?.startsWith('preflight refused'))) {
    out.push(`raft term: ${r.raftTermBefore ?? '?'} → ${r.raftTermAfter ?? '?'}${r.leaderMoved ? ' (leadership moved on purpose)' : ''}`);
    out.push(`leader: ${r.leaderBefore ?? '?'} → ${r.leaderAfter ?? '?'}`);
    out.push(
      r.hashKvConsistent === null
        ? 'HashKV: not checked'
        : `HashKV at revision ${r.hashKvRevision}: ${r.hashKvConsistent ? 'identical on every member' : 'MISMATCH between members'}`,
    );
    if (r.alarmsBefore.some((a) => a.alarm === 'NOSPACE')) out.push(`NOSPACE alarm: ${r.nospaceDisarmed ? 'disarmed' : 'still armed'}`);
    const took = r.members.reduce((s, m) => s + (m.tookMs ?? 0), 0);
    if (took > 0) out.push(`members blocked in defrag: ${formatMs(took)} in total, longest ${formatMs(Math.max(...r.members.map((m) => m.tookMs ?? 0)))}`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
