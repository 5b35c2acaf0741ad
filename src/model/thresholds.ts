// Named thresholds with their defaults and where each default comes from (shared/spec/signals.md).
import type { Thresholds } from '../types.js';

export const DEFAULT_THRESHOLDS: Thresholds = {
  /** Talos docs and etcd-mixin: fragmented when in-use / size < 0.5 … */
  fragmentationRatio: 0.5,
  /** … and more than 100 MB could be reclaimed (failure-modes.md). */
  fragmentationMinFreeBytes: 100 * 1000 * 1000,
  /** etcd's own expected-duration for applies. */
  slowApplyMs: 100,
  /** etcd's wal.go warns above 1s. */
  slowFdatasyncMs: 1000,
  /** etcd-mixin: 4 or more leader changes in 15 minutes. */
  leaderChurnCount: 4,
  churnWindowMinutes: 15,
  /** kubelet's back-off reaches its 5-minute cap after about 5 restarts. */
  crashloopRestarts: 5,
  /** etcd-mixin: WAL fsync p99 over 0.5 s is a warning, over 1 s critical … */
  walFsyncP99WarningMs: 500,
  walFsyncP99CriticalMs: 1000,
  /** … and etcd maintainers: a healthy disk keeps it under 10 ms. */
  walFsyncP99HealthyMs: 10,
  /** etcd-mixin: backend commit p99 over 0.25 s. */
  backendCommitP99Ms: 250,
  /** etcd-mixin: peer round-trip p99 over 0.15 s. */
  peerRttP99Ms: 150,
  /** etcd-mixin: more than 95 % of the space quota in use. */
  quotaUseRatio: 0.95,
};

export const THRESHOLD_DOCS: Record<keyof Thresholds, string> = {
  fragmentationRatio: 'in-use / DB size below which a member is fragmented (Talos docs, etcd-mixin)',
  fragmentationMinFreeBytes: 'bytes that must be reclaimable for fragmentation to matter (100 MB)',
  slowApplyMs: "apply duration etcd itself calls slow (expected-duration, 100ms)",
  slowFdatasyncMs: 'fdatasync duration etcd warns about (1s)',
  leaderChurnCount: 'leader elections within the churn window that count as churn (etcd-mixin: 4)',
  churnWindowMinutes: 'the churn window (etcd-mixin: 15 minutes)',
  crashloopRestarts: 'restarts after which a container counts as crash-looping',
  walFsyncP99WarningMs: 'WAL fsync p99 (Prometheus) above which a member\'s disk is slow: warning (etcd-mixin: 500ms)',
  walFsyncP99CriticalMs: 'WAL fsync p99 (Prometheus) above which a slow disk is critical (etcd-mixin: 1s)',
  walFsyncP99HealthyMs: 'WAL fsync p99 a healthy disk stays under (etcd maintainers: 10ms)',
  backendCommitP99Ms: 'backend commit p99 (Prometheus) above which a member\'s disk is slow (etcd-mixin: 250ms)',
  peerRttP99Ms: 'peer round-trip p99 (Prometheus) above which etcd\'s network is slow (etcd-mixin: 150ms)',
  quotaUseRatio: 'DB size / space quota (Prometheus) above which a member is near its quota (etcd-mixin: 0.95)',
};
