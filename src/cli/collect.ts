// `kubesleuth collect [--kubeconfig F] [--context C] [--talosconfig F --nodes A,B] [--timeout D] [--tail N] [--quiet] --out BUNDLE.zip`
// Gathers the live sources into a redacted bundle that `kubesleuth diagnose BUNDLE.zip` reads
// offline (docs/bundle-layout.md). Without any source flag, the Kubernetes API of the current
// kubeconfig context is collected. A source that cannot be reached ends in exit 2 with one line on
// stderr; the bundle is still written when another source was collected.
import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { UserError } from '../intake/errors.js';
import type { LiveSources } from '../collect/bundle/live.js';
import { progressFor } from '../collect/bundle/progress.js';
import { processIo, type Io } from './io.js';
import { parseDuration } from './options.js';

export const COLLECT_OPTIONS = {
  out: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  talosconfig: { type: 'string' },
  nodes: { type: 'string' },
  timeout: { type: 'string' },
  tail: { type: 'string' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const;

/** An Io that may say whether stderr is a terminal (tests set it; the process Io asks the stream). */
export type CollectIo = Io & { stderrIsTTY?: boolean };

function isTTY(io: CollectIo): boolean {
  return io.stderrIsTTY ?? (io === processIo && Boolean(process.stderr.isTTY));
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UserError(`${flag} takes a positive whole number, not ${v}`);
  return Number(v);
}

interface LiveValues {
  kubeconfig?: string;
  context?: string;
  talosconfig?: string;
  nodes?: string;
  timeout?: string;
  tail?: string;
  quiet?: boolean;
}

/**
 * The live sources the flags ask for. `defaultKube`: with no source flag at all, the current
 * kubeconfig context (collect); diagnose asks for the API only when --kubeconfig or --context is given.
 */
export function liveSourcesOf(values: LiveValues, io: CollectIo, defaultKube: boolean): LiveSources | undefined {
  const wantTalos = values.talosconfig !== undefined || values.nodes !== undefined;
  const wantKube = values.kubeconfig !== undefined || values.context !== undefined || (defaultKube && !wantTalos);
  if (!wantKube && !wantTalos) return undefined;
  const timeoutMs = values.timeout !== undefined ? parseDuration(values.timeout, 30_000) : undefined;
  const tailLines = positiveInt(values.tail, '--tail');
  if (wantTalos && !values.nodes) throw new UserError('--talosconfig needs --nodes A,B (the Talos nodes to collect from)');
  return {
    kube: wantKube ? { kubeconfig: values.kubeconfig, context: values.context, timeoutMs, tailLines } : undefined,
    talos: wantTalos ? { talosconfig: values.talosconfig, nodes: (values.nodes ?? '').split(','), timeoutMs } : undefined,
    progress: progressFor({ isTTY: isTTY(io), quiet: values.quiet, write: io.stderr }),
  };
}

export async function runCollect(argv: string[], io: CollectIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: COLLECT_OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length) throw new UserError(`collect takes no PATH (got ${positionals[0]}); it reads live sources: --kubeconfig/--context, --talosconfig/--nodes`);
  const out = values.out;
  if (!out) throw new UserError('collect needs --out BUNDLE.zip');
  const st = await stat(out).catch(() => undefined);
  if (st?.isDirectory()) throw new UserError(`--out ${out} is a folder; give a file name such as ${out.replace(/\/+$/, '')}/bundle.zip`);
  const live = liveSourcesOf(values, io, true)!;
  const { stageLive } = await import('../collect/bundle/live.js');
  const staged = await stageLive(live);
  try {
    const m = staged.writer.manifest;
    if (m.files.length === 0 || staged.errors.length >= staged.requested) throw staged.errors[0]?.error ?? new UserError('nothing was collected');
    await staged.writer.zipTo(out);
    const warnings = m.sources.reduce((n, s) => n + s.warnings.length, 0);
    const redacted = staged.writer.redactor.total();
    if (!values.quiet) {
      io.stdout(
        `wrote ${out}: ${m.files.length} files from ${m.sources.filter((s) => !staged.errors.some((e) => e.kind === s.kind)).map((s) => s.location).join(' and ')}` +
          `${warnings ? `; ${warnings} warning(s), see kubesleuth-manifest.json` : ''}; ${redacted} value(s) redacted\n`,
      );
    }
    if (staged.errors.length) {
      io.stderr(`kubesleuth: ${staged.errors[0].error.message.split('\n')[0]} (${out} holds the other sources)\n`);
      return 2;
    }
    return 0;
  } finally {
    await staged.writer.remove();
  }
}
