// `kubesleuth diagnose [PATH ...] [live flags] [-o text|markdown|json|html] [--out FILE] [--session FILE] [--symptom TEXT]`
import { parseArgs } from 'node:util';
import { UserError } from '../intake/errors.js';
import { DEFAULT_THRESHOLDS } from '../model/thresholds.js';
import type { Report, Thresholds } from '../types.js';
import { writeFileAtomic, type Io } from './io.js';
import { parseDuration } from './options.js';

export const DIAGNOSE_OPTIONS = {
  output: { type: 'string', short: 'o', default: 'text' },
  out: { type: 'string' },
  session: { type: 'string' },
  symptom: { type: 'string' },
  threshold: { type: 'string', multiple: true },
  'etcd-endpoints': { type: 'string' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  timeout: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  talosconfig: { type: 'string' },
  nodes: { type: 'string' },
  prometheus: { type: 'string' },
  'prometheus-header': { type: 'string', multiple: true },
  since: { type: 'string' },
  tail: { type: 'string' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const;

const FORMATS = ['text', 'markdown', 'json', 'html'] as const;

export function parseThresholds(items: string[] | undefined): Partial<Thresholds> {
  const out: Partial<Thresholds> = {};
  for (const item of items ?? []) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(item);
    if (!m || !(m[1] in DEFAULT_THRESHOLDS)) {
      throw new UserError(`--threshold takes NAME=VALUE with NAME one of ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`);
    }
    const v = Number(m[2]);
    if (!Number.isFinite(v) || v < 0) throw new UserError(`--threshold ${m[1]}: not a non-negative number: ${m[2]}`);
    (out as Record<string, number>)[m[1]] = v;
  }
  return out;
}

export async function render(report: Report, format: string, trigger?: string): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../report/json.js')).renderJson(report);
    case 'markdown':
      // Loaded when asked for: it brings the session modules along.
      return (await import('../report/markdown.js')).renderMarkdown(report, trigger);
    case 'html': {
      const { renderHtml } = await import('../report/html/index.js');
      return renderHtml(report);
    }
    default:
      return (await import('../report/text.js')).renderText(report);
  }
}

/** Which sources and analysis options the parsed flags ask for (shared by diagnose and session verify). */
export async function diagnoseOptionsFrom(
  values: ParsedValues,
  positionals: string[],
  io: Io,
): Promise<import('../diagnose.js').DiagnoseOptions & { hasSource: boolean }> {
  const live = (await import('./collect.js')).liveSourcesOf(values, io, false);
  const endpoints = values['etcd-endpoints'];
  // The Prometheus client is loaded only when one of its flags is given (prometheusConnection checks them).
  const wantsPrometheus = values.prometheus !== undefined || values['prometheus-header'] !== undefined || values.since !== undefined;
  const prometheus = wantsPrometheus ? (await import('../collect/prometheus/options.js')).prometheusConnection(values) : undefined;
  return {
    paths: positionals,
    etcd: endpoints
      ? { endpoints: endpoints.split(','), cacert: values.cacert, cert: values.cert, key: values.key, timeoutMs: parseDuration(values.timeout, 5000) }
      : undefined,
    prometheus,
    live,
    symptom: values.symptom,
    thresholds: parseThresholds(values.threshold),
    hasSource: positionals.length > 0 || !!endpoints || !!prometheus || !!live,
  };
}

export type ParsedValues = ReturnType<typeof parseDiagnoseArgs>['values'];

export function parseDiagnoseArgs(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: DIAGNOSE_OPTIONS, allowPositionals: true, strict: true });
}

export async function runDiagnose(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseDiagnoseArgs(argv);
  const format = values.output as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`-o must be one of ${FORMATS.join(', ')}`);
  const { hasSource, ...options } = await diagnoseOptionsFrom(values, positionals, io);
  if (!hasSource) {
    throw new UserError('nothing to diagnose: give a PATH (bundle, folder, file), --kubeconfig/--context, --talosconfig/--nodes, --etcd-endpoints or --prometheus');
  }
  const { diagnose } = await import('../diagnose.js');
  const report = await diagnose(options);
  const text = await render(report, format, values.symptom);
  if (values.out) await writeFileAtomic(values.out, text);
  else io.stdout(text);
  if (values.session !== undefined) {
    const { updateSessionFile } = await import('./session-file.js');
    const file = await updateSessionFile(values.session, report, { paths: positionals, argv, symptom: values.symptom });
    io.stderr(`session written: ${file}\n`);
  }
  return exitCodeOf(report);
}

export function exitCodeOf(report: Report): number {
  return report.rootCauses.length > 0 || report.findings.some((f) => f.severity === 'critical') ? 1 : 0;
}
