// A local Kubernetes API server for tests: HTTPS with a CA and server certificate made by openssl
// (test/harness/tls.ts), client authentication by TLS certificate or bearer token, reached through
// a generated kubeconfig like a real cluster. It serves the shapes the real API server serves:
// typed lists without per-item kind/apiVersion, `metadata.continue` / `remainingItemCount` paging
// with limit/continue (410 Gone for a stale token), `Status` objects for errors, pod logs as
// text/plain with container/previous/tailLines/limitBytes, custom resources and metrics.k8s.io
// under /apis. Every request is recorded with its verb, API group and resource, so tests can hold
// them against deploy/rbac.yaml.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeTestCerts, type TlsFiles } from './tls.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the cluster holds. A resource left undefined is not served (404, like a CRD not installed). */
export interface KubeFixture {
  nodes: Obj[];
  pods: Obj[];
  events: Obj[];
  endpoints?: Obj[];
  endpointSlices?: Obj[];
  leases?: Obj[];
  volumeAttachments?: Obj[];
  csiNodes?: Obj[];
  ciliumNodes?: Obj[];
  nodeMetrics?: Obj[];
  /** Served if anyone asks (nobody should). */
  secrets?: Obj[];
  configMaps?: Obj[];
  /** Container logs by `ns/pod/container`, previous instances by `ns/pod/container#previous`. */
  logs?: Record<string, string>;
}

export interface KubeServerOptions {
  auth?: 'client-cert' | 'token';
  /** The bearer token the kubeconfig carries and the server accepts. */
  token?: string;
  /** Resources answered with 403 Forbidden (`events`, `leases`, `pods/log` …). */
  forbidden?: string[];
  /** Resources answered only after this many ms. */
  delayMs?: Record<string, number>;
  /** The server's own cap on a page (a real API server may return fewer items than asked). */
  maxPageSize?: number;
  /** Continue tokens of lists older than this many pages are expired (410 Gone). */
  expireContinueAfterPages?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** RBAC verb: get, list, watch, create, update, patch, delete. */
  verb: string;
  group: string;
  version: string;
  /** `pods`, or `pods/log` for a subresource. */
  resource: string;
  namespace?: string;
  name?: string;
  status: number;
  authenticated: boolean;
}

export interface KubeApiServer {
  url: string;
  port: number;
  kubeconfig: string;
  context: string;
  certs: TlsFiles;
  requests: RecordedRequest[];
  fixture: KubeFixture;
  close(): Promise<void>;
}

interface ResourceDef {
  group: string;
  version: string;
  resource: string;
  listKind: string;
  namespaced: boolean;
  items: (f: KubeFixture) => Obj[] | undefined;
  /** Custom resources and metrics carry apiVersion/kind per item. */
  itemKind?: string;
}

const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', resource: 'nodes', listKind: 'NodeList', namespaced: false, items: (f) => f.nodes },
  { group: '', version: 'v1', resource: 'pods', listKind: 'PodList', namespaced: true, items: (f) => f.pods },
  { group: '', version: 'v1', resource: 'events', listKind: 'EventList', namespaced: true, items: (f) => f.events },
  { group: '', version: 'v1', resource: 'endpoints', listKind: 'EndpointsList', namespaced: true, items: (f) => f.endpoints ?? [] },
  { group: '', version: 'v1', resource: 'secrets', listKind: 'SecretList', namespaced: true, items: (f) => f.secrets ?? [] },
  { group: '', version: 'v1', resource: 'configmaps', listKind: 'ConfigMapList', namespaced: true, items: (f) => f.configMaps ?? [] },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', listKind: 'EndpointSliceList', namespaced: true, items: (f) => f.endpointSlices ?? [] },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', listKind: 'LeaseList', namespaced: true, items: (f) => f.leases ?? [] },
  { group: 'storage.k8s.io', version: 'v1', resource: 'volumeattachments', listKind: 'VolumeAttachmentList', namespaced: false, items: (f) => f.volumeAttachments ?? [] },
  { group: 'storage.k8s.io', version: 'v1', resource: 'csinodes', listKind: 'CSINodeList', namespaced: false, items: (f) => f.csiNodes ?? [] },
  { group: 'cilium.io', version: 'v2', resource: 'ciliumnodes', listKind: 'CiliumNodeList', namespaced: false, items: (f) => f.ciliumNodes, itemKind: 'CiliumNode' },
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', listKind: 'NodeMetricsList', namespaced: false, items: (f) => f.nodeMetrics, itemKind: 'NodeMetrics' },
];

function status(code: number, reason: string, message: string, details?: Obj): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** The parts of an API path: group, version, namespace, resource, name, subresource. */
export function parseApiPath(p: string): { group: string; version: string; namespace?: string; resource: string; name?: string; subresource?: string } | undefined {
  const parts = p.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (!rest.length) return undefined;
  return { group, version, namespace, resource: rest[0], name: rest[1], subresource: rest[2] };
}

const RBAC_VERB: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function matchesLabels(o: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels: Record<string, string> = o.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels[k] === v;
  });
}

function tail(text: string, lines: number | undefined, bytes: number | undefined): string {
  let t = text;
  if (lines !== undefined) {
    const all = t.endsWith('\n') ? t.slice(0, -1).split('\n') : t.split('\n');
    t = `${all.slice(-lines).join('\n')}\n`;
  }
  if (bytes !== undefined && Buffer.byteLength(t) > bytes) t = Buffer.from(t).subarray(0, bytes).toString('utf8');
  return t;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export async function startKubeApiServer(fixture: KubeFixture, opts: KubeServerOptions = {}): Promise<KubeApiServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-kube-api-'));
  const certs = await makeTestCerts(dir);
  const auth = opts.auth ?? 'client-cert';
  const token = opts.token ?? 'kubesleuth-test-token';
  const requests: RecordedRequest[] = [];
  const resourceVersion = '48213';
  const listId = (def: ResourceDef, selector: string): string => createHash('sha1').update(`${def.group}/${def.resource}/${selector}`).digest('hex').slice(0, 12);

  const send = (res: ServerResponse, code: number, body: Obj | string, type = 'application/json'): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Audit-Id': 'test' });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const q = rec.query;
    const authed =
      auth === 'client-cert' ? (req.socket as TLSSocket).authorized === true : req.headers.authorization === `Bearer ${token}`;
    rec.authenticated = authed;
    if (!authed) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const parsed = parseApiPath(url.pathname);
    if (!parsed) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const resource = parsed.subresource ? `${parsed.resource}/${parsed.subresource}` : parsed.resource;
    Object.assign(rec, { group: parsed.group, version: parsed.version, resource, namespace: parsed.namespace, name: parsed.name });
    rec.verb = req.method === 'GET' ? (parsed.name ? 'get' : q.watch === 'true' ? 'watch' : 'list') : (RBAC_VERB[req.method ?? ''] ?? (req.method ?? '').toLowerCase());
    const delay = opts.delayMs?.[resource];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (opts.forbidden?.includes(resource)) {
      const scope = parsed.namespace ? `in the namespace "${parsed.namespace}"` : 'at the cluster scope';
      return send(res, 403, status(403, 'Forbidden',
        `${resource} is forbidden: User "kubesleuth-test-client" cannot ${rec.verb} resource "${parsed.resource}"${parsed.subresource ? ` with subresource "${parsed.subresource}"` : ''} in API group "${parsed.group}" ${scope}`,
        { kind: parsed.resource }));
    }
    if (req.method !== 'GET') return send(res, 405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    const def = RESOURCES.find((d) => d.group === parsed.group && d.version === parsed.version && d.resource === parsed.resource);
    const all = def?.items(fixture);
    if (!def || !all) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const apiVersion = parsed.group ? `${parsed.group}/${parsed.version}` : parsed.version;
    const inScope = all.filter((o) => !parsed.namespace || o.metadata?.namespace === parsed.namespace);

    if (parsed.name) {
      const obj = inScope.find((o) => o.metadata?.name === parsed.name);
      const kindName = def.listKind.replace(/List$/, '');
      if (!obj) return send(res, 404, status(404, 'NotFound', `${parsed.resource} "${parsed.name}" not found`, { name: parsed.name, kind: parsed.resource }));
      if (parsed.subresource === 'log' && def.resource === 'pods') {
        const containers: Obj[] = obj.spec?.containers ?? [];
        const container = q.container ?? (containers.length === 1 ? containers[0].name : undefined);
        if (!container) {
          return send(res, 400, status(400, 'BadRequest', `a container name must be specified for pod ${parsed.name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`));
        }
        const key = `${parsed.namespace}/${parsed.name}/${container}${q.previous === 'true' ? '#previous' : ''}`;
        const text = fixture.logs?.[key];
        if (text === undefined) {
          return q.previous === 'true'
            ? send(res, 400, status(400, 'BadRequest', `previous terminated container "${container}" in pod "${parsed.name}" not found`))
            : send(res, 200, '', 'text/plain');
        }
        return send(res, 200, tail(text, q.tailLines ? Number(q.tailLines) : undefined, q.limitBytes ? Number(q.limitBytes) : undefined), 'text/plain');
      }
      if (parsed.subresource) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return send(res, 200, { kind: kindName, apiVersion, ...obj });
    }

    const selected = inScope.filter((o) => matchesLabels(o, q.labelSelector));
    const id = listId(def, q.labelSelector ?? '');
    let offset = 0;
    if (q.continue) {
      let tok: { id?: string; offset?: number; page?: number };
      try {
        tok = JSON.parse(Buffer.from(q.continue, 'base64url').toString('utf8')) as typeof tok;
      } catch {
        return send(res, 400, status(400, 'BadRequest', 'continue key is not valid: illegal base64 data'));
      }
      if (tok.id !== id) return send(res, 400, status(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion'));
      if (opts.expireContinueAfterPages !== undefined && (tok.page ?? 0) >= opts.expireContinueAfterPages) {
        return send(res, 410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
      }
      offset = tok.offset ?? 0;
    }
    const asked = q.limit ? Number(q.limit) : Infinity;
    const size = Math.min(asked, opts.maxPageSize ?? Infinity);
    const items = selected.slice(offset, offset + size);
    const next = offset + items.length;
    const page = q.continue ? JSON.parse(Buffer.from(q.continue, 'base64url').toString('utf8')).page + 1 : 1;
    const metadata: Obj = { resourceVersion };
    if (next < selected.length) {
      metadata.continue = Buffer.from(JSON.stringify({ id, offset: next, page })).toString('base64url');
      metadata.remainingItemCount = selected.length - next;
    }
    const withKind = def.itemKind ? items.map((o) => ({ apiVersion, kind: def.itemKind, ...o })) : items;
    return send(res, 200, { kind: def.listKind, apiVersion, metadata, items: withKind });
  };

  const server: Server = createServer(
    { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.ca), requestCert: auth === 'client-cert', rejectUnauthorized: false },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), verb: '', group: '', version: '', resource: '', status: 0, authenticated: false,
      };
      requests.push(rec);
      res.on('finish', () => void (rec.status = res.statusCode));
      handle(req, res, rec).catch((e: Error) => {
        if (!res.headersSent) send(res, 500, status(500, 'InternalError', e.message));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  const context = 'kubesleuth-test';
  const b64 = (f: string): string => readFileSync(f).toString('base64');
  const user =
    auth === 'client-cert'
      ? [`    client-certificate-data: ${b64(certs.clientCert)}`, `    client-key-data: ${b64(certs.clientKey)}`]
      : [`    token: ${yamlString(token)}`];
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test-cluster',
      '  cluster:',
      `    server: ${url}`,
      `    certificate-authority-data: ${b64(certs.ca)}`,
      'users:',
      '- name: test-user',
      '  user:',
      ...user,
      'contexts:',
      `- name: ${context}`,
      '  context:',
      '    cluster: test-cluster',
      '    user: test-user',
      '- name: other',
      '  context:',
      '    cluster: test-cluster',
      '    user: test-user',
      'current-context: other',
      '',
    ].join('\n'),
  );
  return {
    url,
    port,
    kubeconfig,
    context,
    certs,
    requests,
    fixture,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
