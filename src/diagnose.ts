// The library entry for a diagnosis: collect evidence from paths (and live sources), analyse it.
import { analyse, type AnalyseOptions } from './analyse.js';
import { collectOffline } from './intake/collect.js';
import { loadRules } from './rules/registry.js';
import type { EvidenceSet, Report } from './types.js';

export interface DiagnoseOptions extends AnalyseOptions {
  paths: string[];
  /** Live etcd members to ask (see src/collect/etcd). */
  etcd?: import('./collect/etcd/index.js').EtcdConnection;
}

export async function collectEvidence(opts: DiagnoseOptions): Promise<EvidenceSet> {
  const ev = await collectOffline(opts.paths, { now: opts.now, live: opts.etcd ? [liveEtcd(opts.etcd)] : [] });
  return ev;
}

function liveEtcd(conn: NonNullable<DiagnoseOptions['etcd']>) {
  return async () => {
    const { collectEtcd } = await import('./collect/etcd/index.js');
    return collectEtcd(conn);
  };
}

export async function diagnose(opts: DiagnoseOptions): Promise<Report> {
  const evidence = await collectEvidence(opts);
  return analyse(evidence, await loadRules(), opts);
}
