// Sizes as tools print them ("467 MB", "6.0 MB", "2.0 GiB", "87M") to bytes, and back.
const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
  k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4,
  ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3, ti: 1024 ** 4,
};

export function parseSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1 : UNITS[unit];
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${n} B`;
}
