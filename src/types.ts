// The one public types file: evidence, findings, the report. Collectors fill an EvidenceSet,
// rules read it and return findings, the reasoner turns findings into a Report, reporters print it.

export type SubjectKind = 'Node' | 'EtcdMember' | 'Pod' | 'Container' | 'Volume' | 'Cluster';

export interface Subject {
  kind: SubjectKind;
  name: string;
  namespace?: string;
  /** Hex member id for an EtcdMember. */
  id?: string;
}

/** Where a claim came from: a file and line, or a live API object/query. */
export interface EvidenceRef {
  source: string;
  line?: number;
  time?: string;
  excerpt: string;
  object?: string;
  query?: string;
}

export type SourceKind =
  | 'talos-support-bundle'
  | 'kubectl-cluster-info-dump'
  | 'kubesleuth-bundle'
  | 'folder'
  | 'file'
  | 'etcd-api'
  | 'kubernetes-api'
  | 'talosctl'
  | 'prometheus';

export interface SourceInfo {
  kind: SourceKind;
  location: string;
  nodes: string[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Evidence: normalised facts from any source.

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface NodeInfo {
  name: string;
  addresses: string[];
  conditions: NodeCondition[];
  roles: string[];
  ref: EvidenceRef;
}

export interface ContainerState {
  name: string;
  ready?: boolean;
  restartCount: number;
  /** e.g. ContainerCreating, CrashLoopBackOff, ImagePullBackOff */
  waitingReason?: string;
  waitingMessage?: string;
  running?: boolean;
  lastTerminatedReason?: string;
  lastTerminatedExitCode?: number;
  init?: boolean;
}

export interface PodVolume {
  name: string;
  pvc?: string;
  projectedServiceAccountToken?: boolean;
  csiDriver?: string;
}

export interface PodInfo {
  namespace: string;
  name: string;
  uid?: string;
  node?: string;
  phase?: string;
  /** STATUS column as kubectl prints it, when the pod came from a table. */
  displayStatus?: string;
  containers: ContainerState[];
  volumes: PodVolume[];
  fsGroup?: number;
  fsGroupChangePolicy?: string;
  ownerKind?: string;
  ownerName?: string;
  labels: Record<string, string>;
  createdAt?: string;
  ref: EvidenceRef;
}

export interface EventInfo {
  namespace?: string;
  objectKind?: string;
  objectName?: string;
  type?: string;
  reason: string;
  message: string;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Node where the event's source (kubelet) ran, when known. */
  node?: string;
  ref: EvidenceRef;
}

export interface EtcdMemberStatus {
  /** Member name (hostname on Talos/kubeadm) where known, else the hex id. */
  name: string;
  /** Hex member id. */
  id?: string;
  node?: string;
  endpoint?: string;
  reachable: boolean;
  unreachableReason?: string;
  dbSize?: number;
  dbSizeInUse?: number;
  /** Hex id of the leader this member reports. */
  leaderId?: string;
  isLeader?: boolean;
  raftTerm?: number;
  raftIndex?: number;
  raftAppliedIndex?: number;
  isLearner?: boolean;
  errors: string[];
  version?: string;
  quotaBytes?: number;
  ref: EvidenceRef;
}

export interface ProcessInfo {
  node?: string;
  pid: number;
  state?: string;
  threads?: number;
  /** Cumulative CPU seconds. */
  cpuSeconds?: number;
  virtMemBytes?: number;
  resMemBytes?: number;
  command: string;
  args?: string;
  ref: EvidenceRef;
}

export interface DiskIoInfo {
  node?: string;
  device: string;
  ioTimeMs?: number;
  ioTimeWeightedMs?: number;
  writeSectors?: number;
  readSectors?: number;
  ref: EvidenceRef;
}

export interface NodeMetric {
  node: string;
  unknown: boolean;
  cpu?: string;
  cpuPercent?: number;
  memory?: string;
  memoryPercent?: number;
  ref: EvidenceRef;
}

/** Any other Kubernetes object worth keeping (CiliumNode, VolumeAttachment, CSINode, Lease, Endpoints …). */
export interface KubeObject {
  kind: string;
  namespace?: string;
  name: string;
  node?: string;
  body: Record<string, unknown>;
  ref: EvidenceRef;
}

/** A log line (or event message) that matched a signal of the catalogue. */
export interface SignalEvent {
  signal: string;
  component: string;
  node?: string;
  /** Namespace/name of the pod the line is about, when it says. */
  pod?: string;
  time?: string;
  durationMs?: number;
  fields: Record<string, string | number>;
  /** The line's message and error text, whole (up to a few KB) — the excerpt may be cut. */
  message?: string;
  ref: EvidenceRef;
}

/** Per log stream: how much was read and how much of it was trouble. */
export interface LogStat {
  source: string;
  node?: string;
  component: string;
  lines: number;
  errorLines: number;
  warnLines: number;
  firstTime?: string;
  lastTime?: string;
  /** A few error lines, for citing. */
  errorSamples: EvidenceRef[];
}

/**
 * One Prometheus series over the asked range: a raw series or one computed by PromQL (a p99 from
 * histogram buckets, a rate), attributed to its etcd member and node the way log lines are.
 */
export interface MetricSeries {
  /** What was asked, an id of the query catalogue (src/collect/prometheus/queries.ts), e.g. `etcd-wal-fsync-p99`. */
  name: string;
  /** The series' labels as Prometheus returned them (without __name__). */
  labels: Record<string, string>;
  /** The `instance` label. */
  instance?: string;
  /** Node the series is about (instance → node name via labels, Node addresses or etcd members). */
  node?: string;
  /** etcd member name (its hex id when no name is known), for an etcd member's series. */
  member?: string;
  /** Hex member id (from etcd_server_id). */
  memberId?: string;
  /** [unix milliseconds, value], oldest first. */
  samples: Array<[number, number]>;
  /** The PromQL query that returned the series. */
  query: string;
  /** The range asked (ISO) and its step in seconds (0 for an instant query, evaluated at `end`). */
  start: string;
  end: string;
  stepSeconds: number;
  /** Citation of the whole series: source 'prometheus', the query, labels and range in the excerpt. */
  ref: EvidenceRef;
}

export interface EvidenceSet {
  sources: SourceInfo[];
  nodes: NodeInfo[];
  pods: PodInfo[];
  events: EventInfo[];
  etcdMembers: EtcdMemberStatus[];
  processes: ProcessInfo[];
  diskIo: DiskIoInfo[];
  nodeMetrics: NodeMetric[];
  objects: KubeObject[];
  signals: SignalEvent[];
  logStats: LogStat[];
  /** Series from a Prometheus source (absent without one). */
  metrics?: MetricSeries[];
}

// ---------------------------------------------------------------------------------------------
// Findings and rules.

export type Severity = 'info' | 'warning' | 'critical';

export interface Finding {
  rule: string;
  failureMode: string;
  subject: Subject;
  /** Node the subject lives on (for locality in the causal model). */
  node?: string;
  severity: Severity;
  message: string;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  evidence: EvidenceRef[];
  /** Nodes whose effects this finding can explain beyond its own (e.g. followers waiting on a slow leader). */
  affects?: string[];
  /** Pods (namespace/name) this finding concerns. */
  pods?: string[];
  /** Rule-specific figures (sizes, durations) for reporters. */
  data?: Record<string, unknown>;
}

/** Evidence that a candidate cause is healthy. */
export interface Refutation {
  rule: string;
  failureMode: string;
  subject: Subject;
  node?: string;
  reason: string;
  evidence: EvidenceRef[];
}

export interface RuleResult {
  findings: Finding[];
  refutations: Refutation[];
}

export interface Thresholds {
  /** in-use / size below this is fragmented (Talos docs, etcd-mixin). */
  fragmentationRatio: number;
  /** and at least this many bytes reclaimable. */
  fragmentationMinFreeBytes: number;
  slowApplyMs: number;
  slowFdatasyncMs: number;
  /** Leader elections within churnWindowMinutes that make churn. */
  leaderChurnCount: number;
  churnWindowMinutes: number;
  /** Restarts before a container is called crash-looping. */
  crashloopRestarts: number;
  /** WAL fsync p99 (Prometheus) above which a member's disk is slow: warning, and critical (etcd-mixin). */
  walFsyncP99WarningMs: number;
  walFsyncP99CriticalMs: number;
  /** WAL fsync p99 a healthy disk stays under (etcd maintainers). */
  walFsyncP99HealthyMs: number;
  /** Backend commit p99 above which a member's disk is slow (etcd-mixin). */
  backendCommitP99Ms: number;
  /** Peer round-trip p99 above which etcd's network is slow (etcd-mixin). */
  peerRttP99Ms: number;
  /** DB size / quota above which a member is near its quota (etcd-mixin). */
  quotaUseRatio: number;
}

export interface RuleContext {
  evidence: EvidenceSet;
  thresholds: Thresholds;
}

export interface Rule {
  id: string;
  failureMode: string;
  description: string;
  run(ctx: RuleContext): RuleResult;
}

// ---------------------------------------------------------------------------------------------
// The report (schemaVersion 1, see shared/spec/report-contract.md).

export interface ChainLink {
  failureMode: string;
  subject: Subject;
}

export interface SymptomEntry {
  failureMode: string;
  subject: Subject;
  summary: string;
  evidence: EvidenceRef[];
}

export interface RootCause {
  failureMode: string;
  subject: Subject;
  confidence: number;
  summary: string;
  chain: ChainLink[];
  /** Every chain from a symptom that ends here (chain is the first, most complete). */
  chains?: ChainLink[][];
  explains?: ChainLink[];
  evidence: EvidenceRef[];
  remediation: string[];
}

export interface Eliminated {
  failureMode: string;
  subject: Subject;
  reason: string;
  evidence: EvidenceRef[];
}

export interface Unchecked {
  failureMode: string;
  subject: Subject;
  reason: string;
}

export interface ReportFinding {
  rule: string;
  failureMode: string;
  subject: Subject;
  severity: Severity;
  message: string;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  evidence: EvidenceRef[];
  data?: Record<string, unknown>;
}

export interface Remediation {
  id: string;
  title: string;
  risk: string;
  steps: string[];
  command?: string;
}

export interface EtcdMemberRow {
  name: string;
  id?: string;
  node?: string;
  endpoint?: string;
  reachable: boolean;
  dbSize?: number;
  dbSizeInUse?: number;
  inUseRatio?: number;
  isLeader?: boolean;
  raftTerm?: number;
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  /** When the evidence ends (latest timestamp seen), the clock the diagnosis speaks at. */
  evidenceTime?: string;
  trigger?: string;
  sources: SourceInfo[];
  symptoms: SymptomEntry[];
  rootCauses: RootCause[];
  eliminated: Eliminated[];
  unchecked: Unchecked[];
  findings: ReportFinding[];
  remediation: Remediation[];
  etcdMembers: EtcdMemberRow[];
  /** Signal points for timelines: per node/member. */
  timeline: TimelinePoint[];
}

export interface TimelinePoint {
  signal: string;
  node?: string;
  component: string;
  time: string;
  durationMs?: number;
  ref: EvidenceRef;
}
