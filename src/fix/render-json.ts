// `fix etcd-defrag -o json`: the contract's keys first, in the contract's order, then extensions.
import type { DefragReport } from './model.js';

export function renderJson(r: DefragReport): string {
  const ordered = {
    schemaVersion: r.schemaVersion,
    dryRun: r.dryRun,
    aborted: r.aborted,
    abortReason: r.abortReason,
    members: r.members.map((m) => ({
      name: m.name,
      id: m.id,
      endpoint: m.endpoint,
      wasLeader: m.wasLeader,
      order: m.order,
      action: m.action,
      reason: m.reason,
      before: m.before,
      after: m.after,
      tookMs: m.tookMs,
    })),
    raftTermBefore: r.raftTermBefore,
    raftTermAfter: r.raftTermAfter,
    leaderBefore: r.leaderBefore,
    leaderAfter: r.leaderAfter,
    hashKvConsistent: r.hashKvConsistent,
    backend: r.backend,
    rule: r.rule,
    dbQuota: r.dbQuota,
    leaderMoved: r.leaderMoved,
    hashKvRevision: r.hashKvRevision,
    alarmsBefore: r.alarmsBefore,
    nospaceDisarmed: r.nospaceDisarmed,
    notes: r.notes,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
