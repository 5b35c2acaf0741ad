// --session FILE: each step of the defrag goes into the debug-session document as Evidence, and
// Resolution.fix / Resolution.verification get the outcome, the way the reference incident was
// written by hand. The file is rewritten after every event, so a crash leaves what happened so far.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  appendEvidence,
  parseSession,
  sectionValue,
  setResolution,
  touchUpdated,
  writeSession,
  type SessionDocument,
} from '../session/index.js';
import type { DefragEvent, DefragReport } from './model.js';
import { FixError } from './errors.js';
import { memberLabel } from './plan.js';
import { describeSizes, formatBytes, formatMs } from './format.js';

export class SessionRecorder {
  private doc: SessionDocument;
  private names = new Map<string, string>();

  /** `command` is how the run was invoked (cited in every Evidence item). */
  constructor(private readonly path: string, private readonly command: string, private readonly source: string) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new FixError('usage', `--session: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    this.doc = parseSession(text);
  }

  private evidence(checked: string, found: string, implication: string): void {
    const now = new Date();
    this.doc = appendEvidence(this.doc, { timestamp: now, checked, found, implication }).doc;
    this.doc = touchUpdated(this.doc, now).doc;
    this.save();
  }

  private save(): void {
    const tmp = `${this.path}.kubesleuth-tmp`;
    writeFileSync(tmp, writeSession(this.doc));
    renameSync(tmp, this.path);
  }

  private name(id: string): string {
    return this.names.get(id) ?? id;
  }

  onEvent(e: DefragEvent): void {
    switch (e.type) {
      case 'preflight':
        for (const m of e.members) this.names.set(m.id, m.name);
        return;
      case 'refused':
        this.evidence(`${this.command} preflight (${this.source} status, health and alarms of every member)`, e.reason, 'refused, nothing was defragmented; resolve this first');
        return;
      case 'plan': {
        const p = e.plan;
        const order = p.steps.map((s) => `${s.member.name}${s.isLeader ? ' (leader)' : ''}`).join(' → ') || 'none';
        const sizes = [...p.steps, ...p.skipped].map((s) => `${s.member.name} ${describeSizes(s.member)}`).join('; ');
        this.evidence(
          `${this.command} plan (${this.source} status of every member)`,
          `leader ${this.name(p.leaderId)}, raft term ${p.raftTerm}; ${sizes}`,
          `planned order ${order}${p.moveLeaderTo ? `; leadership to ${this.name(p.moveLeaderTo)} before the leader's defrag` : ''}`,
        );
        return;
      }
      case 'leader-moved':
        this.evidence(`${this.command} — move leadership (${this.source})`, `leader ${this.name(e.from)} → ${this.name(e.to)}, raft term now ${e.term}`, 'leader moved on purpose; the old leader is defragmented as a follower');
        return;
      case 'defrag-start':
        return;
      case 'defrag-done':
        this.evidence(
          `${this.command} — step ${e.order}, defragment ${memberLabel(e.member)} via ${this.source}`,
          `${formatBytes(e.before.dbSize)} → ${formatBytes(e.after.dbSize)} (${formatBytes(e.after.dbSizeInUse)} in use) in ${formatMs(e.tookMs)}; caught up with the leader; leader and raft term unchanged`,
          `${e.member.name} no longer fragmented`,
        );
        return;
      case 'aborted':
        this.evidence(`${this.command} (${this.source})`, `run stopped — ${e.reason}`, 'partial fix; the members defragmented before the stop are listed above');
        return;
      case 'hashkv':
        this.evidence(
          `${this.command} — HashKV at revision ${e.revision} on every member (${this.source})`,
          Object.entries(e.hashes).map(([n, h]) => `${n}=${h}`).join(', '),
          e.consistent ? 'keyspace identical on every member after defragmentation' : 'members DIFFER, possible data inconsistency',
        );
        return;
      case 'disarmed':
        this.evidence(`${this.command} — disarm NOSPACE (${this.source})`, `disarmed ${e.alarms.map((a) => `${a.alarm} on ${this.name(a.memberId)}`).join(', ')}`, 'writes accepted again');
        return;
      case 'alarm-kept':
        this.evidence(`${this.command} — NOSPACE alarm (${this.source})`, e.reason, 'writes stay refused until space is below the quota');
        return;
    }
  }

  /** Resolution.fix and .verification, appended to what a person already wrote there. */
  finish(r: DefragReport): void {
    if (r.dryRun) return;
    const done = r.members.filter((m) => m.action === 'defragmented');
    const stamp = r.finishedAt.replace(/\.\d+Z$/, 'Z');
    const fix = [
      `${r.aborted ? 'PARTIAL' : 'COMPLETED'}: ${this.command} (${stamp})`,
      ...done.map((m) => `  - ${m.name} (${m.endpoint})${m.wasLeader ? ' [leader]' : ''}: ${formatBytes(m.before?.dbSize ?? 0)} → ${formatBytes(m.after?.dbSize ?? 0)} in ${formatMs(m.tookMs ?? 0)}`),
      ...r.members.filter((m) => m.action === 'pending' || m.action === 'failed').map((m) => `  - ${m.name}: NOT DONE (${m.reason})`),
      ...(r.aborted ? [`  stopped: ${r.abortReason}`] : []),
    ].join('\n');
    const check = (ok: boolean | null, text: string): string => `${ok === null ? '⚠️' : ok ? '✅' : '❌'} ${text}`;
    const termSame = r.raftTermBefore !== null && r.raftTermBefore === r.raftTermAfter;
    const verification = [
      check(!r.aborted, r.aborted ? `run stopped: ${r.abortReason}` : `${done.length} member(s) defragmented one at a time, leader last`),
      check(r.leaderMoved ? true : termSame, r.leaderMoved
        ? `leadership moved on purpose: ${r.leaderBefore} → ${r.leaderAfter}, raft term ${r.raftTermBefore} → ${r.raftTermAfter}`
        : `raft term ${r.raftTermBefore} → ${r.raftTermAfter}, leader ${r.leaderBefore} → ${r.leaderAfter}`),
      check(r.hashKvConsistent, r.hashKvConsistent === null ? 'HashKV not checked' : `HashKV at revision ${r.hashKvRevision} ${r.hashKvConsistent ? 'identical on every member' : 'DIFFERS between members'}`),
      ...(r.alarmsBefore.some((a) => a.alarm === 'NOSPACE') ? [check(r.nospaceDisarmed, r.nospaceDisarmed ? 'NOSPACE alarm disarmed' : 'NOSPACE alarm still armed')] : []),
    ].join('\n');
    const join = (old: string | undefined, add: string): string => (old && old.trim() !== '' ? `${old.replace(/\s+$/, '')}\n\n${add}` : add);
    this.doc = setResolution(this.doc, {
      fix: join(sectionValue(this.doc, 'Resolution', 'fix'), fix),
      verification: join(sectionValue(this.doc, 'Resolution', 'verification'), verification),
    }).doc;
    this.doc = touchUpdated(this.doc, new Date()).doc;
    this.save();
  }
}
