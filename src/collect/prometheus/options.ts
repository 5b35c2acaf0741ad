// The Prometheus connection from diagnose's flags: --prometheus URL, --prometheus-header K=V
// (repeatable), --since DURATION (default 6h), --timeout (per request, default 10s).
import { UserError } from '../../intake/errors.js';
import { parseGoDuration } from '../../util/duration.js';
import { parseHeaders, parseSince, type PrometheusConnection } from './index.js';

export interface PrometheusFlags {
  prometheus?: string;
  'prometheus-header'?: string[];
  since?: string;
  timeout?: string;
}

export function prometheusConnection(flags: PrometheusFlags): PrometheusConnection | undefined {
  if (flags.prometheus === undefined) {
    if (flags['prometheus-header']?.length) throw new UserError('--prometheus-header needs --prometheus URL');
    if (flags.since !== undefined) throw new UserError('--since needs --prometheus URL (it sets how far back metrics are read)');
    return undefined;
  }
  if (!flags.prometheus.trim()) throw new UserError('--prometheus needs a URL, e.g. http://prometheus.monitoring:9090');
  let timeoutMs = 10_000;
  if (flags.timeout !== undefined) {
    const t = /^\d+(\.\d+)?$/.test(flags.timeout) ? Number(flags.timeout) * 1000 : parseGoDuration(flags.timeout);
    if (t === undefined || !(t > 0)) throw new UserError(`not a duration: ${flags.timeout} (use e.g. 5s or 500ms)`);
    timeoutMs = t;
  }
  return { url: flags.prometheus.trim(), headers: parseHeaders(flags['prometheus-header']), sinceMs: parseSince(flags.since), timeoutMs };
}
