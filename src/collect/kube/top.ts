// `kubectl top nodes` from the metrics API, printed the way kubectl prints it
// (k8s.io/kubectl pkg/metricsutil: usage against the node's allocatable, CPU in millicores,
// memory in Mi, `<unknown>` in every column for a node without metrics), so live metrics become
// the same evidence as a saved `kubectl top nodes`.
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NodeCapacity {
  cpu?: string;
  memory?: string;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity ("250m", "1500000n", "8Gi", "1e3") as a number of base units. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] + 3) : c)).join('').trimEnd()).join('\n') + '\n';
}

export function renderTopNodes(metrics: Obj[], capacity: Map<string, NodeCapacity>): string {
  const rows: string[][] = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']];
  const seen = new Set<string>();
  const sorted = [...metrics].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  for (const m of sorted) {
    const name: string | undefined = m.metadata?.name;
    if (!name || !capacity.has(name)) continue;
    seen.add(name);
    const cap = capacity.get(name)!;
    const cpu = parseQuantity(m.usage?.cpu);
    const mem = parseQuantity(m.usage?.memory);
    const cpuCap = parseQuantity(cap.cpu);
    const memCap = parseQuantity(cap.memory);
    const pct = (v: number | undefined, c: number | undefined): string => (v !== undefined && c ? `${Math.trunc((v / c) * 100)}%` : '<unknown>');
    rows.push([
      name,
      cpu !== undefined ? `${Math.round(cpu * 1000)}m` : '<unknown>',
      pct(cpu, cpuCap),
      mem !== undefined ? `${Math.trunc(mem / 2 ** 20)}Mi` : '<unknown>',
      pct(mem, memCap),
    ]);
  }
  for (const name of [...capacity.keys()].sort()) {
    if (!seen.has(name)) rows.push([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  }
  return tabwrite(rows);
}
