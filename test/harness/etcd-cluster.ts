// A real etcd cluster for tests: 1 or 3 members of the installed etcd (Debian etcd-server) on
// 127.0.0.1 with free ports and temporary directories, zap JSON logs captured per member, and
// cleanup that happens even when a test fails or forgets: stop() kills and removes everything,
// a process 'exit' hook does the same synchronously, and the next startCluster() reaps what a
// killed test process left behind.
//
// Layout under cluster.root:  logs/<member>/etcd.log   data/<member>/   tls/   owner.json
// (logs apart from data, so cluster.logDir can be passed to `diagnose` as a PATH).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Etcd3 } from 'etcd3';
import type { EtcdConnection } from '../../src/collect/etcd/index.js';
import { makeTestCerts, type TlsFiles } from './tls.js';
import { alive, killHard, reapOrphanRoots } from './process.js';

const run = promisify(execFile);

export const ETCD_BIN = process.env.KUBESLEUTH_ETCD ?? '/usr/bin/etcd';
export const ETCDCTL_BIN = process.env.KUBESLEUTH_ETCDCTL ?? '/usr/bin/etcdctl';
const ROOT_PREFIX = 'kubesleuth-etcd-';

export interface StartOptions {
  /** 1 or 3 (any n works). Default 1. */
  size?: number;
  /** Member names (also their "node" names). Default m1..mN. */
  names?: string[];
  /** --quota-backend-bytes for every member. */
  quotaBytes?: number;
  /** Client and peer TLS with client-certificate auth; certificates made by tls.ts. */
  tls?: boolean;
  /** Extra etcd flags for every member. */
  extraArgs?: string[];
  /** A command prefix per member, e.g. ['strace', '-f', '-o', file, ...]. (Prefer attachStrace: a member
   *  started under an fdatasync delay bootstraps very slowly.) */
  wrapper?: (name: string) => string[] | undefined;
  /** Raft timings, ms. Defaults are etcd's: 100 / 1000. */
  heartbeatMs?: number;
  electionMs?: number;
  /** How long to wait for the cluster to become healthy. Default 60 s. */
  healthTimeoutMs?: number;
}

export interface EtcdMemberHandle {
  name: string;
  clientUrl: string;
  peerUrl: string;
  /** Pid of the etcd process itself (not of a wrapper); 0 when stopped. */
  pid: number;
  dataDir: string;
  logFile: string;
  running: boolean;
  frozen: boolean;
}

export interface FillOptions {
  /** Bytes per value. Default 100 000. */
  valueSize?: number;
  /** Puts in flight. Default 16. */
  concurrency?: number;
  /** Key prefix. Default /fill/. */
  prefix?: string;
}

export interface FillResult {
  keys: number;
  bytes: number;
  /** The cluster refused a write with "database space exceeded"; filling stopped there. */
  noSpace: boolean;
}

export interface EtcdStatusJson {
  Endpoint: string;
  Status: {
    header: { cluster_id: number; member_id: number; revision: number; raft_term: number };
    version: string;
    dbSize: number;
    dbSizeInUse?: number;
    leader: number;
    raftIndex: number;
    raftTerm: number;
    raftAppliedIndex?: number;
    errors?: string[];
    isLearner?: boolean;
  };
}

interface MemberState extends EtcdMemberHandle {
  child?: ChildProcess;
  spawnPid: number;
  exited?: Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Cleanup bookkeeping shared by every cluster of this process.

const live = new Set<EtcdCluster>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.killSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const c of live) c.killSync();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}



/** Kill members left by a test process that died without cleaning up (SIGKILL, OOM, timeout). */
export function reapOrphans(): void {
  reapOrphanRoots(ROOT_PREFIX);
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<import('node:net').Server>((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve(s));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Pid of the first descendant of `pid` whose command is etcd (the wrapper's child). */
function findEtcdPid(pid: number): number | undefined {
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    try {
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'etcd') return p;
    } catch {
      continue;
    }
    for (const task of safeReaddir(`/proc/${p}/task`)) {
      try {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) queue.push(...children.split(/\s+/).map(Number));
      } catch {
        /* gone */
      }
    }
  }
  return undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------

export class EtcdCluster {
  readonly members: EtcdMemberHandle[];
  private fillSeq = 0;
  private stopped = false;
  private readonly extraProcs = new Set<ChildProcess>();

  private constructor(
    readonly root: string,
    readonly tls: TlsFiles | undefined,
    private readonly opts: StartOptions,
    private readonly states: MemberState[],
  ) {
    this.members = states;
  }

  /** Where each member's etcd.log lives: logs/<member>/etcd.log. Pass it to diagnose as a PATH. */
  get logDir(): string {
    return join(this.root, 'logs');
  }

  /** Client URLs of every member (running or not), in member order. */
  get endpoints(): string[] {
    return this.states.map((m) => m.clientUrl);
  }

  member(name: string): EtcdMemberHandle {
    return this.state(name);
  }

  /** The collector's connection settings for this cluster (with TLS files when it uses TLS). */
  connection(timeoutMs = 3000, endpoints = this.endpoints): EtcdConnection {
    return this.tls
      ? { endpoints, cacert: this.tls.ca, cert: this.tls.clientCert, key: this.tls.clientKey, timeoutMs }
      : { endpoints, timeoutMs };
  }

  /** etcdctl's TLS flags for this cluster (empty without TLS). */
  tlsFlags(): string[] {
    return this.tls ? ['--cacert', this.tls.ca, '--cert', this.tls.clientCert, '--key', this.tls.clientKey] : [];
  }

  static async start(opts: StartOptions = {}): Promise<EtcdCluster> {
    installHooks();
    reapOrphans();
    const size = opts.size ?? opts.names?.length ?? 1;
    const names = opts.names ?? Array.from({ length: size }, (_, i) => `m${i + 1}`);
    if (names.length !== size) throw new Error(`startCluster: ${names.length} names for ${size} members`);
    const root = mkdtempSync(join(tmpdir(), ROOT_PREFIX));
    writeFileSync(join(root, 'owner.json'), JSON.stringify({ ownerPid: process.pid, pids: [] }));
    const tls = opts.tls ? await makeTestCerts(join(root, 'tls')) : undefined;
    const scheme = tls ? 'https' : 'http';
    const ports = await freePorts(size * 2);
    const states: MemberState[] = names.map((name, i) => {
      const logFile = join(root, 'logs', name, 'etcd.log');
      mkdirSync(join(root, 'logs', name), { recursive: true });
      return {
        name,
        clientUrl: `${scheme}://127.0.0.1:${ports[2 * i]}`,
        peerUrl: `${scheme}://127.0.0.1:${ports[2 * i + 1]}`,
        pid: 0,
        spawnPid: 0,
        dataDir: join(root, 'data', name),
        logFile,
        running: false,
        frozen: false,
      };
    });
    const cluster = new EtcdCluster(root, tls, opts, states);
    live.add(cluster);
    try {
      for (const m of states) cluster.spawnMember(m);
      await cluster.waitHealthy(names, opts.healthTimeoutMs ?? 60_000);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  private state(name: string): MemberState {
    const m = this.states.find((s) => s.name === name);
    if (!m) throw new Error(`no member ${name} (members: ${this.states.map((s) => s.name).join(', ')})`);
    return m;
  }

  private args(m: MemberState): string[] {
    const o = this.opts;
    const args = [
      `--name=${m.name}`,
      `--data-dir=${m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`,
      `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=${m.peerUrl}`,
      `--initial-advertise-peer-urls=${m.peerUrl}`,
      `--initial-cluster=${this.states.map((s) => `${s.name}=${s.peerUrl}`).join(',')}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${this.root}`,
      '--logger=zap',
      '--log-outputs=stderr',
    ];
    if (o.quotaBytes !== undefined) args.push(`--quota-backend-bytes=${o.quotaBytes}`);
    if (o.heartbeatMs !== undefined) args.push(`--heartbeat-interval=${o.heartbeatMs}`);
    if (o.electionMs !== undefined) args.push(`--election-timeout=${o.electionMs}`);
    if (this.tls) {
      const t = this.tls;
      args.push(
        `--cert-file=${t.serverCert}`,
        `--key-file=${t.serverKey}`,
        `--trusted-ca-file=${t.ca}`,
        '--client-cert-auth',
        `--peer-cert-file=${t.serverCert}`,
        `--peer-key-file=${t.serverKey}`,
        `--peer-trusted-ca-file=${t.ca}`,
        '--peer-client-cert-auth',
      );
    }
    return [...args, ...(o.extraArgs ?? [])];
  }

  private spawnMember(m: MemberState, wrapper = this.opts.wrapper?.(m.name)): void {
    const fd = openSync(m.logFile, 'a');
    const cmd = wrapper && wrapper.length > 0 ? [...wrapper, ETCD_BIN] : [ETCD_BIN];
    let child: ChildProcess;
    try {
      child = spawn(cmd[0], [...cmd.slice(1), ...this.args(m)], { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    child.unref(); // a forgotten cluster must not keep the test process alive; the exit hook kills it
    m.child = child;
    m.spawnPid = child.pid ?? 0;
    m.pid = wrapper ? 0 : m.spawnPid;
    m.running = true;
    m.frozen = false;
    m.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (m.child === child) {
          m.running = false;
          m.frozen = false;
          m.pid = 0;
          m.spawnPid = 0;
        }
        resolve();
      });
      child.once('error', () => resolve());
    });
    this.recordPids();
  }

  private recordPids(): void {
    const pids = this.states.flatMap((s) => [s.spawnPid, s.pid]).filter((p) => p > 0);
    for (const p of this.extraProcs) if (p.pid) pids.push(p.pid);
    try {
      writeFileSync(join(this.root, 'owner.json'), JSON.stringify({ ownerPid: process.pid, pids: [...new Set(pids)] }));
    } catch {
      /* root removed */
    }
  }

  /** Resolves the etcd pid behind a wrapper once it has started. */
  private async resolvePid(m: MemberState): Promise<void> {
    if (m.pid || !m.spawnPid) return;
    for (let i = 0; i < 100 && !m.pid && m.running; i++) {
      m.pid = findEtcdPid(m.spawnPid) ?? 0;
      if (!m.pid) await sleep(50);
    }
    this.recordPids();
  }

  /** Polls `etcdctl endpoint health` on each named member until all are healthy. */
  async waitHealthy(names = this.states.filter((s) => s.running && !s.frozen).map((s) => s.name), timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(names);
    let last = '';
    while (pending.size > 0) {
      for (const name of [...pending]) {
        const m = this.state(name);
        if (!m.running) {
          throw new Error(`etcd member ${name} exited while starting; log tail:\n${this.logTail(name)}`);
        }
        try {
          await this.etcdctl(['endpoint', 'health', '--command-timeout=2s'], { endpoints: [m.clientUrl], timeoutMs: 5000 });
          pending.delete(name);
          await this.resolvePid(m);
        } catch (err) {
          last = err instanceof Error ? err.message : String(err);
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        throw new Error(
          `etcd members not healthy after ${timeoutMs}ms: ${[...pending].join(', ')} (${last.trim()})\n` +
            [...pending].map((n) => `--- ${n}:\n${this.logTail(n)}`).join('\n'),
        );
      }
      await sleep(200);
    }
  }

  logTail(name: string, lines = 15): string {
    try {
      return readFileSync(this.state(name).logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Runs etcdctl (API v3) against the running, unfrozen members (or the given endpoints); returns stdout. */
  async etcdctl(args: string[], o: { endpoints?: string[]; timeoutMs?: number } = {}): Promise<string> {
    const endpoints = o.endpoints ?? this.liveEndpoints();
    try {
      const { stdout } = await run(ETCDCTL_BIN, [`--endpoints=${endpoints.join(',')}`, ...this.tlsFlags(), ...args], {
        env: { ...process.env, ETCDCTL_API: '3' },
        timeout: o.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`etcdctl ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`);
    }
  }

  private liveEndpoints(): string[] {
    const eps = this.states.filter((s) => s.running && !s.frozen).map((s) => s.clientUrl);
    if (eps.length === 0) throw new Error('no running etcd member');
    return eps;
  }

  /** `etcdctl endpoint status -w json` for one member. */
  async status(name: string): Promise<EtcdStatusJson> {
    const out = await this.etcdctl(['endpoint', 'status', '-w', 'json'], { endpoints: [this.state(name).clientUrl] });
    return (JSON.parse(out) as EtcdStatusJson[])[0];
  }

  /** Name of the current leader, once every running member reports the same one (waits up to timeoutMs). */
  async leader(timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        // JSON numbers lose uint64 precision in JS: compare the raw digits.
        const status = await this.etcdctl(['endpoint', 'status', '-w', 'json'], { timeoutMs: 10_000 });
        const leaders = new Set([...status.matchAll(/"leader":(\d+)/g)].map((m) => m[1]));
        const list = await this.etcdctl(['member', 'list', '-w', 'json'], { timeoutMs: 10_000 });
        const names = new Map([...list.matchAll(/"ID":(\d+),"name":"([^"]*)"/g)].map((m) => [m[1], m[2]]));
        const [only] = leaders;
        if (leaders.size === 1 && only !== '0' && names.get(only)) return names.get(only)!;
      } catch {
        /* a member is still starting or electing: retry */
      }
      if (Date.now() > deadline) throw new Error(`no agreed etcd leader after ${timeoutMs}ms`);
      await sleep(200);
    }
  }

  /** Stops a member (SIGTERM, then SIGKILL after 10 s; SIGKILL at once with {kill:true}). */
  async stopMember(name: string, o: { kill?: boolean } = {}): Promise<void> {
    const m = this.state(name);
    if (!m.running || !m.child) return;
    const pids = [m.pid, m.spawnPid].filter((p) => p > 0);
    if (m.frozen) for (const p of pids) process.kill(p, 'SIGCONT');
    const signal = o.kill ? 'SIGKILL' : 'SIGTERM';
    for (const p of pids) {
      try {
        process.kill(p, signal);
      } catch {
        /* gone */
      }
    }
    const timer = setTimeout(() => pids.forEach(killHard), 10_000);
    m.child.ref(); // keep the loop alive until the exit is seen
    await m.exited;
    clearTimeout(timer);
    // a wrapper may exit before the etcd it ran
    for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(50);
    pids.forEach(killHard);
    this.recordPids();
  }

  /** Starts a stopped member again (same data dir and flags) and waits for it to be healthy. */
  async startMember(name: string, o: { wrapper?: string[]; wait?: boolean } = {}): Promise<void> {
    const m = this.state(name);
    if (m.running) return;
    this.spawnMember(m, o.wrapper ?? this.opts.wrapper?.(name));
    if (o.wait !== false) await this.waitHealthy([name], this.opts.healthTimeoutMs ?? 60_000);
    else await this.resolvePid(m);
  }

  /** SIGSTOP: the member keeps its sockets but answers nothing. */
  freeze(name: string): void {
    const m = this.state(name);
    if (!m.pid) throw new Error(`member ${name} is not running`);
    process.kill(m.pid, 'SIGSTOP');
    m.frozen = true;
  }

  thaw(name: string): void {
    const m = this.state(name);
    if (!m.pid) return;
    process.kill(m.pid, 'SIGCONT');
    m.frozen = false;
  }

  /**
   * Attaches strace to a running member so that every fdatasync is delayed (1.2 s by default:
   * above etcd's 1 s `slow fdatasync` threshold). stop() detaches and the member goes on at full speed.
   */
  async attachStrace(name: string, o: { delayUs?: number; outFile?: string } = {}): Promise<{ stop(): Promise<void> }> {
    const m = this.state(name);
    if (!m.pid) throw new Error(`member ${name} is not running`);
    const outFile = o.outFile ?? join(this.root, `strace-${name}.out`);
    const child = spawn(
      'strace',
      ['-f', '-p', String(m.pid), '-e', 'trace=fdatasync', '-e', `inject=fdatasync:delay_enter=${o.delayUs ?? 1_200_000}`, '-o', outFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.unref();
    this.extraProcs.add(child);
    this.recordPids();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`strace did not attach to ${name}: ${stderr}`)), 10_000);
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/attached/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`strace exited (${code}) before attaching to ${name}: ${stderr}`));
      });
    });
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    return {
      stop: async () => {
        child.ref();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // strace detaches on SIGINT
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
        this.extraProcs.delete(child);
        this.recordPids();
      },
    };
  }

  /** An etcd3 client balanced over the running, unfrozen members (caller closes it). */
  client(): Etcd3 {
    const t = this.tls;
    return new Etcd3({
      hosts: this.liveEndpoints(),
      credentials: t
        ? { rootCertificate: readFileSync(t.ca), certChain: readFileSync(t.clientCert), privateKey: readFileSync(t.clientKey) }
        : undefined,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + 30_000 }),
    });
  }

  async put(key: string, value: string | Buffer): Promise<void> {
    const c = this.client();
    try {
      await c.put(key).value(value);
    } finally {
      c.close();
    }
  }

  /**
   * Writes about `bytes` of values (~100 KB each, random so nothing compresses) under /fill/,
   * `concurrency` puts at a time. Stops early, with noSpace, when etcd says its database space is exceeded.
   */
  async fill(bytes: number, o: FillOptions = {}): Promise<FillResult> {
    const valueSize = o.valueSize ?? 100_000;
    const prefix = o.prefix ?? '/fill/';
    const total = Math.ceil(bytes / valueSize);
    const c = this.client();
    let next = 0;
    let keys = 0;
    let noSpace = false;
    const worker = async (): Promise<void> => {
      while (!noSpace && next < total) {
        next++;
        const key = `${prefix}${String(this.fillSeq++).padStart(8, '0')}`;
        try {
          await c.put(key).value(randomBytes(valueSize));
          keys++;
        } catch (err) {
          if (/database space exceeded/i.test(err instanceof Error ? err.message : String(err))) {
            noSpace = true;
            return;
          }
          throw err;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: o.concurrency ?? 16 }, worker));
    } finally {
      c.close();
    }
    return { keys, bytes: keys * valueSize, noSpace };
  }

  /** Deletes every key under prefix (default: all keys). Returns how many. */
  async deleteAll(prefix?: string): Promise<number> {
    const c = this.client();
    try {
      const q = prefix ? c.delete().prefix(prefix) : c.delete().all();
      const res = await q.exec();
      return Number(res.deleted);
    } finally {
      c.close();
    }
  }

  /** Compacts at the current revision and waits until Status shows the freed space. Returns the compacted revision. */
  async compact(): Promise<number> {
    const out = await this.etcdctl(['endpoint', 'status', '-w', 'json'], { endpoints: [this.liveEndpoints()[0]] });
    const rev = Number(/"revision":(\d+)/.exec(out)?.[1]);
    await this.etcdctl(['compact', String(rev), '--physical'], { endpoints: [this.liveEndpoints()[0]] });
    // bbolt frees the compacted pages only when a later write transaction begins, so Status's
    // dbSizeInUse shows the compaction only after some writes and a backend commit (100 ms).
    for (let i = 0; i < 3; i++) {
      await this.put('/harness/settle', String(i));
      await sleep(150);
    }
    return rev;
  }

  /** Defragments one member (etcdctl defrag against that member only). */
  async defrag(name: string): Promise<void> {
    await this.etcdctl(['defrag', '--command-timeout=120s'], { endpoints: [this.state(name).clientUrl] });
  }

  /**
   * Empties every member's log: what a test does next is all the logs will show (e.g. after a
   * load-heavy setup whose own warnings are not the point). etcd writes with O_APPEND, so it
   * carries on at the new end of the file.
   */
  truncateLogs(): void {
    for (const m of this.states) truncateSync(m.logFile, 0);
  }

  /** Clears every active alarm (e.g. NOSPACE after making room). */
  async disarm(): Promise<void> {
    await this.etcdctl(['alarm', 'disarm']);
  }

  /** Stops every member and removes the temporary directory (kept when KUBESLEUTH_KEEP_ETCD=1). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    for (const p of this.extraProcs) if (p.pid) killHard(p.pid);
    for (const m of this.states) {
      for (const p of [m.pid, m.spawnPid]) killHard(p);
    }
    for (const m of this.states) if (m.running) m.child?.ref();
    await Promise.all(this.states.map((m) => (m.running ? m.exited : undefined)));
    for (const m of this.states) for (let i = 0; i < 100 && [m.pid, m.spawnPid].some(alive); i++) await sleep(20);
    this.removeRoot();
    this.stopped = true;
    live.delete(this);
  }

  /** Synchronous last resort for process exit. */
  killSync(): void {
    for (const p of this.extraProcs) if (p.pid) killHard(p.pid);
    for (const m of this.states) for (const p of [m.pid, m.spawnPid]) killHard(p);
    this.removeRoot();
    this.stopped = true;
  }

  private removeRoot(): void {
    if (process.env.KUBESLEUTH_KEEP_ETCD === '1') return;
    if (existsSync(this.root)) rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Starts a cluster and waits until every member is healthy. Always `await cluster.stop()` (e.g. in after()). */
export function startCluster(opts: StartOptions = {}): Promise<EtcdCluster> {
  return EtcdCluster.start(opts);
}
