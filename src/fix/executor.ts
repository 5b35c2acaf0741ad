// The step loop: preflight, plan, then one member at a time with checks after each step. Stops at
// the first surprise and says what was done and what was not. All cluster access goes through a
// DefragBackend, so live etcd, Talos and test fakes share this code path.
import type {
  Alarm, DefragBackend, DefragEvent, DefragReport, MemberReport, MemberState, Plan, PlannedMember, Sizes,
} from './model.js';
import { makePlan, memberLabel, preflight } from './plan.js';
import { ruleVars, type CompiledRule } from './rule.js';
import { describeSizes, formatBytes, formatMs } from './format.js';
import { FixError } from './errors.js';

export interface ExecuteOptions {
  rule: CompiledRule;
  /** Backend quota in bytes used by the rule and the NOSPACE disarm check. */
  dbQuota: number;
  /** Act; without it only the plan is made. */
  yes: boolean;
  moveLeader: boolean;
  /** How long to wait for a member to answer / catch up after its defrag, or for a leader move. */
  waitMs: number;
  pollMs?: number;
  onEvent?: (e: DefragEvent) => void | Promise<void>;
}

/** Thrown inside the loop at the first surprise; caught in runDefrag and turned into an abort. */
class Surprise extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sizes(m: MemberState): Sizes {
  return { dbSize: m.dbSize, dbSizeInUse: m.dbSizeInUse };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runDefrag(backend: DefragBackend, opts: ExecuteOptions): Promise<DefragReport> {
  const startedAt = new Date().toISOString();
  const emit = async (e: DefragEvent): Promise<void> => {
    await opts.onEvent?.(e);
  };
  const pollMs = opts.pollMs ?? 200;

  const report: DefragReport = {
    schemaVersion: 1,
    dryRun: !opts.yes,
    aborted: false,
    abortReason: null,
    members: [],
    raftTermBefore: null,
    raftTermAfter: null,
    leaderBefore: null,
    leaderAfter: null,
    hashKvConsistent: null,
    backend: backend.kind,
    rule: opts.rule.source,
    dbQuota: opts.dbQuota,
    leaderMoved: false,
    hashKvRevision: null,
    alarmsBefore: [],
    nospaceDisarmed: false,
    notes: [],
    startedAt,
    finishedAt: startedAt,
  };
  const finish = (): DefragReport => {
    report.finishedAt = new Date().toISOString();
    return report;
  };

  // ---- preflight -------------------------------------------------------------------------
  const members = await backend.statusAll();
  if (members.length > 0 && members.every((m) => !m.reachable)) {
    throw new FixError('unreachable', `no etcd member answered: ${members.map((m) => `${m.endpoint}: ${m.problem ?? 'no answer'}`).join('; ')}`);
  }
  const nameOf = (id: string): string => members.find((m) => m.id === id)?.name ?? id;

  let alarms: Alarm[] = [];
  const health = new Map<string, string>();
  let alarmProblem: string | undefined;
  if (members.every((m) => m.reachable)) {
    try {
      alarms = await backend.alarms();
    } catch (err) {
      alarmProblem = `could not list alarms: ${errorText(err)}`;
    }
    if (backend.checkHealth) {
      for (const m of members) {
        try {
          await backend.checkHealth(m.endpoint);
        } catch (err) {
          health.set(m.endpoint, errorText(err));
        }
      }
    }
  }
  report.alarmsBefore = alarms;
  await emit({ type: 'preflight', members, alarms });
  const nospace = alarms.some((a) => a.alarm === 'NOSPACE') || members.some((m) => m.errors.some((e) => /NOSPACE/.test(e)));

  const pf = preflight(members, alarms, health);
  const refusal = pf.ok ? alarmProblem : pf.reason;
  if (!pf.ok || refusal) {
    const reason = `preflight refused: ${refusal}`;
    report.aborted = true;
    report.abortReason = reason;
    report.members = members.map((m) => refusedMember(m, opts, nospace));
    await emit({ type: 'refused', reason });
    return finish();
  }

  const plan = makePlan(members, pf.leaderId, pf.raftTerm, { rule: opts.rule, dbQuota: opts.dbQuota, nospace, moveLeader: opts.moveLeader });
  report.raftTermBefore = pf.raftTerm;
  report.leaderBefore = nameOf(pf.leaderId);
  report.members = planRows(plan, opts.yes);
  await emit({ type: 'plan', plan });
  if (opts.moveLeader && plan.steps.some((s) => s.isLeader) && !plan.moveLeaderTo) {
    report.notes.push('--move-leader: no voting follower to hand leadership to; the leader is defragmented in place');
  }
  if (!opts.yes) {
    report.raftTermAfter = pf.raftTerm;
    report.leaderAfter = report.leaderBefore;
    return finish();
  }

  // ---- one member at a time ----------------------------------------------------------------
  const row = (id: string): MemberReport => report.members.find((r) => r.id === id) as MemberReport;
  let expectedLeader = pf.leaderId;
  let expectedTerm = pf.raftTerm;
  const endpointOf = (id: string): string => members.find((m) => m.id === id)?.endpoint ?? id;

  /** Every member answers and agrees with the expected leader and term. */
  const checkCluster = async (when: string): Promise<MemberState[]> => {
    const now = await backend.statusAll();
    for (const m of now) {
      if (!m.reachable) throw new Surprise(`${when}: member ${memberLabel(m)} stopped answering: ${m.problem ?? 'no answer'}`);
    }
    for (const m of now) {
      if (m.leaderId !== expectedLeader) {
        throw new Surprise(`${when}: member ${memberLabel(m)} reports leader ${nameOf(m.leaderId)} instead of ${nameOf(expectedLeader)} (leader changed)`);
      }
      if (m.raftTerm !== expectedTerm) {
        throw new Surprise(`${when}: member ${memberLabel(m)} is at raft term ${m.raftTerm}, expected ${expectedTerm} (an election happened)`);
      }
    }
    return now;
  };

  /** Polls until the member answers and has applied what the leader had applied when we started waiting. */
  const waitCaughtUp = async (m: MemberState): Promise<MemberState> => {
    const deadline = Date.now() + opts.waitMs;
    let target: number | undefined;
    let last = 'no answer';
    for (;;) {
      try {
        if (target === undefined) target = (await backend.status(endpointOf(expectedLeader))).raftAppliedIndex;
        const s = await backend.status(m.endpoint);
        if (s.raftAppliedIndex >= target) return s;
        last = `applied index ${s.raftAppliedIndex}, leader had ${target}`;
      } catch (err) {
        last = errorText(err);
      }
      if (Date.now() >= deadline) {
        throw new Surprise(`member ${memberLabel(m)} did not answer and catch up with the leader within ${formatMs(opts.waitMs)} after its defrag (${last})`);
      }
      await sleep(pollMs);
    }
  };

  let lastStatuses: MemberState[] = members;
  try {
    for (const [i, step] of plan.steps.entries()) {
      const order = i + 1;
      const m = step.member;
      lastStatuses = await checkCluster(`before defragmenting ${m.name}`);

      if (step.isLeader && plan.moveLeaderTo) {
        await moveLeadership(m, plan.moveLeaderTo);
        lastStatuses = await checkCluster(`after moving leadership off ${m.name}`);
      }

      const before = lastStatuses.find((s) => s.id === m.id) as MemberState;
      row(m.id).before = sizes(before);
      await emit({ type: 'defrag-start', order, member: before });
      const t0 = performance.now();
      try {
        await backend.defragment(m.endpoint);
      } catch (err) {
        const r = row(m.id);
        r.action = 'failed';
        r.tookMs = Math.round(performance.now() - t0);
        r.reason = `defragment failed: ${errorText(err)}`;
        throw new Surprise(`defragmenting ${memberLabel(m)} failed: ${errorText(err)}`);
      }
      const tookMs = Math.round(performance.now() - t0);
      const r = row(m.id);
      r.action = 'defragmented';
      r.tookMs = tookMs;
      r.reason = `${describeSizes(before)} before`;
      const caughtUp = await waitCaughtUp(m);
      r.after = sizes(caughtUp);
      r.reason = `${formatBytes(before.dbSize)} → ${formatBytes(caughtUp.dbSize)} in ${formatMs(tookMs)}`;
      lastStatuses = await checkCluster(`after defragmenting ${m.name}`);
      await emit({ type: 'defrag-done', order, member: caughtUp, before: sizes(before), after: sizes(caughtUp), tookMs });
    }

    // ---- proof: HashKV, then the NOSPACE alarm --------------------------------------------
    if (plan.steps.length > 0) await checkHashKv();
    if (nospace) await maybeDisarm();
  } catch (err) {
    // Whatever went wrong once the cluster was touched, the report must say what was done.
    report.aborted = true;
    report.abortReason = err instanceof Surprise ? err.message : `unexpected error: ${errorText(err)}`;
    for (const r of report.members) {
      if (r.action === 'pending') r.reason = `not done: run stopped (${r.reason})`;
    }
    await emit({ type: 'aborted', reason: report.abortReason });
  }

  try {
    const final = await backend.statusAll();
    const answering = final.filter((m) => m.reachable);
    const leader = answering.find((m) => m.id === m.leaderId);
    report.leaderAfter = leader ? leader.name : null;
    report.raftTermAfter = leader ? leader.raftTerm : answering.length > 0 ? Math.max(...answering.map((m) => m.raftTerm)) : null;
  } catch (err) {
    report.notes.push(`final status failed: ${errorText(err)}`);
  }
  return finish();

  async function moveLeadership(leader: MemberState, targetId: string): Promise<void> {
    try {
      await backend.moveLeader(leader.endpoint, targetId);
    } catch (err) {
      throw new Surprise(`moving leadership from ${leader.name} to ${nameOf(targetId)} failed: ${errorText(err)}`);
    }
    const deadline = Date.now() + opts.waitMs;
    for (;;) {
      const now = await backend.statusAll();
      const views = new Set(now.filter((s) => s.reachable).map((s) => s.leaderId));
      const newLeader = [...views][0];
      if (views.size === 1 && newLeader && newLeader !== '0' && newLeader !== leader.id && now.every((s) => s.reachable)) {
        const term = (now.find((s) => s.id === newLeader) as MemberState | undefined)?.raftTerm;
        if (term !== undefined) {
          if (backend.kind === 'etcd' && newLeader !== targetId) {
            report.notes.push(`leadership went to ${nameOf(newLeader)}, not ${nameOf(targetId)}`);
          }
          expectedLeader = newLeader;
          expectedTerm = term;
          report.leaderMoved = true;
          await emit({ type: 'leader-moved', from: leader.id, to: newLeader, term });
          return;
        }
      }
      if (Date.now() >= deadline) throw new Surprise(`leadership did not settle on a new leader within ${formatMs(opts.waitMs)} after moving it off ${leader.name}`);
      await sleep(pollMs);
    }
  }

  async function checkHashKv(): Promise<void> {
    // Hashes are comparable at one revision and one compact revision. The revision is the lowest
    // every member has applied; when that is the compaction point itself (etcd refuses HashKV there),
    // each member hashes its current revision and the answers count only if those revisions agree.
    let useCurrent = false;
    for (let attempt = 1; ; attempt++) {
      const now = await checkCluster('before HashKV');
      const revs = now.map((m) => m.revision);
      if (revs.some((r) => r === undefined)) {
        report.notes.push(`HashKV not checked: the ${backend.kind} backend does not expose revisions/HashKV`);
        return;
      }
      const asked = useCurrent ? 0 : Math.min(...(revs as number[]));
      const results = [];
      let compacted = false;
      for (const m of now) {
        let h;
        try {
          h = await backend.hashKv(m.endpoint, asked);
        } catch (err) {
          if (!useCurrent && /compacted/i.test(errorText(err))) {
            compacted = true;
            break;
          }
          throw new Surprise(`HashKV at revision ${asked || 'current'} on ${memberLabel(m)} failed: ${errorText(err)}`);
        }
        if (h === null) {
          report.notes.push(`HashKV not checked: the ${backend.kind} backend has no HashKV`);
          return;
        }
        results.push({ m, h });
      }
      if (compacted) {
        useCurrent = true;
        continue;
      }
      const compacts = new Set(results.map((x) => x.h.compactRevision));
      const hashedAt = new Set(results.map((x) => x.h.revision));
      if ((compacts.size > 1 || hashedAt.size > 1) && attempt < 5) {
        await sleep(pollMs * 5); // a write or compaction was in flight between the calls
        continue;
      }
      const revision = Math.max(...hashedAt);
      const hashes = Object.fromEntries(results.map((x) => [x.m.name, x.h.hash]));
      const consistent = new Set(results.map((x) => x.h.hash)).size === 1 && compacts.size === 1 && hashedAt.size === 1;
      report.hashKvRevision = revision;
      report.hashKvConsistent = consistent;
      await emit({ type: 'hashkv', revision, consistent, hashes });
      if (!consistent) {
        throw new Surprise(`HashKV differs between members: ${results.map((x) => `${x.m.name}=${x.h.hash} (revision ${x.h.revision}, compact ${x.h.compactRevision})`).join(', ')}`);
      }
      return;
    }
  }

  async function maybeDisarm(): Promise<void> {
    const now = await backend.statusAll();
    const over = now.filter((m) => !m.reachable || m.dbSize >= opts.dbQuota);
    if (over.length > 0) {
      const reason = `NOSPACE alarm left armed: ${over.map((m) => `${m.name} is ${formatBytes(m.dbSize)} (${m.dbSize} B)`).join(', ')}, not below the quota ${formatBytes(opts.dbQuota)} (${opts.dbQuota} B); delete or compact data, or raise --quota-backend-bytes`;
      report.notes.push(reason);
      await emit({ type: 'alarm-kept', reason });
      return;
    }
    const current = await backend.alarms();
    const nospaceAlarms = current.filter((a) => a.alarm === 'NOSPACE');
    for (const a of nospaceAlarms) await backend.disarm(a);
    const left = (await backend.alarms()).filter((a) => a.alarm === 'NOSPACE');
    if (left.length > 0) throw new Surprise(`NOSPACE alarm still raised after disarming (members ${left.map((a) => a.memberId).join(', ')})`);
    report.nospaceDisarmed = true;
    await emit({ type: 'disarmed', alarms: nospaceAlarms });
  }
}

/** Rows for a plan: selected members pending in order, the rest skipped. */
function planRows(plan: Plan, yes: boolean): MemberReport[] {
  const row = (p: PlannedMember, order: number | null): MemberReport => ({
    name: p.member.name,
    id: p.member.id,
    endpoint: p.member.endpoint,
    wasLeader: p.isLeader,
    order,
    action: order === null ? 'skipped' : 'pending',
    reason: order === null ? p.reason : yes ? p.reason : `would defragment: ${p.reason}`,
    before: sizes(p.member),
    after: null,
    tookMs: null,
  });
  return [...plan.steps.map((p, i) => row(p, i + 1)), ...plan.skipped.map((p) => row(p, null))];
}

/** Rows when preflight refused: nothing was touched. */
function refusedMember(m: MemberState, opts: ExecuteOptions, nospace: boolean): MemberReport {
  const wouldSelect = m.reachable && opts.rule.test(ruleVars(m, opts.dbQuota, nospace, m.id === m.leaderId));
  return {
    name: m.name,
    id: m.id,
    endpoint: m.endpoint,
    wasLeader: m.reachable && m.id === m.leaderId,
    order: null,
    action: wouldSelect ? 'pending' : 'skipped',
    reason: !m.reachable ? `not done: ${m.problem ?? 'unreachable'}` : `not done: preflight refused (${describeSizes(m)})`,
    before: m.reachable ? sizes(m) : null,
    after: null,
    tookMs: null,
  };
}
