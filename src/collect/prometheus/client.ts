// A small Prometheus HTTP API client (GET /api/v1/query and /api/v1/query_range) on Node's fetch.
// Works with anything that speaks that API (Prometheus, Thanos, VictoriaMetrics, Mimir). Every call
// is bounded by the timeout and nothing is retried. Failures are sorted into what a person can act
// on: nothing answers, credentials refused, not a Prometheus API, or one query rejected.

export type PromFailureKind = 'unreachable' | 'timeout' | 'auth' | 'not-prometheus' | 'bad-query';

/** A failed call, with one line saying why. `fatal` failures make further queries pointless. */
export class PromCallError extends Error {
  constructor(
    readonly kind: PromFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PromCallError';
  }

  get fatal(): boolean {
    return this.kind !== 'bad-query';
  }
}

export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, "value"] pairs (a vector result gives one). */
  values: Array<[number, string]>;
}

export interface PromClientOptions {
  /** Base URL of the server or of its API prefix (`http://prom:9090`, `https://thanos/prefix`); user:password@ becomes Basic auth. */
  url: string;
  /** Extra request headers (e.g. Authorization, X-Scope-OrgID). */
  headers?: Record<string, string>;
  timeoutMs: number;
}

export class PromClient {
  readonly base: string;
  /** The URL without credentials, for messages. */
  readonly display: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: PromClientOptions) {
    let u: URL;
    try {
      u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(opts.url) ? opts.url : `http://${opts.url}`);
    } catch {
      throw new PromCallError('unreachable', `not a URL: ${opts.url}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PromCallError('unreachable', `not an http(s) URL: ${opts.url}`);
    this.headers = { Accept: 'application/json' };
    if (u.username || u.password) {
      const user = decodeURIComponent(u.username);
      const pass = decodeURIComponent(u.password);
      this.headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      u.username = '';
      u.password = '';
    }
    Object.assign(this.headers, opts.headers ?? {});
    u.search = '';
    u.hash = '';
    // A URL given with the API path (…/api/v1 or …/api/v1/query) still means the server.
    u.pathname = u.pathname.replace(/\/api\/v1(\/.*)?$/, '').replace(/\/+$/, '');
    this.base = u.toString().replace(/\/+$/, '');
    this.display = this.base;
  }

  /** Instant query at `time` (unix seconds). */
  query(promql: string, time: number): Promise<PromSeries[]> {
    return this.call('/api/v1/query', { query: promql, time: String(time) });
  }

  /** Range query over [start, end] (unix seconds) every `step` seconds. */
  queryRange(promql: string, start: number, end: number, step: number): Promise<PromSeries[]> {
    return this.call('/api/v1/query_range', { query: promql, start: String(start), end: String(end), step: String(step) });
  }

  private async call(path: string, params: Record<string, string>): Promise<PromSeries[]> {
    const url = `${this.base}${path}?${new URLSearchParams(params).toString()}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: this.headers, signal: AbortSignal.timeout(this.opts.timeoutMs), redirect: 'follow' });
    } catch (err) {
      throw describeFetchError(err, this.display, this.opts.timeoutMs);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw describeFetchError(err, this.display, this.opts.timeoutMs);
    }
    if (res.status === 401 || res.status === 403) {
      throw new PromCallError(
        'auth',
        `Prometheus at ${this.display} refused the request: HTTP ${res.status} ${res.statusText || (res.status === 401 ? 'Unauthorized' : 'Forbidden')}` +
          (this.headers.Authorization ? ' (the credentials given were not accepted)' : '; give credentials with --prometheus-header Authorization=… or user:password@ in the URL'),
      );
    }
    let body: { status?: string; data?: { resultType?: string; result?: unknown }; errorType?: string; error?: string } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || (body.status !== 'success' && body.status !== 'error')) {
      throw new PromCallError(
        'not-prometheus',
        `${this.display} does not answer as a Prometheus API: ${path} gave HTTP ${res.status}${res.headers.get('content-type') ? ` (${res.headers.get('content-type')?.split(';')[0]})` : ''}, not a Prometheus JSON answer`,
      );
    }
    if (body.status === 'error') {
      throw new PromCallError('bad-query', `${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${res.status}`}`);
    }
    return toSeries(body.data?.resultType, body.data?.result);
  }
}

function toSeries(type: string | undefined, result: unknown): PromSeries[] {
  if (!Array.isArray(result)) return [];
  if (type === 'matrix') {
    return (result as Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }>).map((r) => ({
      metric: r.metric ?? {},
      values: r.values ?? [],
    }));
  }
  if (type === 'vector') {
    return (result as Array<{ metric?: Record<string, string>; value?: [number, string] }>).map((r) => ({
      metric: r.metric ?? {},
      values: r.value ? [r.value] : [],
    }));
  }
  return [];
}

/** One line for a fetch that did not get an answer. */
function describeFetchError(err: unknown, where: string, timeoutMs: number): PromCallError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new PromCallError('timeout', `Prometheus at ${where} did not answer within ${timeoutMs}ms`, { cause: err });
  }
  const code = e?.cause?.code;
  const why =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ECONNRESET' ? 'connection reset'
    : code && /CERT|SSL|TLS/i.test(code) ? `TLS: ${e.cause?.message ?? code}`
    : e?.cause?.message ?? e?.message ?? String(err);
  return new PromCallError('unreachable', `Prometheus at ${where} is unreachable: ${why}`, { cause: err });
}
