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
};

export const THRESHOLD_DOCS: Record<keyof Thresholds, string> = {
  fragmentationRatio: 'in-use / DB size below which a member is fragmented (Talos docs, etcd-mixin)',
  fragmentationMinFreeBytes: 'bytes that must be reclaimable for fragmentation to matter (100 MB)',
  slowApplyMs: "apply duration etcd itself calls slow (expected-duration, 100ms)",
  slowFdatasyncMs: 'fdatasync duration etcd warns about (1s)',
  leaderChurnCount: 'leader elections within the churn window that count as churn (etcd-mixin: 4)',
  churnWindowMinutes: 'the churn window (etcd-mixin: 15 minutes)',
  crashloopRestarts: 'restarts after which a container counts as crash-looping',
};
