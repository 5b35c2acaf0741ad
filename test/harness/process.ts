// Process checks shared by the test harnesses (etcd, Prometheus).
import { readFileSync } from 'node:fs';

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
