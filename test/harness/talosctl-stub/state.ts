// The cluster the stub talosctl (./talosctl.ts) answers for.
export interface StubProcess {
  pid: number;
  state?: string;
  threads?: number;
  cpuSeconds?: number;
  virtBytes?: number;
  resBytes?: number;
  label?: string;
  command: string;
}

export interface StubNode {
  /** Answers nothing: `error from node X: … connection refused`. */
  down?: boolean;
  /** etcd member on this node (control planes); workers answer etcd status with an error. */
  etcd?: { id: string; dbSize: number; dbSizeInUse: number };
  processes?: StubProcess[];
  /** Files of this node in the support bundle, by path under `<node>/`. */
  support?: Record<string, string>;
}

export interface TalosStubState {
  /** v1.13 has no --no-encryption flag (it rejects it); default: v1.14 behaviour. */
  version?: 'v1.13' | 'v1.14';
  nodes: Record<string, StubNode>;
  leader: string;
  term: number;
  raftIndex: number;
  /** Cluster-wide files of the support bundle (`kubernetesResources/nodes.yaml` …). */
  cluster?: Record<string, string>;
  /** Adds a binary entry `<first node>/<name>` to the support zip. */
  binaryEntry?: string;
  /** Every command sleeps this long before answering. */
  hangMs?: number;
}
