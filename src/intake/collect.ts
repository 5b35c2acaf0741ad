// Every offline input path into one EvidenceSet.
import path from 'node:path';
import type { EtcdMemberStatus, EvidenceSet, MetricSeries, SourceInfo, SourceKind } from '../types.js';
import { EvidenceBuilder } from './builder.js';
import { listInput, type InputFiles } from './files.js';
import { ingestFile } from './ingest.js';
import { layoutHints } from './layout.js';
import { resolveEvidence, type Deferred } from './resolve.js';
import { warmUp } from './parallel.js';
import { UserError } from './errors.js';

export function sourceKindOf(input: InputFiles): SourceKind {
  if (input.kind === 'file') return 'file';
  const rels = input.files.map((f) => f.rel);
  if (rels.some((r) => /(^|\/)manifest\.json$/.test(r)) && rels.some((r) => r.startsWith('kubesleuth') || r.includes('/kubesleuth'))) return 'kubesleuth-bundle';
  if (rels.some((r) => /(^|\/)kubesleuth-manifest\.json$/.test(r))) return 'kubesleuth-bundle';
  if (rels.some((r) => /(^|\/)(kubernetesResources\/|[^/]+\/service-logs\/)/.test(r))) return 'talos-support-bundle';
  if (rels.includes('nodes.json') && rels.some((r) => /^[^/]+\/(pods|events)\.json$/.test(r))) return 'kubectl-cluster-info-dump';
  return input.kind === 'zip' ? 'file' : 'folder';
}

/**
 * A live source: asked once, returns etcd member status and/or metric series and its source record;
 * `resolve` runs once every source is read (e.g. to attribute metrics to nodes named elsewhere).
 */
export type LiveCollector = () => Promise<{
  members?: EtcdMemberStatus[];
  metrics?: MetricSeries[];
  source: SourceInfo;
  resolve?: (ev: EvidenceSet) => void;
}>;

export interface CollectOptions {
  now?: Date;
  live?: LiveCollector[];
}

export async function collectPaths(paths: string[], b: EvidenceBuilder, deferred: Deferred[]): Promise<void> {
  for (const p of paths) {
    const input = await listInput(p);
    const source: SourceInfo = b.addSource({ kind: sourceKindOf(input), location: p, nodes: [], warnings: [...input.warnings] });
    const rootName = input.kind === 'folder' ? path.basename(path.resolve(p)) : '';
    warmUp(input.files.filter((f) => f.path !== undefined).map((f) => f.size));
    try {
      for (const f of input.files) {
        const hints = layoutHints(f.rel, rootName);
        if (hints.node) source.nodes.push(hints.node);
        try {
          await ingestFile(f, { source, hints, defer: (record, candidates) => deferred.push({ record, candidates }) }, b);
        } catch (e) {
          if (e instanceof UserError) source.warnings.push(e.message);
          else source.warnings.push(`${f.display}: could not be read (${(e as Error).message.split('\n')[0]})`);
        }
      }
    } finally {
      input.close();
    }
    source.nodes = [...new Set(source.nodes)];
  }
}

export async function collectOffline(paths: string[], opts: CollectOptions = {}): Promise<EvidenceSet> {
  const b = new EvidenceBuilder();
  const deferred: Deferred[] = [];
  const resolvers: Array<(ev: EvidenceSet) => void> = [];
  const liveNodes = new Set<string>();
  for (const live of opts.live ?? []) {
    const r = await live();
    b.addSource(r.source);
    for (const n of r.source.nodes) liveNodes.add(n);
    b.evidence.etcdMembers.push(...(r.members ?? []));
    if (r.metrics) (b.evidence.metrics ??= []).push(...r.metrics);
    if (r.resolve) resolvers.push(r.resolve);
  }
  await collectPaths(paths, b, deferred);
  const ev = b.finish();
  // Records placed only by a folder name may also sit on a node a live source names (e.g. a Prometheus `node` label).
  resolveEvidence(ev, deferred, opts.now ?? new Date(), liveNodes);
  for (const resolve of resolvers) resolve(ev);
  return ev;
}
