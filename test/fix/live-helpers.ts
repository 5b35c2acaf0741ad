// Helpers for the real-etcd defrag tests (on top of test/harness/etcd-cluster.ts): fragmenting a
// cluster, fingerprinting its keyspace, reading etcd's own defrag log lines.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EtcdCluster } from '../harness/etcd-cluster.js';

/** Keys that must survive: small and medium values under /keep/. */
export async function putKeepers(cluster: EtcdCluster, n = 200): Promise<void> {
  const c = cluster.client();
  try {
    for (let i = 0; i < n; i++) {
      await c.put(`/keep/${String(i).padStart(4, '0')}`).value(randomBytes(i % 10 === 0 ? 50_000 : 1_000 + i));
    }
  } finally {
    c.close();
  }
}

/**
 * Makes every member fragmented: writes `bytes` of big values, deletes them and compacts
 * (physically), so the space is free inside bbolt but the file keeps its size.
 */
export async function fragment(cluster: EtcdCluster, bytes = 150_000_000): Promise<void> {
  const r = await cluster.fill(bytes, { valueSize: 500_000, prefix: '/fill/', concurrency: 8 });
  if (r.noSpace) throw new Error('fragment(): the cluster ran out of space');
  await cluster.deleteAll('/fill/');
  await cluster.compact();
}

/**
 * Compaction without the harness's settling writes (which a NOSPACE cluster refuses): etcdctl
 * compact --physical at the current revision.
 */
export async function compactOnly(cluster: EtcdCluster): Promise<number> {
  const out = await cluster.etcdctl(['endpoint', 'status', '-w', 'json'], { endpoints: [cluster.endpoints[0]] });
  const rev = Number(/"revision":(\d+)/.exec(out)?.[1]);
  await cluster.etcdctl(['compact', String(rev), '--physical'], { endpoints: [cluster.endpoints[0]] });
  return rev;
}

/** sha256 over every key and value, in key order, read through the cluster, with the key count. */
export async function keyspaceChecksum(cluster: EtcdCluster): Promise<{ keys: number; sha256: string }> {
  const c = cluster.client();
  try {
    const all = await c.getAll().buffers();
    const keys = Object.keys(all).sort();
    const h = createHash('sha256');
    for (const k of keys) {
      h.update(k);
      h.update('\0');
      h.update(all[k]);
      h.update('\0');
    }
    return { keys: keys.length, sha256: h.digest('hex') };
  } finally {
    c.close();
  }
}

export interface DefragLogLine {
  member: string;
  ts: number;
  tookMs?: number;
  sizeBefore?: number;
  sizeAfter?: number;
}

function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([\d.]+)(ns|µs|us|ms|s|m)$/.exec(text);
  if (!m) return undefined;
  const f: Record<string, number> = { ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000, m: 60_000 };
  return Number(m[1]) * f[m[2]];
}

/** etcd's own "defragmented" (3.4) / "finished defragmenting directory" (3.5+) lines, per member. */
export function defragLogLines(cluster: EtcdCluster): DefragLogLine[] {
  const out: DefragLogLine[] = [];
  for (const m of cluster.members) {
    let text = '';
    try {
      text = readFileSync(m.logFile, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.includes('defragment')) continue;
      let j: Record<string, unknown>;
      try {
        j = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (j.msg !== 'defragmented' && j.msg !== 'finished defragmenting directory') continue;
      const after = typeof j['current-db-size-bytes'] === 'number' ? (j['current-db-size-bytes'] as number) : undefined;
      const diff = typeof j['current-db-size-bytes-diff'] === 'number' ? (j['current-db-size-bytes-diff'] as number) : undefined;
      out.push({
        member: m.name,
        ts: Date.parse(String(j.ts)),
        tookMs: durationMs(j.took),
        sizeAfter: after,
        sizeBefore: after !== undefined && diff !== undefined ? after - diff : undefined,
      });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** dbSize per member from etcdctl (independent of the code under test). */
export async function dbSizes(cluster: EtcdCluster, names = cluster.members.map((m) => m.name)): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (await cluster.status(n)).Status.dbSize;
  return out;
}

/** raft term per member from etcdctl. */
export async function raftTerms(cluster: EtcdCluster): Promise<number[]> {
  const terms: number[] = [];
  for (const m of cluster.members) terms.push((await cluster.status(m.name)).Status.raftTerm);
  return terms;
}
