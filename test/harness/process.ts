// Process checks shared by the test harnesses (etcd, Prometheus).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True while pid runs (a zombie, dead but not yet reaped, counts as gone). */
export function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGCONT first, so a frozen (SIGSTOPped) process dies too. */
export function killHard(pid: number): void {
  if (!pid) return;
  for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Cleans up after test processes that died without doing so (SIGKILL, OOM, timeout): every temp
 * folder starting with `prefix` whose owner.json names a dead owner has its processes killed (those
 * whose command line mentions the folder) and is removed.
 */
export function reapOrphanRoots(prefix: string): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(prefix));
  } catch {
    return;
  }
  for (const e of entries) {
    const root = join(tmpdir(), e);
    let owner: { ownerPid: number; pids?: number[]; pid?: number } | undefined;
    try {
      owner = JSON.parse(readFileSync(join(root, 'owner.json'), 'utf8'));
    } catch {
      continue; // being created right now, or not ours
    }
    if (!owner || alive(owner.ownerPid)) continue;
    for (const pid of [...(owner.pids ?? []), ...(owner.pid ? [owner.pid] : [])]) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root)) killHard(pid);
      } catch {
        /* gone */
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}
