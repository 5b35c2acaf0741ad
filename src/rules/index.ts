// Every rule, one import per rule file (test/meta checks that this list and the rule folders agree).
import type { Rule } from '../types.js';
import apiserverCertExpired from './apiserver/cert-expired.js';
import apiserverEtcdTimeouts from './apiserver/etcd-timeouts.js';
import apiserverWebhookTimeout from './apiserver/webhook-timeout.js';
import controlPlaneCrashloop from './control-plane/crashloop.js';
import etcdClockDrift from './etcd/clock-drift.js';
import etcdDbFragmentation from './etcd/db-fragmentation.js';
import etcdDiskContention from './etcd/disk-contention.js';
import etcdLeaderChurn from './etcd/leader-churn.js';
import etcdMemberDown from './etcd/member-down.js';
import etcdNetworkLatency from './etcd/network-latency.js';
import etcdQuotaExceeded from './etcd/quota-exceeded.js';
import etcdSlowDisk from './etcd/slow-disk.js';
import etcdSlowLeader from './etcd/slow-leader.js';
import kubeletExecProbeTimeouts from './kubelet/exec-probe-timeouts.js';
import kubeletFsgroupRecursiveChown from './kubelet/fsgroup-recursive-chown.js';
import kubeletImagePullFailure from './kubelet/image-pull-failure.js';
import kubeletPlegUnhealthy from './kubelet/pleg-unhealthy.js';
import kubeletSaTokenFetchTimeout from './kubelet/sa-token-fetch-timeout.js';
import nodeCniFailure from './node/cni-failure.js';
import nodeContainerdFailure from './node/containerd-failure.js';
import nodeCsiFailure from './node/csi-failure.js';
import nodeDnsFailure from './node/dns-failure.js';
import nodeNodePressure from './node/node-pressure.js';
import nodeOomKilled from './node/oom-killed.js';
import symptomApiserverUnavailable from './symptom/apiserver-unavailable.js';
import symptomMetricsUnavailable from './symptom/metrics-unavailable.js';
import symptomNodeNotReady from './symptom/node-not-ready.js';
import symptomPodCrashloop from './symptom/pod-crashloop.js';
import symptomPodStuckContainercreating from './symptom/pod-stuck-containercreating.js';

export const RULES: readonly Rule[] = [
  apiserverCertExpired,
  apiserverEtcdTimeouts,
  apiserverWebhookTimeout,
  controlPlaneCrashloop,
  etcdClockDrift,
  etcdDbFragmentation,
  etcdDiskContention,
  etcdLeaderChurn,
  etcdMemberDown,
  etcdNetworkLatency,
  etcdQuotaExceeded,
  etcdSlowDisk,
  etcdSlowLeader,
  kubeletExecProbeTimeouts,
  kubeletFsgroupRecursiveChown,
  kubeletImagePullFailure,
  kubeletPlegUnhealthy,
  kubeletSaTokenFetchTimeout,
  nodeCniFailure,
  nodeContainerdFailure,
  nodeCsiFailure,
  nodeDnsFailure,
  nodeNodePressure,
  nodeOomKilled,
  symptomApiserverUnavailable,
  symptomMetricsUnavailable,
  symptomNodeNotReady,
  symptomPodCrashloop,
  symptomPodStuckContainercreating,
];
