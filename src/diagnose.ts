// The library entry for a diagnosis: collect evidence from paths (and live sources), analyse it.
import { analyse, type AnalyseOptions } from './analyse.js';
import { collectOffline } from './intake/collect.js';
import { loadRules } from './rules/registry.js';
import type { EvidenceSet, Report } from './types.js';

export interface DiagnoseOptions extends AnalyseOptions {
  paths: string[];
  /** Live etcd members to ask (see src/collect/etcd). */
  etcd?: import('./collect/etcd/index.js').EtcdConnection;
  /** A Prometheus to ask for etcd and node metrics (see src/collect/prometheus). */
  prometheus?: import('./collect/prometheus/index.js').PrometheusConnection;
  /** The Kubernetes API and Talos (talosctl), read through a redacted staging bundle (see src/collect/bundle/live.ts). */
  live?: import('./collect/bundle/live.js').LiveSources;
}

export async function collectEvidence(opts: DiagnoseOptions): Promise<EvidenceSet> {
  if (opts.live) return (await import('./collect/bundle/live.js')).collectWithLiveSources(opts, collectEvidence);
  const live = [...(opts.etcd ? [liveEtcd(opts.etcd)] : []), ...(opts.prometheus ? [livePrometheus(opts.prometheus, !opts.paths.length && !opts.etcd)] : [])];
  const ev = await collectOffline(opts.paths, { now: opts.now, live });
  if (ev.sources.some((s) => s.kind === 'kubesleuth-bundle')) await (await import('./collect/bundle/live.js')).noteBundleFailures(ev);
  return ev;
}

/** `required`: Prometheus is the only source, so not being able to ask it is an error rather than a warning. */
function livePrometheus(conn: NonNullable<DiagnoseOptions['prometheus']>, required: boolean) {
  return async () => {
    const { collectPrometheus } = await import('./collect/prometheus/index.js');
    return collectPrometheus({ ...conn, required: conn.required ?? required });
  };
}

function liveEtcd(conn: NonNullable<DiagnoseOptions['etcd']>) {
  return async () => {
    const { collectEtcd } = await import('./collect/etcd/index.js');
    return collectEtcd(conn);
  };
}

export async function diagnose(opts: DiagnoseOptions): Promise<Report> {
  // The rule modules load while the evidence is read.
  const rules = loadRules();
  rules.catch(() => undefined); // awaited below; not unhandled if reading fails first
  const evidence = await collectEvidence(opts);
  return analyse(evidence, await rules, opts);
}
