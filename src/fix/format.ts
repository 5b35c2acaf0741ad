// Small formatters for the text output and the reasons in the plan. SI units, as etcdctl and
// talosctl print sizes (go-humanize), so figures can be compared with theirs by eye.

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${n} B`;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function formatPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : 'n/a';
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

/** "12 MB in use of 170 MB (7%), 158 MB reclaimable" */
export function describeSizes(s: { dbSize: number; dbSizeInUse: number }): string {
  const free = Math.max(0, s.dbSize - s.dbSizeInUse);
  return `${formatBytes(s.dbSizeInUse)} in use of ${formatBytes(s.dbSize)} (${formatPercent(s.dbSizeInUse / s.dbSize)}), ${formatBytes(free)} reclaimable`;
}
