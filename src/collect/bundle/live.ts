// Live sources through the bundle: `diagnose --kubeconfig/--talosconfig` and `collect` gather into
// the same redacted staging folder, and the offline intake reads it, so live runs, bundles and
// tests share one code path. For a live diagnosis the citations are then turned back into live
// ones ({source: 'kubernetes-api', object: 'Pod/ns/name'}, {source: 'talosctl', query: …}) and the
// staging folder's source record is replaced by the live sources and their warnings.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../intake/errors.js';
import { listInput } from '../../intake/files.js';
import { aliasMap } from '../../intake/resolve.js';
import type { EvidenceRef, EvidenceSet, PodInfo, SourceInfo } from '../../types.js';
import { excerpt } from '../../intake/builder.js';
import type { KubeLiveOptions } from '../kube/index.js';
import type { TalosLiveOptions } from '../talos/index.js';
import { isManifest, MANIFEST_NAME, type BundleManifest, type ManifestFile } from './manifest.js';
import { silentProgress, type Progress } from './progress.js';
import { BundleWriter } from './writer.js';

export interface LiveSources {
  kube?: KubeLiveOptions;
  talos?: TalosLiveOptions;
  progress?: Progress;
  now?: Date;
}

export interface StagedBundle {
  writer: BundleWriter;
  /** Sources that could not be used at all (unreachable, every request refused); the others were collected. */
  errors: Array<{ kind: 'kubernetes-api' | 'talosctl'; error: UserError }>;
  /** How many sources were asked for. */
  requested: number;
}

/** Whether `bin` is an executable file on PATH (or a path to one). */
export async function onPath(bin: string): Promise<boolean> {
  const candidates = bin.includes('/') ? [bin] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, bin));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/**
 * Collects every live source into a new staging folder. Configuration problems (no kubeconfig, no
 * such context, talosctl missing, no nodes) are thrown before anything is collected; a source that
 * cannot be reached is returned in `errors` after the others were collected.
 */
export async function stageLive(live: LiveSources): Promise<StagedBundle> {
  const progress = live.progress ?? silentProgress;
  const kube = live.kube ? await import('../kube/index.js') : undefined;
  const talos = live.talos ? await import('../talos/index.js') : undefined;
  if (live.kube) {
    const { KubeClient } = await import('../kube/client.js');
    KubeClient.load({ kubeconfig: live.kube.kubeconfig, context: live.kube.context, timeoutMs: live.kube.timeoutMs ?? 30_000 });
  }
  if (live.talos) {
    const { TalosctlMissingError, TalosConfigError } = await import('../talos/index.js');
    const bin = live.talos.talosctl ?? 'talosctl';
    if (!(await onPath(bin))) throw new TalosctlMissingError(bin);
    if (!live.talos.nodes.some((n) => n.trim())) throw new TalosConfigError('--nodes A,B is needed to collect from Talos');
  }
  const writer = await BundleWriter.create(live.now);
  const errors: StagedBundle['errors'] = [];
  const attempt = async (kind: 'kubernetes-api' | 'talosctl', run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      errors.push({ kind, error: e });
      const src = writer.manifest.sources.find((s) => s.kind === kind);
      src?.warnings.push(e.message);
      writer.fail({ source: kind, what: 'the whole source', error: e.message });
    }
  };
  try {
    if (kube && live.kube) await attempt('kubernetes-api', () => kube.collectLive(live.kube!, writer, progress));
    if (talos && live.talos) await attempt('talosctl', () => talos.collectLive(live.talos!, writer, progress));
    await writer.finish();
    return { writer, errors, requested: (live.kube ? 1 : 0) + (live.talos ? 1 : 0) };
  } catch (e) {
    await writer.remove();
    throw e;
  }
}

/**
 * Evidence for a diagnosis with live sources: they are staged, read by `collect` (the diagnosis's
 * own offline collection, given the staging folder before the other paths) and cited as live data.
 */
export async function collectWithLiveSources<O extends { paths: string[]; live?: LiveSources }>(
  opts: O,
  collect: (opts: O) => Promise<EvidenceSet>,
): Promise<EvidenceSet> {
  const staged = await stageLive(opts.live ?? {});
  try {
    if (staged.errors.length) throw staged.errors[0].error;
    const ev = await collect({ ...opts, live: undefined, paths: [staged.writer.dir, ...opts.paths] });
    asLiveEvidence(ev, staged.writer.dir, staged.writer.manifest);
    return ev;
  } finally {
    await staged.writer.remove();
  }
}

/** Rewrites citations of files in the staging folder `dir` as live citations, and its source as the live sources. */
export function asLiveEvidence(ev: EvidenceSet, dir: string, manifest: BundleManifest): void {
  const prefix = `${dir}${path.sep}`;
  const files = new Map<string, ManifestFile>(manifest.files.map((f) => [f.path, f]));
  const relOf = (display: string): string | undefined => (display.startsWith(prefix) ? display.slice(prefix.length).split(path.sep).join('/') : undefined);
  const seen = new Set<EvidenceRef>();
  const fix = (ref: EvidenceRef): void => {
    if (seen.has(ref)) return;
    seen.add(ref);
    const rel = relOf(ref.source);
    if (rel === undefined) return;
    const live = liveRef(ref, rel, files.get(rel));
    for (const k of Object.keys(ref) as Array<keyof EvidenceRef>) delete ref[k];
    Object.assign(ref, live);
  };
  for (const list of [ev.nodes, ev.pods, ev.events, ev.etcdMembers, ev.processes, ev.diskIo, ev.nodeMetrics, ev.objects, ev.signals] as Array<Array<{ ref: EvidenceRef }>>) {
    for (const r of list) fix(r.ref);
  }
  // An object cited by name alone says little: say what the API said about it.
  for (const e of ev.events) if (e.ref.object && e.ref.excerpt === e.ref.object) e.ref.excerpt = excerpt(`${e.type ?? ''} ${e.reason}: ${e.message}`);
  for (const p of ev.pods) if (p.ref.object && p.ref.excerpt === p.ref.object) p.ref.excerpt = excerpt(podSummary(p));
  for (const n of ev.nodes) {
    if (n.ref.object && n.ref.excerpt === n.ref.object) n.ref.excerpt = excerpt(`${n.name}: ${n.conditions.map((c) => `${c.type}=${c.status}`).join(', ')}`);
  }
  for (const s of ev.logStats) {
    for (const r of s.errorSamples) fix(r);
    const rel = relOf(s.source);
    if (rel !== undefined) s.source = files.get(rel)?.source ?? 'kubernetes-api';
  }
  const i = ev.sources.findIndex((s) => s.location === dir);
  if (i < 0) return;
  const staging = ev.sources[i];
  const alias = aliasMap(ev);
  const name = (n: string): string => alias.get(n) ?? alias.get(n.toLowerCase()) ?? n;
  const recorded = new Set(manifest.sources.flatMap((s) => s.warnings));
  const readWarnings = staging.warnings.filter((w) => !recorded.has(w)).map((w) => w.split(prefix).join(''));
  const liveSources: SourceInfo[] = manifest.sources.map((s, k) => ({
    kind: s.kind,
    location: s.location,
    nodes: [...new Set(s.nodes.map(name))],
    warnings: [...s.warnings, ...(k === 0 ? readWarnings : [])],
  }));
  ev.sources.splice(i, 1, ...liveSources);
}

function podSummary(p: PodInfo): string {
  const states = p.containers.map((c) => `${c.name} ${c.waitingReason ? `waiting (${c.waitingReason})` : c.running ? 'running' : 'not running'}${c.restartCount ? `, ${c.restartCount} restarts` : ''}`);
  return `${p.namespace}/${p.name} on ${p.node ?? 'no node'}: ${p.phase ?? 'unknown phase'}; ${states.join('; ')}`;
}

function liveRef(ref: EvidenceRef, rel: string, file: ManifestFile | undefined): EvidenceRef {
  const source = file?.source ?? 'kubernetes-api';
  const out: EvidenceRef = { source, excerpt: ref.excerpt };
  if (ref.time) out.time = ref.time;
  const object = file?.object ?? ref.object;
  if (object) out.object = object;
  const cite = file?.cite;
  // Objects of a list are cited by themselves; lines of a log or table by where they are.
  if (ref.object && !file?.object && !cite?.includes('support')) return out;
  if (rel.startsWith('talos/support/')) {
    out.query = `${cite ?? 'talosctl support'}: ${rel.slice('talos/support/'.length)}${ref.line !== undefined ? `:${ref.line}` : ''}`;
  } else {
    out.query = `${cite ?? file?.request ?? rel}${ref.line !== undefined ? `, line ${ref.line}` : ''}`;
  }
  return out;
}

/**
 * Failures a kubesleuth bundle's manifest records become warnings of that bundle's source, so a
 * diagnosis of a bundle says what its collection could not get, as the live run would have.
 */
export async function noteBundleFailures(ev: EvidenceSet): Promise<void> {
  for (const s of ev.sources) {
    if (s.kind !== 'kubesleuth-bundle') continue;
    let manifest: unknown;
    try {
      const input = await listInput(s.location);
      try {
        const f = input.files.find((x) => x.rel === MANIFEST_NAME || x.rel.endsWith(`/${MANIFEST_NAME}`));
        if (!f) continue;
        const chunks: Buffer[] = [];
        for await (const c of (await f.open()) as AsyncIterable<Buffer>) chunks.push(c);
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } finally {
        input.close();
      }
    } catch {
      continue;
    }
    if (!isManifest(manifest)) continue;
    for (const src of manifest.sources) {
      for (const w of src.warnings) if (!s.warnings.includes(w)) s.warnings.push(w);
    }
  }
}
