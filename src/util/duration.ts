// Go duration strings ("3.000607371s", "144.5ms", "1m2.5s", "850µs") to milliseconds.
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/g;

export function parseGoDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const s = text.trim();
  if (!/^\d/.test(s)) return undefined;
  let total = 0;
  let matched = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(s); m; m = PART.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched += m[0].length;
  }
  return matched === s.length ? total : undefined;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 2)}s`;
  if (ms >= 1) return `${Math.round(ms)}ms`;
  return `${(ms * 1000).toFixed(0)}µs`;
}
