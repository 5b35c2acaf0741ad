// Talos: the same plan and checks through talosctl (on PATH). Talos's API has no HashKV and no
// revision in its status table, so the executor notes that check as not done; leadership moves
// with `etcd forfeit-leadership`, which lets Talos pick the new leader.
import { execFile } from 'node:child_process';
import type { Alarm, DefragBackend, MemberState } from '../model.js';
import { FixError } from '../errors.js';
import { parseEtcdAlarms, parseEtcdMembers, parseEtcdStatus, parseNodeErrors, type TalosStatusRow } from './talos-parse.js';

export interface TalosBackendOptions {
  talosconfig?: string;
  nodes: string[];
  timeoutMs: number;
  defragTimeoutMs: number;
  /** The executable, `talosctl` on PATH unless a test says otherwise. */
  talosctl?: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
}

export class TalosBackend implements DefragBackend {
  readonly kind = 'talos' as const;
  readonly source = 'talosctl';
  private names: Map<string, string> | undefined;

  constructor(private readonly opts: TalosBackendOptions) {}

  /** Runs talosctl; resolves with its exit code (non-zero too), rejects only when it cannot start. */
  private run(nodes: string[], args: string[], timeoutMs = this.opts.timeoutMs): Promise<Run> {
    const full = [...(this.opts.talosconfig ? ['--talosconfig', this.opts.talosconfig] : []), '--nodes', nodes.join(','), ...args];
    const bin = this.opts.talosctl ?? 'talosctl';
    return new Promise((resolve, reject) => {
      execFile(bin, full, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new FixError('unreachable', `${bin} not found on PATH`));
          return;
        }
        if (err && (err as { killed?: boolean }).killed) {
          resolve({ code: -1, stdout: String(stdout), stderr: `${String(stderr)}\ntalosctl ${args.join(' ')}: no answer within ${timeoutMs}ms` });
          return;
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  }

  private failure(r: Run, what: string): Error {
    const line = firstLine(r.stderr.split(/\r?\n/).reverse().join('\n')) || `exit code ${r.code}`;
    return new Error(`${what}: ${line}`);
  }

  /** Member id → hostname, from `etcd members`; best effort (names are for people). */
  private async memberNames(): Promise<Map<string, string>> {
    if (this.names) return this.names;
    const names = new Map<string, string>();
    const r = await this.run(this.opts.nodes, ['etcd', 'members']);
    for (const row of parseEtcdMembers(r.stdout)) names.set(row.id, row.hostname);
    if (names.size > 0) this.names = names;
    return names;
  }

  private toState(row: TalosStatusRow, names: Map<string, string>): MemberState {
    return {
      id: row.memberId,
      name: names.get(row.memberId) ?? row.node,
      endpoint: row.node,
      reachable: true,
      dbSize: row.dbSize,
      dbSizeInUse: row.dbSizeInUse,
      leaderId: row.leaderId,
      raftTerm: row.raftTerm,
      raftIndex: row.raftIndex,
      raftAppliedIndex: row.raftAppliedIndex,
      isLearner: row.isLearner,
      errors: row.errors,
      version: row.protocol,
    };
  }

  async statusAll(): Promise<MemberState[]> {
    const r = await this.run(this.opts.nodes, ['etcd', 'status']);
    const rows = parseEtcdStatus(r.stdout);
    const nodeErrors = parseNodeErrors(r.stderr, this.opts.nodes);
    const names = rows.length > 0 ? await this.memberNames() : new Map<string, string>();
    return this.opts.nodes.map((node) => {
      const row = rows.find((x) => x.node === node);
      if (row) return this.toState(row, names);
      const problem = nodeErrors.get(node) ?? (firstLine(r.stderr) || `no status row for ${node}`);
      return {
        id: '', name: node, endpoint: node, reachable: false, problem: `no answer (${problem})`,
        dbSize: 0, dbSizeInUse: 0, leaderId: '0', raftTerm: 0, raftIndex: 0, raftAppliedIndex: 0, isLearner: false, errors: [],
      };
    });
  }

  async status(node: string): Promise<MemberState> {
    const r = await this.run([node], ['etcd', 'status']);
    const row = parseEtcdStatus(r.stdout).find((x) => x.node === node);
    if (!row) throw this.failure(r, `${node}: etcd status`);
    return this.toState(row, await this.memberNames());
  }

  async defragment(node: string): Promise<void> {
    const r = await this.run([node], ['etcd', 'defrag'], this.opts.defragTimeoutMs);
    if (r.code !== 0) throw this.failure(r, `${node}: etcd defrag`);
  }

  async moveLeader(leaderNode: string): Promise<void> {
    const r = await this.run([leaderNode], ['etcd', 'forfeit-leadership']);
    if (r.code !== 0) throw this.failure(r, `${leaderNode}: etcd forfeit-leadership`);
  }

  async hashKv(): Promise<null> {
    return null;
  }

  async alarms(): Promise<Alarm[]> {
    const r = await this.run(this.opts.nodes, ['etcd', 'alarm', 'list']);
    if (r.code !== 0) throw this.failure(r, 'etcd alarm list');
    const seen = new Map<string, Alarm>();
    for (const row of parseEtcdAlarms(r.stdout)) {
      if (row.alarm !== 'NONE') seen.set(`${row.memberId}/${row.alarm}`, { memberId: row.memberId, alarm: row.alarm });
    }
    return [...seen.values()];
  }

  /** Talos disarms every alarm of the cluster at once (AlarmDisarm with an empty member). */
  async disarm(): Promise<void> {
    const r = await this.run([this.opts.nodes[0]], ['etcd', 'alarm', 'disarm']);
    if (r.code !== 0) throw this.failure(r, 'etcd alarm disarm');
  }

  async close(): Promise<void> {
    // nothing held open
  }
}
