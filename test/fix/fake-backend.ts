// An in-memory cluster for executor tests: members with sizes, a leader, a term, alarms; defrag
// shrinks a member to its in-use size. Hooks let a test inject the surprises the executor must catch.
import type { Alarm, DefragBackend, HashKvResult, MemberState } from '../../src/fix/model.js';

export interface FakeMember {
  id: string;
  name: string;
  dbSize: number;
  dbSizeInUse: number;
  down?: boolean;
  errors?: string[];
  hash?: string;
}

export class FakeBackend implements DefragBackend {
  readonly kind: 'etcd' | 'talos' = 'etcd';
  readonly source = 'fake';
  leaderId: string;
  term = 7;
  applied = 1000;
  revision = 500;
  compactRevision = 400;
  alarmList: Alarm[] = [];
  calls: string[] = [];
  /** Runs after a member's defragment call returns (before the executor's checks). */
  afterDefrag?: (m: FakeMember, fake: FakeBackend) => void;
  failDefrag = new Set<string>();
  health = new Map<string, string>();
  noHashKv = false;

  constructor(readonly members: FakeMember[], leader: string) {
    this.leaderId = leader;
  }

  private find(endpoint: string): FakeMember {
    const m = this.members.find((x) => `fake://${x.name}` === endpoint);
    if (!m) throw new Error(`no member at ${endpoint}`);
    return m;
  }

  private state(m: FakeMember): MemberState {
    if (m.down) {
      return { id: m.id, name: m.name, endpoint: `fake://${m.name}`, reachable: false, problem: 'no answer (no answer in time)', dbSize: 0, dbSizeInUse: 0, leaderId: '0', raftTerm: 0, raftIndex: 0, raftAppliedIndex: 0, isLearner: false, errors: [] };
    }
    return {
      id: m.id, name: m.name, endpoint: `fake://${m.name}`, reachable: true,
      dbSize: m.dbSize, dbSizeInUse: m.dbSizeInUse, leaderId: this.leaderId, raftTerm: this.term,
      raftIndex: this.applied, raftAppliedIndex: this.applied, revision: this.revision, isLearner: false, errors: m.errors ?? [],
    };
  }

  async statusAll(): Promise<MemberState[]> {
    this.calls.push('statusAll');
    return this.members.map((m) => this.state(m));
  }

  async status(endpoint: string): Promise<MemberState> {
    const m = this.find(endpoint);
    if (m.down) throw new Error(`${endpoint}: no answer in time`);
    return this.state(m);
  }

  async checkHealth(endpoint: string): Promise<void> {
    const p = this.health.get(endpoint);
    if (p) throw new Error(p);
  }

  async defragment(endpoint: string): Promise<void> {
    const m = this.find(endpoint);
    this.calls.push(`defrag ${m.name}`);
    if (this.failDefrag.has(m.name)) throw new Error('rpc error: boom');
    m.dbSize = m.dbSizeInUse;
    this.afterDefrag?.(m, this);
  }

  async moveLeader(leaderEndpoint: string, targetId: string): Promise<void> {
    this.calls.push(`move ${this.find(leaderEndpoint).name} -> ${targetId}`);
    this.leaderId = targetId;
    this.term += 1;
  }

  async hashKv(endpoint: string, revision: number): Promise<HashKvResult | null> {
    if (this.noHashKv) return null;
    const m = this.find(endpoint);
    this.calls.push(`hashkv ${m.name}@${revision}`);
    if (revision !== 0 && revision <= this.compactRevision) throw new Error('11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted');
    return { hash: m.hash ?? '12345', compactRevision: this.compactRevision, revision: revision === 0 ? this.revision : revision };
  }

  async alarms(): Promise<Alarm[]> {
    return [...this.alarmList];
  }

  async disarm(alarm: Alarm): Promise<void> {
    this.calls.push(`disarm ${alarm.alarm} ${alarm.memberId}`);
    this.alarmList = this.alarmList.filter((a) => !(a.memberId === alarm.memberId && a.alarm === alarm.alarm));
  }

  async close(): Promise<void> {}
}

export const MB = 1e6;

/** The reference incident's shape: talos01 leader 467/55 MB, talos02 87/56 MB, talos03 467/55 MB. */
export function incidentCluster(): FakeBackend {
  return new FakeBackend(
    [
      { id: '25e10c575a763da7', name: 'talos01', dbSize: 467 * MB, dbSizeInUse: 55 * MB },
      { id: 'a1', name: 'talos02', dbSize: 87 * MB, dbSizeInUse: 56 * MB },
      { id: 'b2', name: 'talos03', dbSize: 469 * MB, dbSizeInUse: 55 * MB },
    ],
    '25e10c575a763da7',
  );
}
