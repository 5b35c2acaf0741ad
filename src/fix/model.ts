// Types shared by the defrag planner, executor, backends and renderers.

/** One member as a backend sees it right now. Sizes in bytes; ids in natural lowercase hex. */
export interface MemberState {
  /** Hex member id. */
  id: string;
  /** Member name where known (hostname on Talos/kubeadm), else the hex id. */
  name: string;
  /** What the backend talks to: a client URL (etcd) or a node (Talos). */
  endpoint: string;
  reachable: boolean;
  /** Why the member could not be asked, or why it is not healthy. */
  problem?: string;
  dbSize: number;
  dbSizeInUse: number;
  /** Hex id of the leader this member reports ('0' = none). */
  leaderId: string;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  /** Store revision from the response header, when the backend knows it. */
  revision?: number;
  isLearner: boolean;
  /** Status errors as etcd reports them (alarms, e.g. `memberID:… alarm:NOSPACE`). */
  errors: string[];
  version?: string;
}

export type AlarmKind = 'NOSPACE' | 'CORRUPT' | string;

export interface Alarm {
  /** Hex id of the member that raised it. */
  memberId: string;
  alarm: AlarmKind;
}

export interface HashKvResult {
  hash: string;
  compactRevision: number;
  /** Revision the answer is for. */
  revision: number;
}

/**
 * What the executor needs from a cluster. Two implementations: live etcd (gRPC, one client per
 * endpoint) and Talos (talosctl subprocess). Every method either answers or throws; timeouts are
 * the backend's business.
 */
export interface DefragBackend {
  readonly kind: 'etcd' | 'talos';
  /** Where the data comes from, for evidence (`etcd-api`, `talosctl`). */
  readonly source: string;
  /** Every configured member, unreachable ones included (reachable=false with a problem). */
  statusAll(): Promise<MemberState[]>;
  /** One member; throws when it does not answer. */
  status(endpoint: string): Promise<MemberState>;
  /** A read through raft on this member (etcdctl endpoint health does the same); throws when unhealthy. */
  checkHealth?(endpoint: string): Promise<void>;
  /** Defragments one member; resolves when the member says it is done. */
  defragment(endpoint: string): Promise<void>;
  /**
   * Hands leadership from the leader at `leaderEndpoint` to `targetId`. Backends that cannot pick the
   * target (Talos forfeit-leadership) move it to any follower; the executor checks who won.
   */
  moveLeader(leaderEndpoint: string, targetId: string): Promise<void>;
  /** Null when the backend has no HashKV (talosctl). */
  hashKv(endpoint: string, revision: number): Promise<HashKvResult | null>;
  alarms(): Promise<Alarm[]>;
  disarm(alarm: Alarm): Promise<void>;
  /** The backend quota in bytes when it can be discovered (etcd /metrics), else undefined. */
  quotaBytes?(): Promise<number | undefined>;
  close(): Promise<void>;
}

export interface Sizes {
  dbSize: number;
  dbSizeInUse: number;
}

/** One member in the plan. */
export interface PlannedMember {
  member: MemberState;
  selected: boolean;
  /** Why it is selected or skipped, in words. */
  reason: string;
  isLeader: boolean;
}

export interface Plan {
  /** Selected members in execution order: followers by reclaimable bytes (most first), leader last. */
  steps: PlannedMember[];
  /** Members the rule did not select. */
  skipped: PlannedMember[];
  leaderId: string;
  raftTerm: number;
  /** Hex id of the follower leadership goes to before the leader's defrag (with --move-leader). */
  moveLeaderTo?: string;
}

export type MemberAction = 'defragmented' | 'skipped' | 'pending' | 'failed';

/** A member in the report (JSON contract `fix etcd-defrag -o json`). */
export interface MemberReport {
  name: string;
  id: string;
  endpoint: string;
  wasLeader: boolean;
  /** Position in the execution order (1-based); null for members the rule skipped. */
  order: number | null;
  action: MemberAction;
  reason: string;
  before: Sizes | null;
  after: Sizes | null;
  tookMs: number | null;
}

export interface DefragReport {
  schemaVersion: 1;
  dryRun: boolean;
  aborted: boolean;
  abortReason: string | null;
  members: MemberReport[];
  raftTermBefore: number | null;
  raftTermAfter: number | null;
  /** Leader's member name before / after. */
  leaderBefore: string | null;
  leaderAfter: string | null;
  /** null: not checked (dry run, aborted, or the backend has no HashKV). */
  hashKvConsistent: boolean | null;
  // Extensions beyond the contract's minimum.
  backend: 'etcd' | 'talos';
  rule: string;
  dbQuota: number;
  leaderMoved: boolean;
  hashKvRevision: number | null;
  alarmsBefore: Alarm[];
  nospaceDisarmed: boolean;
  /** Human-readable notes (things not checked, why an alarm stayed armed). */
  notes: string[];
  startedAt: string;
  finishedAt: string;
}

/** Progress events, for live output, the session file and tests that need to act between steps. */
export type DefragEvent =
  | { type: 'preflight'; members: MemberState[]; alarms: Alarm[] }
  | { type: 'refused'; reason: string }
  | { type: 'plan'; plan: Plan }
  | { type: 'leader-moved'; from: string; to: string; term: number }
  | { type: 'defrag-start'; order: number; member: MemberState }
  | { type: 'defrag-done'; order: number; member: MemberState; before: Sizes; after: Sizes; tookMs: number }
  | { type: 'aborted'; reason: string }
  | { type: 'hashkv'; revision: number; consistent: boolean; hashes: Record<string, string> }
  | { type: 'disarmed'; alarms: Alarm[] }
  | { type: 'alarm-kept'; reason: string };
