// The Kubernetes API through the official client (@kubernetes/client-node): it loads the
// kubeconfig (certificates, tokens, exec plugins), builds the requests and sends them. Each call
// is bounded by the timeout and keeps the body exactly as the API server sent it, so bundles hold
// the server's own JSON (the typed models drop fields they do not know). Nothing is retried: a
// request that fails is a fact to report.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  Observable,
  ResponseContext,
  StorageV1Api,
  createConfiguration,
  ServerConfiguration,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';

export interface KubeConnection {
  /** A kubeconfig file; default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  kubeconfig?: string;
  /** A context of that kubeconfig; default: its current context. */
  context?: string;
  /** Per request: connect, answer and body. */
  timeoutMs: number;
}

export type CallFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'gone' | 'timeout' | 'unreachable' | 'tls' | 'server' | 'other';

export class KubeCallError extends Error {
  constructor(
    readonly failure: CallFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeCallError';
  }

  /** Failures that say the API server itself cannot be used, not just this one request. */
  get fatal(): boolean {
    return this.failure === 'unauthorized' || this.failure === 'unreachable' || this.failure === 'tls';
  }
}

type Apis = {
  core: CoreV1Api;
  discovery: DiscoveryV1Api;
  coordination: CoordinationV1Api;
  storage: StorageV1Api;
  custom: CustomObjectsApi;
};

export class KubeClient {
  readonly apis: Apis;

  private constructor(
    readonly config: KubeConfig,
    readonly contextName: string,
    readonly server: string,
    private readonly timeoutMs: number,
  ) {
    const configuration = createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: config } });
    this.apis = {
      core: new CoreV1Api(configuration),
      discovery: new DiscoveryV1Api(configuration),
      coordination: new CoordinationV1Api(configuration),
      storage: new StorageV1Api(configuration),
      custom: new CustomObjectsApi(configuration),
    };
  }

  static load(conn: KubeConnection): KubeClient {
    const kc = new KubeConfig();
    const file = conn.kubeconfig;
    try {
      if (file) {
        if (!existsSync(file)) throw new KubeConfigError(`cannot read --kubeconfig ${file}: no such file`);
        kc.loadFromFile(file);
      } else {
        kc.loadFromDefault();
      }
    } catch (e) {
      if (e instanceof KubeConfigError) throw e;
      const where = file ?? (process.env.KUBECONFIG || path.join(homedir(), '.kube', 'config'));
      throw new KubeConfigError(`cannot load kubeconfig ${where}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    if (!file && kc.getCurrentContext() === 'loaded-context' && kc.getCurrentCluster()?.server === 'http://localhost:8080') {
      throw new KubeConfigError('no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config');
    }
    if (conn.context) {
      if (!kc.getContextObject(conn.context)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new KubeConfigError(`kubeconfig has no context "${conn.context}"${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
      }
      kc.setCurrentContext(conn.context);
    }
    const context = kc.getCurrentContext();
    if (!context) throw new KubeConfigError('kubeconfig has no current context: pass --context NAME');
    const cluster = kc.getCurrentCluster();
    if (!cluster?.server) throw new KubeConfigError(`kubeconfig context "${context}" names no cluster with a server`);
    return new KubeClient(kc, context, cluster.server.replace(/\/+$/, ''), conn.timeoutMs > 0 ? conn.timeoutMs : 30_000);
  }

  /**
   * Runs one client call and returns the body as the server sent it. `call` receives the per-call
   * options (timeout, body capture) to pass to the client method.
   */
  async raw(request: string, call: (options: ConfigurationOptions) => Promise<unknown>): Promise<string> {
    const held: { text?: string; status?: number } = {};
    const signal = AbortSignal.timeout(this.timeoutMs);
    const capture: ObservableMiddleware = {
      pre: (ctx: RequestContext) => {
        ctx.setSignal(signal);
        return new Observable(Promise.resolve(ctx));
      },
      post: (rsp: ResponseContext) =>
        new Observable(
          (async () => {
            const text = await rsp.body.text();
            held.text = text;
            held.status = rsp.httpStatusCode;
            return new ResponseContext(rsp.httpStatusCode, rsp.headers, { text: async () => text, binary: async () => Buffer.from(text) });
          })(),
        ),
    };
    try {
      await call({ middleware: [capture], middlewareMergeStrategy: 'append' });
    } catch (e) {
      throw describeFailure(e, held, request, this.timeoutMs);
    }
    return held.text ?? '';
  }
}

function statusMessage(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const s = JSON.parse(text) as { kind?: string; message?: string };
    return s.kind === 'Status' && s.message ? s.message : undefined;
  } catch {
    return text.split('\n')[0].slice(0, 200) || undefined;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 410: 'Gone',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|EPROTO|ERR_SSL|HOSTNAME_MISMATCH/;

export function describeFailure(e: unknown, held: { text?: string; status?: number }, request: string, timeoutMs: number): KubeCallError {
  if (e instanceof KubeCallError) return e;
  if (e instanceof ApiException || (held.status !== undefined && held.status >= 400)) {
    const code = e instanceof ApiException ? e.code : (held.status as number);
    const msg = statusMessage(held.text) ?? statusMessage(typeof (e as ApiException<unknown>).body === 'string' ? ((e as ApiException<string>).body) : undefined);
    const text = `${code} ${STATUS_TEXT[code] ?? 'error'}${msg ? `: ${msg}` : ''}`;
    const failure: CallFailure =
      code === 401 ? 'unauthorized' : code === 403 ? 'forbidden' : code === 404 ? 'not-found' : code === 410 ? 'gone' : code === 504 ? 'timeout' : code >= 500 ? 'server' : 'other';
    return new KubeCallError(failure, text, code);
  }
  const err = e as { name?: string; type?: string; code?: string; errno?: string; message?: string; cause?: { code?: string; message?: string } };
  const message = (err.message ?? String(e)).split('\n')[0];
  if (err.name === 'AbortError' || err.type === 'aborted' || /aborted|TimeoutError/i.test(err.name ?? '')) {
    return new KubeCallError('timeout', `no answer within ${timeoutMs}ms`);
  }
  const code = err.code ?? err.errno ?? err.cause?.code ?? '';
  if (TLS_CODES.test(code) || /certificate|self.signed|TLS|SSL/i.test(message)) {
    return new KubeCallError('tls', `TLS: ${message.replace(/^request to \S+ failed, reason: /, '')} (check the kubeconfig's certificate-authority)`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EPIPE/.test(code) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up/.test(message)) {
    return new KubeCallError('unreachable', message.replace(/^request to \S+ failed, reason: /, ''));
  }
  // Credential plugins (exec, oidc) fail before any request is sent.
  if (/exec|credential|token|auth/i.test(message)) return new KubeCallError('unauthorized', `credentials: ${message}`);
  return new KubeCallError('other', `${request}: ${message}`);
}
