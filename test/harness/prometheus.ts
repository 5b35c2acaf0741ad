// A real Prometheus for tests (Debian package `prometheus`) on a free loopback port, with a
// temporary config and TSDB, scraping given targets every second (e.g. the members of an etcd
// test cluster on their client URL /metrics). Cleanup as in etcd-cluster.ts: stop() kills it and
// removes its folder, an 'exit' hook does the same, and the next start reaps what a killed test
// process left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EtcdCluster } from './etcd-cluster.js';
import { alive, reapOrphanRoots } from './process.js';

export const PROMETHEUS_BIN = process.env.KUBESLEUTH_PROMETHEUS ?? '/usr/bin/prometheus';
const ROOT_PREFIX = 'kubesleuth-prometheus-';

export interface ScrapeTarget {
  /** host:port (scheme and path as given by the job). */
  address: string;
  /** Target labels, e.g. { node: 'm1' } as kube-prometheus relabelling adds them. */
  labels?: Record<string, string>;
}

export interface ScrapeJob {
  name: string;
  targets: ScrapeTarget[];
  /** Default /metrics. */
  metricsPath?: string;
}

export interface PrometheusOptions {
  jobs: ScrapeJob[];
  /** Seconds; default 1. */
  scrapeIntervalSeconds?: number;
  /** Require HTTP basic auth: the user and the bcrypt hash of the password (Prometheus --web.config.file). */
  basicAuth?: { user: string; bcryptHash: string };
  /** How long to wait for /-/ready. Default 30 s. */
  readyTimeoutMs?: number;
}

const live = new Set<PrometheusServer>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.killSync();
  });
}


/** Kills Prometheus servers left by a test process that died without cleaning up. */
export function reapOrphanPrometheus(): void {
  reapOrphanRoots(ROOT_PREFIX);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as import('node:net').AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Scrape targets for the members of an etcd test cluster (host:port of each client URL), labelled as asked. */
export function etcdTargets(cluster: EtcdCluster, labels?: (member: string) => Record<string, string> | undefined): ScrapeTarget[] {
  return cluster.members.map((m) => ({ address: m.clientUrl.replace(/^https?:\/\//, ''), labels: labels?.(m.name) }));
}

export class PrometheusServer {
  private stopped = false;
  private exited: Promise<void>;

  private constructor(
    readonly root: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
  }

  /** http://127.0.0.1:PORT */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  static async start(opts: PrometheusOptions): Promise<PrometheusServer> {
    installHooks();
    reapOrphanPrometheus();
    const root = mkdtempSync(join(tmpdir(), ROOT_PREFIX));
    const port = await freePort();
    const interval = `${opts.scrapeIntervalSeconds ?? 1}s`;
    const config = [
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      'scrape_configs:',
      ...opts.jobs.flatMap((j) => [
        `  - job_name: ${JSON.stringify(j.name)}`,
        `    scrape_interval: ${interval}`,
        `    scrape_timeout: ${interval}`,
        `    metrics_path: ${JSON.stringify(j.metricsPath ?? '/metrics')}`,
        '    static_configs:',
        ...j.targets.flatMap((t) => [
          `      - targets: [${JSON.stringify(t.address)}]`,
          ...(t.labels && Object.keys(t.labels).length
            ? ['        labels:', ...Object.entries(t.labels).map(([k, v]) => `          ${k}: ${JSON.stringify(v)}`)]
            : []),
        ]),
      ]),
    ].join('\n');
    writeFileSync(join(root, 'prometheus.yml'), `${config}\n`);
    const args = [
      `--config.file=${join(root, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(root, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
      '--log.level=warn',
    ];
    if (opts.basicAuth) {
      writeFileSync(join(root, 'web.yml'), `basic_auth_users:\n  ${JSON.stringify(opts.basicAuth.user)}: ${JSON.stringify(opts.basicAuth.bcryptHash)}\n`);
      args.push(`--web.config.file=${join(root, 'web.yml')}`);
    }
    mkdirSync(join(root, 'data'), { recursive: true });
    const fd = openSync(join(root, 'prometheus.log'), 'a');
    let child: ChildProcess;
    try {
      child = spawn(PROMETHEUS_BIN, args, { stdio: ['ignore', fd, fd], cwd: root });
    } finally {
      closeSync(fd);
    }
    child.unref();
    const server = new PrometheusServer(root, port, child);
    writeFileSync(join(root, 'owner.json'), JSON.stringify({ ownerPid: process.pid, pid: child.pid ?? 0 }));
    live.add(server);
    try {
      await server.waitReady(opts.readyTimeoutMs ?? 30_000, opts.basicAuth);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  private async waitReady(timeoutMs: number, auth?: { user: string }): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`prometheus exited (${this.child.exitCode}):\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(2000) });
        // With basic auth every path answers 401 once the server is up.
        if (res.ok || (auth && res.status === 401)) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(100);
    }
    throw new Error(`prometheus not ready after ${timeoutMs}ms (${last}):\n${this.logTail()}`);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(join(this.root, 'prometheus.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Instant query result (vector) through the HTTP API, for test conditions. */
  async query(promql: string, headers: Record<string, string> = {}): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const res = await fetch(`${this.url}/api/v1/query?${new URLSearchParams({ query: promql })}`, { headers, signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { status: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }; error?: string };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error}`);
    return body.data?.result ?? [];
  }

  /** Waits until `promql` returns at least `n` series, each passing `test` (default: any value). */
  async waitFor(
    promql: string,
    o: { n?: number; timeoutMs?: number; test?: (value: number, metric: Record<string, string>) => boolean; headers?: Record<string, string> } = {},
  ): Promise<Array<{ metric: Record<string, string>; value: number }>> {
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    let got: Array<{ metric: Record<string, string>; value: number }> = [];
    for (;;) {
      try {
        got = (await this.query(promql, o.headers)).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
        const ok = got.filter((r) => (o.test ? o.test(r.value, r.metric) : true));
        if (ok.length >= (o.n ?? 1)) return got;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) {
        throw new Error(`prometheus: ${promql} did not reach ${o.n ?? 1} series in ${o.timeoutMs ?? 30_000}ms; last: ${JSON.stringify(got)}`);
      }
      await sleep(250);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.child.ref();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(t);
    }
    live.delete(this);
    this.removeRoot();
  }

  killSync(): void {
    if (this.pid && alive(this.pid)) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    this.stopped = true;
    this.removeRoot();
  }

  private removeRoot(): void {
    if (process.env.KUBESLEUTH_KEEP_PROMETHEUS === '1') return;
    if (existsSync(this.root)) rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Starts a Prometheus and waits until it is ready. Always `await prom.stop()` (e.g. in after()). */
export function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  return PrometheusServer.start(opts);
}
