// Workloads known to keep a disk busy, by process command (or pod name). Data for etcd-disk-contention.
export interface IoHeavyKind {
  pattern: RegExp;
  what: string;
}

export const IO_HEAVY: IoHeavyKind[] = [
  { pattern: /^ceph-osd$|rook-ceph-osd/, what: 'Ceph OSD' },
  { pattern: /^ceph-mon$|rook-ceph-mon/, what: 'Ceph monitor' },
  { pattern: /^prometheus$|^vmstorage|^victoria-metrics|vmstorage|victoria-metrics|^thanos|^mimir|^loki$|^cortex/, what: 'metrics/log TSDB' },
  { pattern: /^frigate$|^ffmpeg$|^go2rtc$|^zmc$|^zma$|^motion$|^shinobi/, what: 'video recorder' },
  { pattern: /^postgres$|^postmaster$|^mysqld$|^mariadbd$|^mongod$|^clickhouse|^influxd$|^cassandra|^elasticsearch|^opensearch|^redis-server$/, what: 'database' },
  { pattern: /^minio$|^seaweedfs|^garage$/, what: 'object store' },
  { pattern: /^restic$|^kopia$|^velero$|^rclone$|^borg$|^volsync|^rsync$/, what: 'backup / sync' },
  { pattern: /^longhorn-(engine|instance-manager)|^tgtd$/, what: 'replicated block storage' },
  { pattern: /^qbittorrent|^transmission-daemon|^sabnzbd/, what: 'downloader' },
];

export function ioHeavyKind(command: string): IoHeavyKind | undefined {
  const base = command.split('/').pop() ?? command;
  return IO_HEAVY.find((k) => k.pattern.test(base));
}
