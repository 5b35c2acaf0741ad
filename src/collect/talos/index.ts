// Live Talos collector, through talosctl on PATH: `etcd status` (member sizes, leader, raft),
// `processes`, and the support bundle (`talosctl support --no-encryption`: service logs, kernel
// log, kube-system container logs, resources, nodes and system pods), written into a bundle in the
// layout the offline intake reads (docs/bundle-layout.md). The support zip talosctl writes lands in
// a private temp folder, is copied entry by entry through redaction, and is removed.
//
// A node that does not answer while others do becomes a warning; when no node answers anything,
// TalosUnreachableError; when talosctl is missing, TalosctlMissingError.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listInput } from '../../intake/files.js';
import type { ManifestSource } from '../bundle/manifest.js';
import { silentProgress, type Progress } from '../bundle/progress.js';
import type { BundleWriter } from '../bundle/writer.js';
import { TalosConfigError, TalosUnreachableError } from './errors.js';
import { commandLine, lastLine, nodeErrors, runTalosctl, supportErrors, type TalosctlOptions } from './run.js';

export { TalosConfigError, TalosctlMissingError, TalosUnreachableError } from './errors.js';

export interface TalosLiveOptions extends TalosctlOptions {
  nodes: string[];
  /** Per command (etcd status, processes). */
  timeoutMs?: number;
  /** For `talosctl support`, which reads every log of every node. */
  supportTimeoutMs?: number;
}

export const DEFAULT_TALOS = { timeoutMs: 30_000, supportTimeoutMs: 10 * 60_000 };

export interface TalosCollectResult {
  source: ManifestSource;
}

/** Rows of a talosctl table whose first column is the node. */
function nodesInTable(stdout: string, nodes: string[]): Set<string> {
  const seen = new Set<string>();
  for (const line of stdout.split(/\r?\n/).slice(1)) {
    const first = line.trim().split(/\s+/)[0];
    if (first && nodes.includes(first)) seen.add(first);
  }
  return seen;
}

export async function collectLive(opts: TalosLiveOptions, bundle: BundleWriter, progress: Progress = silentProgress): Promise<TalosCollectResult> {
  const nodes = [...new Set(opts.nodes.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean))];
  if (nodes.length === 0) throw new TalosConfigError('--nodes A,B is needed to collect from Talos');
  if (opts.talosconfig && !existsSync(opts.talosconfig)) throw new TalosConfigError(`cannot read --talosconfig ${opts.talosconfig}: no such file`);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TALOS.timeoutMs;
  const supportTimeoutMs = opts.supportTimeoutMs ?? DEFAULT_TALOS.supportTimeoutMs;
  const source: ManifestSource = {
    kind: 'talosctl',
    location: `talosctl --nodes ${nodes.join(',')}`,
    ...(opts.talosconfig ? { talosconfig: opts.talosconfig } : {}),
    nodes: [],
    startedAt: new Date().toISOString(),
    warnings: [],
  };
  bundle.manifest.sources.push(source);
  const answered = new Set<string>();
  /** Why a node did not answer, per node (the first reason seen). */
  const silent = new Map<string, string>();
  // Warnings per node wait until the end: a node that answered nothing gets one line, not one per command.
  const pending: Array<{ node?: string; line: string }> = [];
  const warn = (what: string, request: string, error: string, node?: string): void => {
    pending.push({ node, line: `talosctl ${what}${node ? ` on ${node}` : ''}: ${error}` });
    bundle.fail({ source: 'talosctl', what, request, node, error });
  };

  // etcd status and processes: one table over every node, `error from node X` lines for the others.
  for (const [args, file, what] of [
    [['etcd', 'status'], 'talos/etcd-status.txt', 'etcd status'],
    [['processes'], 'talos/talosctl-processes.txt', 'processes'],
  ] as const) {
    const request = commandLine(opts, nodes, [...args]);
    progress.update(`talosctl ${what}…`);
    const r = await runTalosctl(opts, nodes, [...args], timeoutMs);
    const rows = nodesInTable(r.stdout, nodes);
    const errors = nodeErrors(r.stderr, nodes);
    if (rows.size > 0) {
      await bundle.writeText(file, r.stdout, { source: 'talosctl', what: `talosctl ${what}`, request, items: rows.size, cite: `talosctl ${what}` });
      for (const n of rows) answered.add(n);
    }
    const general = r.timedOut ? `no answer within ${timeoutMs}ms` : lastLine(r.stderr) || `exit code ${r.code}`;
    for (const n of nodes) {
      if (rows.has(n)) continue;
      const reason = errors.get(n) ?? (r.code !== 0 || r.timedOut ? general : 'no output for this node');
      if (!silent.has(n)) silent.set(n, reason);
      warn(what, request, reason, n);
    }
    progress.done(`talosctl ${what}: ${rows.size}/${nodes.length} node(s)`);
  }

  // The support bundle reads every log of every node (minutes): only from nodes that answered at all.
  const reachable = nodes.filter((n) => answered.has(n));
  if (reachable.length) await collectSupport(opts, reachable, bundle, progress, supportTimeoutMs, answered, silent, warn);

  for (const p of pending) if (!p.node || answered.has(p.node)) source.warnings.push(p.line);
  for (const n of nodes) {
    if (!answered.has(n)) source.warnings.push(`talosctl: node ${n} did not answer (${silent.get(n) ?? 'no output'}); the other nodes were collected`);
  }
  if (answered.size === 0) {
    const reasons = nodes.map((n) => `${n} (${silent.get(n) ?? 'no output'})`).join(', ');
    throw new TalosUnreachableError(`no Talos node answered: ${reasons}`);
  }
  source.nodes = nodes.filter((n) => answered.has(n));
  source.finishedAt = new Date().toISOString();
  return { source };
}

async function collectSupport(
  opts: TalosLiveOptions, nodes: string[], bundle: BundleWriter, progress: Progress, timeoutMs: number,
  answered: Set<string>, silent: Map<string, string>, warn: (what: string, request: string, error: string, node?: string) => void,
): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'kubesleuth-talos-support-'));
  try {
    await chmod(tmp, 0o700);
    const zip = path.join(tmp, 'support.zip');
    progress.update('talosctl support… (reads every log of every node; may take minutes)');
    let args = ['support', '--no-encryption', '-O', zip];
    let r = await runTalosctl(opts, nodes, args, timeoutMs, tmp);
    if (r.code !== 0 && /unknown flag:? --no-encryption/.test(r.stderr)) {
      // talosctl before v1.14 has no encryption and no such flag.
      args = ['support', '-O', zip];
      r = await runTalosctl(opts, nodes, args, timeoutMs, tmp);
    }
    const request = commandLine(opts, nodes, args.map((a) => (a === zip ? 'support.zip' : a)));
    const perSource = supportErrors(r.stderr);
    for (const e of perSource) warn('support', request, e.error, nodes.includes(e.source) ? e.source : undefined);
    if (!existsSync(zip)) {
      const reason = r.timedOut ? `no answer within ${timeoutMs}ms` : lastLine(r.stderr) || `exit code ${r.code}`;
      warn('support', request, `no support bundle written: ${reason}`);
      progress.done(`talosctl support: failed (${reason})`);
      return;
    }
    if (r.timedOut) warn('support', request, `killed after ${timeoutMs}ms; the bundle may be incomplete`);
    const input = await listInput(zip);
    let copied = 0;
    const withData = new Set<string>();
    try {
      for (const f of input.files) {
        const node = nodes.find((n) => f.rel.startsWith(`${n}/`));
        const rel = `talos/support/${f.rel}`;
        try {
          await bundle.copyFile(rel, f.size, () => f.open(), { source: 'talosctl', what: `talosctl support: ${f.rel}`, request, ...(node ? { node } : {}), cite: 'talosctl support' });
          copied++;
          if (node) withData.add(node);
        } catch (e) {
          bundle.manifest.skipped ??= [];
          bundle.manifest.skipped.push({ source: 'talosctl', what: `talosctl support: ${f.rel}`, reason: (e as Error).message.split('\n')[0] });
        }
        if (copied % 20 === 0) progress.update(`talosctl support: ${copied} files…`);
      }
    } finally {
      input.close();
    }
    for (const w of input.warnings) warn('support', request, w.replace(zip, 'support.zip'));
    for (const n of withData) answered.add(n);
    for (const n of nodes) {
      if (!withData.has(n) && !silent.has(n)) silent.set(n, perSource.find((e) => e.source === n)?.error ?? 'nothing in the support bundle');
    }
    progress.done(`talosctl support: ${copied} files from ${withData.size}/${nodes.length} node(s)`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
