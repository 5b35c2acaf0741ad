// Live etcd through its gRPC maintenance service. etcd3 balances calls over all its hosts and has
// no per-endpoint targeting, so there is one client per endpoint; nothing is retried (an answer
// that does not come is a fact for the executor, not a hiccup to hide).
import { Etcd3 } from 'etcd3';
import type { IHashKVResponse, IMember, IOptions, IStatusResponse } from 'etcd3';
import https from 'node:https';
import http from 'node:http';
import type { Alarm, DefragBackend, HashKvResult, MemberState } from '../model.js';
import { hexId, decimalId, hostPort, normalizeEndpoint } from './ids.js';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface EtcdBackendOptions {
  endpoints: string[];
  tls?: TlsFiles;
  /** Bound on every ordinary call (status, alarm, hashKV, moveLeader). */
  timeoutMs: number;
  /** Bound on one defragment call; a big database takes a while. */
  defragTimeoutMs: number;
}

/** etcd3's fault handling, disabled: run the call once. */
const passThrough = {
  execute<T>(fn: (ctx: { signal: AbortSignal }) => PromiseLike<T> | T): Promise<T> {
    return Promise.resolve().then(() => fn({ signal: new AbortController().signal }));
  },
};
type FaultHandling = NonNullable<IOptions['faultHandling']>;

/** The part of etcd3's (internal) connection pool used for calls its typed clients get wrong. */
interface RawPool {
  exec(service: string, method: string, payload: unknown, options?: unknown): Promise<unknown>;
}

function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (/DEADLINE_EXCEEDED|deadline exceeded|no answer within/i.test(raw)) return 'no answer in time';
  const refused = /connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT) (\S+)/.exec(raw);
  if (refused) return `${refused[1] === 'ECONNREFUSED' ? 'connection refused' : refused[1]} (${refused[2]})`;
  const line = raw.split('\n')[0].replace(/^\d+ [A-Z_]+: /, '').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

export class EtcdBackend implements DefragBackend {
  readonly kind = 'etcd' as const;
  readonly source = 'etcd-api';
  private readonly endpoints: string[];
  private readonly clients = new Map<string, Etcd3>();
  private names = new Map<string, IMember>();

  constructor(private readonly opts: EtcdBackendOptions) {
    const tls = !!(opts.tls && (opts.tls.ca || opts.tls.cert || opts.tls.key));
    this.endpoints = opts.endpoints.map((e) => normalizeEndpoint(e, tls));
    for (const endpoint of this.endpoints) {
      const options: IOptions = {
        hosts: [endpoint],
        dialTimeout: opts.timeoutMs,
        defaultCallOptions: () => ({ deadline: Date.now() + opts.timeoutMs }),
        faultHandling: {
          host: () => passThrough as unknown as ReturnType<NonNullable<FaultHandling['host']>>,
          global: passThrough as unknown as NonNullable<FaultHandling['global']>,
        },
      };
      if (tls) {
        // grpc-js takes null as "the system roots".
        options.credentials = { rootCertificate: opts.tls?.ca ?? (null as unknown as Buffer), privateKey: opts.tls?.key, certChain: opts.tls?.cert };
      }
      this.clients.set(endpoint, new Etcd3(options));
    }
  }

  private client(endpoint: string): Etcd3 {
    const c = this.clients.get(endpoint);
    if (!c) throw new Error(`unknown endpoint ${endpoint}`);
    return c;
  }

  /** The gRPC deadline should fire first; this guards against a dial that never settles. */
  private bounded<T>(p: Promise<T>, ms = this.opts.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms + 500);
    });
    return Promise.race([p, guard]).finally(() => clearTimeout(timer));
  }

  private toState(endpoint: string, s: IStatusResponse): MemberState {
    const id = hexId(s.header.member_id);
    const member = this.names.get(id);
    return {
      id,
      name: member?.name || id,
      endpoint,
      reachable: true,
      dbSize: Number(s.dbSize),
      dbSizeInUse: Number(s.dbSizeInUse),
      leaderId: hexId(s.leader),
      raftTerm: Number(s.raftTerm),
      raftIndex: Number(s.raftIndex),
      raftAppliedIndex: Number(s.raftAppliedIndex),
      revision: Number(s.header.revision),
      isLearner: !!s.isLearner,
      errors: s.errors ?? [],
      version: s.version,
    };
  }

  async status(endpoint: string): Promise<MemberState> {
    try {
      return this.toState(endpoint, await this.bounded(this.client(endpoint).maintenance.status()));
    } catch (err) {
      throw new Error(`${endpoint}: ${errorText(err)}`);
    }
  }

  async statusAll(): Promise<MemberState[]> {
    const answers = await Promise.all(
      this.endpoints.map(async (endpoint) => {
        try {
          return { endpoint, status: await this.bounded(this.client(endpoint).maintenance.status()) };
        } catch (err) {
          return { endpoint, problem: `no answer (${errorText(err)})` };
        }
      }),
    );
    // Names and the full membership come from the member list of any member that answers.
    let members: IMember[] | undefined;
    for (const a of answers) {
      if (!a.status) continue;
      try {
        members = (await this.bounded(this.client(a.endpoint).cluster.memberList({}))).members ?? [];
        this.names = new Map(members.map((m) => [hexId(m.ID), m]));
        break;
      } catch {
        // try the next one
      }
    }
    const states: MemberState[] = answers.map((a) => {
      if (a.status) return this.toState(a.endpoint, a.status);
      // Unreachable: name it from the member list when one of its client URLs matches.
      const m = members?.find((x) => x.clientURLs.some((u) => hostPort(u) === hostPort(a.endpoint)));
      return unreachable(m ? hexId(m.ID) : '', m?.name || a.endpoint, a.endpoint, a.problem ?? 'no answer');
    });
    // A member nobody gave us an endpoint for cannot be checked: report it, preflight refuses.
    for (const m of members ?? []) {
      const id = hexId(m.ID);
      if (states.some((s) => s.id === id)) continue;
      const urls = m.clientURLs.join(',') || 'not started';
      states.push(unreachable(id, m.name || id, urls, `not among --etcd-endpoints (its client URLs: ${urls}); pass every member's endpoint`));
    }
    return states;
  }

  async checkHealth(endpoint: string): Promise<void> {
    // What `etcdctl endpoint health` does: a linearizable read, which needs a leader and a quorum.
    try {
      await this.bounded(this.client(endpoint).get('health').exec());
    } catch (err) {
      throw new Error(`linearizable read failed: ${errorText(err)}`);
    }
  }

  async defragment(endpoint: string): Promise<void> {
    const ms = this.opts.defragTimeoutMs;
    await this.bounded(this.client(endpoint).maintenance.defragment({ deadline: Date.now() + ms }), ms);
  }

  async moveLeader(leaderEndpoint: string, targetId: string): Promise<void> {
    await this.bounded(this.client(leaderEndpoint).maintenance.moveLeader({ targetID: decimalId(targetId) }));
  }

  async hashKv(endpoint: string, revision: number): Promise<HashKvResult> {
    // etcd3 1.1.2 calls the method 'hashKV' but proto-loader names it 'hashKv'/'HashKV', so its
    // maintenance.hashKV() always fails: go through its connection pool with the proto's own name.
    const pool = (this.client(endpoint) as unknown as { pool: RawPool }).pool;
    const r = await this.bounded(pool.exec('Maintenance', 'HashKV', { revision: String(revision) }) as Promise<IHashKVResponse>);
    return { hash: String(r.hash), compactRevision: Number(r.compact_revision), revision: Number(r.header.revision) };
  }

  private async anyAnswer<T>(fn: (c: Etcd3) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const endpoint of this.endpoints) {
      try {
        return await this.bounded(fn(this.client(endpoint)));
      } catch (err) {
        last = err;
      }
    }
    throw new Error(errorText(last));
  }

  async alarms(): Promise<Alarm[]> {
    const r = await this.anyAnswer((c) => c.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 }));
    return (r.alarms ?? []).map((a) => ({ memberId: hexId(a.memberID), alarm: String(a.alarm).toUpperCase() }));
  }

  async disarm(alarm: Alarm): Promise<void> {
    const kind = alarm.alarm === 'NOSPACE' ? 'Nospace' : alarm.alarm === 'CORRUPT' ? 'Corrupt' : 'None';
    await this.anyAnswer((c) => c.maintenance.alarm({ action: 'Deactivate', alarm: kind, memberID: decimalId(alarm.memberId) }));
  }

  /** etcd_server_quota_backend_bytes from the first endpoint's /metrics (etcd ≥ 3.4). */
  async quotaBytes(): Promise<number | undefined> {
    for (const endpoint of this.endpoints) {
      try {
        const text = await this.getText(`${endpoint}/metrics`);
        const m = /^etcd_server_quota_backend_bytes\s+(\S+)/m.exec(text);
        if (m) return Number(m[1]);
      } catch {
        // try the next one
      }
    }
    return undefined;
  }

  private getText(url: string): Promise<string> {
    const u = new URL(url);
    const tls = this.opts.tls;
    return new Promise((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      };
      const req = u.protocol === 'https:'
        ? https.get(u, { ca: tls?.ca, cert: tls?.cert, key: tls?.key, timeout: this.opts.timeoutMs }, onResponse)
        : http.get(u, { timeout: this.opts.timeoutMs }, onResponse);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  }

  async close(): Promise<void> {
    for (const c of this.clients.values()) c.close();
  }
}

function unreachable(id: string, name: string, endpoint: string, problem: string): MemberState {
  return {
    id, name, endpoint, reachable: false, problem,
    dbSize: 0, dbSizeInUse: 0, leaderId: '0', raftTerm: 0, raftIndex: 0, raftAppliedIndex: 0, isLearner: false, errors: [],
  };
}
